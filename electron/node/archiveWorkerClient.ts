import { Worker } from 'node:worker_threads'
import type { Envelope } from '../core/archiveApi'
import { failure } from '../core/dispatch'
import type { OpenArchiveOptions } from './openArchive'
import { logEvent } from './log/logEvent'

export interface ArchiveWorkerRequest {
  id: number
  method: string
  arg: unknown
}

export interface ArchiveWorkerReply {
  id: number
  envelope: Envelope<unknown>
}

export interface ArchiveWorker {
  /** dispatch() in the worker: the same envelope Electron IPC and the HTTP bridge carry. */
  call(method: string, arg: unknown): Promise<Envelope<unknown>>
  close(): Promise<void>
}

/**
 * Runs the archive service (archiveWorker.js, built beside the main bundle) in a worker thread. A
 * worker that dies answers its open calls with a sentence and is started again for the next one.
 */
export function startArchiveWorker(workerFile: string, options: Omit<OpenArchiveOptions, 'onWaiting'>): ArchiveWorker {
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>()
  let next = 0
  let worker: Worker | null = null
  let closing = false

  function start(): Worker {
    const started = new Worker(workerFile, { workerData: options })
    started.on('message', ({ id, envelope }: ArchiveWorkerReply) => {
      pending.get(id)?.(envelope)
      pending.delete(id)
    })
    started.on('error', () => {})
    started.on('exit', (exitCode) => {
      if (worker === started) worker = null
      if (closing) return
      logEvent({ event: 'archive-worker-exit', exitCode, pendingCalls: pending.size })
      for (const answer of pending.values()) answer(failure('internal', 'The archive stopped unexpectedly while answering; Scriptorium started it again. Try once more.'))
      pending.clear()
    })
    return started
  }

  return {
    call(method, arg) {
      worker ??= start()
      const id = next++
      const answered = new Promise<Envelope<unknown>>((resolve) => pending.set(id, resolve))
      worker.postMessage({ id, method, arg } satisfies ArchiveWorkerRequest)
      return answered
    },
    async close() {
      closing = true
      await worker?.terminate()
      worker = null
    },
  }
}
