import { parentPort, workerData } from 'node:worker_threads'
import { dispatch } from '../core/dispatch'
import type { ArchiveWorkerRequest, ArchiveWorkerReply } from './archiveWorkerClient'
import { openArchive, type OpenArchiveOptions } from './openArchive'

// The archive service in a thread of its own: SQLite, file I/O, citeproc and extraction never hold
// up the Electron main process, which only passes envelopes between the window and this thread.
const port = parentPort!
const api = openArchive(workerData as OpenArchiveOptions)
port.on('message', async ({ id, method, arg }: ArchiveWorkerRequest) => {
  const reply: ArchiveWorkerReply = { id, envelope: await dispatch(api, method, arg) }
  port.postMessage(reply)
})
