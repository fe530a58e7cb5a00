import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { ArchiveError } from '../core/archiveError'

/** What a bounded worker posts: 'ready' once its libraries are loaded, then one reply per job. */
export type WorkerReply<T> = 'ready' | { ok: true; value: T } | { ok: false; error: { code: ArchiveError['code']; message: string } }

export interface BoundedWorkerOptions {
  /** The built worker's file name (a build entry of its own, see electron.vite.config.ts). */
  file: string
  /** How long one job may take once the worker is ready; the worker is stopped after it. */
  timeLimitMs: number
  /** The worker's heap; a job that needs more stops it. */
  memoryLimitMb: number
  /** Said when the built worker cannot be found. */
  missing: string
  /** Said when the worker exits in the middle of a job. */
  stopped: string
}

/** The sentences a job is refused with, in the words of what it is. */
export interface JobSentences {
  /** Past the time limit. */
  tooSlow: string
  /** Past the memory cap. */
  tooLarge: string
  /** Any other failure of the worker. */
  failed: (error: Error) => ArchiveError
}

export interface BoundedWorker<T> {
  /** Posts the message to the worker when the jobs before it are done, and gives the worker's reply. */
  run(message: unknown, sentences: JobSentences): Promise<T>
  /** Starts the worker ahead of the first job, for a long-running app or server; it keeps no process alive. */
  warm(): void
}

/**
 * The built worker from wherever this module runs: out/main/ (or a chunk folder below it) when built,
 * electron/node/ in tests, which use the build's copy. A worker cannot run TypeScript.
 */
function findWorkerFile(file: string): string | undefined {
  for (let folder = dirname(fileURLToPath(import.meta.url)); ; folder = dirname(folder)) {
    for (const candidate of [join(folder, file), join(folder, 'out', 'main', file)]) if (existsSync(candidate)) return candidate
    if (dirname(folder) === folder) return undefined
  }
}

interface Job<T> {
  message: unknown
  sentences: JobSentences
  resolve: (value: T) => void
  reject: (error: Error) => void
}

/**
 * One worker thread that does one job at a time, so that hostile input costs the worker, never the
 * caller: past the time limit or the memory cap the worker is stopped and the job refused in its own
 * words. The worker is kept for the next job (its libraries take long to load), and restarted after
 * a crash; while idle it keeps no process alive.
 */
export function boundedWorker<T>({ file, timeLimitMs, memoryLimitMb, missing, stopped }: BoundedWorkerOptions): BoundedWorker<T> {
  const queue: Job<T>[] = []
  let worker: Worker | undefined
  // The clock starts once the worker has loaded its libraries, which takes seconds on a busy machine.
  let ready = false
  let current: { job: Job<T>; timer?: ReturnType<typeof setTimeout> } | undefined

  function startWorker(): Worker {
    const found = findWorkerFile(file)
    if (!found) throw new ArchiveError('internal', missing)
    const started = new Worker(found, { resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb, maxYoungGenerationSizeMb: 32 } })
    ready = false
    // Once stopped, a worker's last words are for no one.
    started.on('message', (reply: WorkerReply<T>) => {
      if (worker !== started) return
      if (reply === 'ready') {
        ready = true
        if (current) send()
        return
      }
      const job = finish()
      if (!job) return
      if (reply.ok) job.resolve(reply.value)
      else job.reject(new ArchiveError(reply.error.code, reply.error.message))
    })
    started.on('error', (error: Error & { code?: string }) => {
      if (worker !== started) return
      stop(started)
      const job = finish()
      job?.reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new ArchiveError('unsupported_file', job.sentences.tooLarge) : job.sentences.failed(error))
    })
    started.on('exit', () => {
      if (worker !== started) return
      worker = undefined
      finish()?.reject(new ArchiveError('internal', stopped))
    })
    return started
  }

  function stop(target: Worker): void {
    if (worker === target) worker = undefined
    void target.terminate()
  }

  /** Ends the current job and starts the next; returns the job that ended. */
  function finish(): Job<T> | undefined {
    const ended = current
    current = undefined
    if (ended?.timer) clearTimeout(ended.timer)
    queueMicrotask(next)
    return ended?.job
  }

  function next(): void {
    if (current) return
    const job = queue.shift()
    if (!job) {
      worker?.unref()
      return
    }
    try {
      worker ??= startWorker()
    } catch (error) {
      job.reject(error as Error)
      return next()
    }
    worker.ref()
    current = { job }
    if (ready) send()
  }

  /** Hands the current job to the ready worker, and starts its clock. */
  function send(): void {
    const running = worker!
    const active = current!
    active.timer = setTimeout(() => {
      stop(running)
      finish()?.reject(new ArchiveError('unsupported_file', active.job.sentences.tooSlow))
    }, timeLimitMs)
    running.postMessage(active.job.message)
  }

  return {
    run: (message, sentences) =>
      new Promise<T>((resolve, reject) => {
        queue.push({ message, sentences, resolve, reject })
        next()
      }),
    warm(): void {
      if (worker) return
      try {
        worker = startWorker()
        if (!current) worker.unref()
      } catch {
        // Said when a job needs it.
      }
    },
  }
}
