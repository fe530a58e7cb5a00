import { parentPort, workerData } from 'node:worker_threads'
import type { ArchiveApi } from '../core/archiveApi'
import { dispatch } from '../core/dispatch'
import type { ArchiveWorkerRequest, ArchiveWorkerReply } from './archiveWorkerClient'
import { startLogging } from './log/startLogging'
import { openArchive, type OpenArchiveOptions } from './openArchive'

// The archive service in a thread of its own: SQLite, file I/O, citeproc and extraction never hold
// up the Electron main process, which only passes envelopes between the window and this thread.
const port = parentPort!
const options = workerData as OpenArchiveOptions
// This thread logs to the app's log folder itself: lock waits and slow calls happen here.
const ready: Promise<ArchiveApi> = (options.logFolder ? startLogging({ folder: options.logFolder, process: 'archive-worker' }) : Promise.resolve()).then(() => openArchive(options))
port.on('message', async ({ id, method, arg }: ArchiveWorkerRequest) => {
  const reply: ArchiveWorkerReply = { id, envelope: await dispatch(await ready, method, arg) }
  port.postMessage(reply)
})
