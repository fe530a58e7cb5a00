import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { ArchiveError } from '../core/archiveError'
import type { PageLimits } from '../core/capture/checkPageComplexity'
import type { ExtractArticle, ExtractedArticle, PageBytes } from '../core/capture/extractHtmlArticle'
import type { ExtractionReply } from './extractArticleWorker'

export interface WorkerExtractionOptions {
  /** How long one page may take; the worker is stopped after it. */
  timeLimitMs?: number
  /** The worker's heap; a page that needs more is stopped. */
  memoryLimitMb?: number
  /** The pre-check's limits (see checkPageComplexity); tests lift them to reach the time limit. */
  limits?: PageLimits
}

export const EXTRACTION_TIME_LIMIT_MS = 10_000
export const EXTRACTION_MEMORY_LIMIT_MB = 512

const WORKER_FILE = 'extractArticleWorker.js'

/**
 * The built worker from wherever this module runs: out/main/ (or a chunk folder below it) when built,
 * electron/node/ in tests, which use the build's copy. A worker cannot run TypeScript.
 */
function findWorkerFile(): string | undefined {
  for (let folder = dirname(fileURLToPath(import.meta.url)); ; folder = dirname(folder)) {
    for (const candidate of [join(folder, WORKER_FILE), join(folder, 'out', 'main', WORKER_FILE)]) if (existsSync(candidate)) return candidate
    if (dirname(folder) === folder) return undefined
  }
}

interface Job {
  page: PageBytes
  resolve: (value: ExtractedArticle) => void
  reject: (error: Error) => void
}

/**
 * Extracts pages in a worker thread, one at a time, so that a hostile page costs the worker, never
 * the main thread: a page that runs past the time limit or the memory cap stops the worker, and is
 * refused in words. The worker is kept for the next page, and does not keep the process alive.
 */
export function extractArticleInWorker({ timeLimitMs = EXTRACTION_TIME_LIMIT_MS, memoryLimitMb = EXTRACTION_MEMORY_LIMIT_MB, limits }: WorkerExtractionOptions = {}): ExtractArticle & { warm(): void } {
  const queue: Job[] = []
  let worker: Worker | undefined
  // The clock starts once the worker has loaded its libraries, which takes seconds on a busy machine.
  let ready = false
  let current: { job: Job; timer?: ReturnType<typeof setTimeout> } | undefined

  function startWorker(): Worker {
    const file = findWorkerFile()
    if (!file) throw new ArchiveError('internal', 'The page extractor is missing: run npm run build.')
    const started = new Worker(file, { resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb, maxYoungGenerationSizeMb: 32 } })
    ready = false
    // Once stopped, a worker's last words are for no one.
    started.on('message', (reply: ExtractionReply) => {
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
      job?.reject(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new ArchiveError('unsupported_file', `${job.page.name} needed more than ${memoryLimitMb} MB to extract and was stopped.`)
          : new ArchiveError('internal', `${job.page.name} could not be extracted: ${error.message}`),
      )
    })
    started.on('exit', () => {
      if (worker !== started) return
      worker = undefined
      finish()?.reject(new ArchiveError('internal', 'The page extractor stopped unexpectedly.'))
    })
    return started
  }

  function stop(target: Worker): void {
    if (worker === target) worker = undefined
    void target.terminate()
  }

  /** Ends the current job and starts the next; returns the job that ended. */
  function finish(): Job | undefined {
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

  /** Hands the current page to the ready worker, and starts its clock. */
  function send(): void {
    const running = worker!
    const active = current!
    active.timer = setTimeout(() => {
      stop(running)
      finish()?.reject(new ArchiveError('unsupported_file', `${active.job.page.name} took longer than ${timeLimitMs / 1000} s to extract and was stopped.`))
    }, timeLimitMs)
    running.postMessage({ page: active.job.page, limits })
  }

  const extract: ExtractArticle = (page) =>
    new Promise<ExtractedArticle>((resolve, reject) => {
      queue.push({ page, resolve, reject })
      next()
    })
  return Object.assign(extract, {
    /** Starts the worker ahead of the first page, for a long-running app or server; it keeps no process alive. */
    warm(): void {
      if (worker) return
      try {
        worker = startWorker()
        if (!current) worker.unref()
      } catch {
        // Said when a page needs it.
      }
    },
  })
}
