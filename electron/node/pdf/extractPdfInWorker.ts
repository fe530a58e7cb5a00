import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { ArchiveError } from '../../core/archiveError'
import type { ExtractPdf, PdfExtraction, PdfFile } from '../../core/pdf/pdfExtraction'
import type { PdfExtractionReply } from './extractPdfWorker'

export interface PdfExtractionOptions {
  /** How long one PDF may take once the worker is ready; the worker is stopped after it. */
  timeLimitMs?: number
  /** The worker's heap; a PDF that needs more is stopped. */
  memoryLimitMb?: number
}

export const PDF_TIME_LIMIT_MS = 30_000
export const PDF_MEMORY_LIMIT_MB = 512

const WORKER_FILE = 'extractPdfWorker.js'

/** The built worker: out/main/ when built, found from electron/node/pdf/ in tests, which use the build's copy. */
function findWorkerFile(): string | undefined {
  for (let folder = dirname(fileURLToPath(import.meta.url)); ; folder = dirname(folder)) {
    for (const candidate of [join(folder, WORKER_FILE), join(folder, 'out', 'main', WORKER_FILE)]) if (existsSync(candidate)) return candidate
    if (dirname(folder) === folder) return undefined
  }
}

interface Job {
  pdf: PdfFile
  resolve: (value: PdfExtraction) => void
  reject: (error: Error) => void
}

/**
 * Reads PDFs in a worker thread, one at a time, so that a hostile or broken file costs the worker,
 * never the caller: past the time limit or the memory cap the worker is stopped and the PDF refused
 * in words. The worker is kept for the next PDF (pdf.js takes long to load), and keeps no process alive.
 */
export function extractPdfInWorker({ timeLimitMs = PDF_TIME_LIMIT_MS, memoryLimitMb = PDF_MEMORY_LIMIT_MB }: PdfExtractionOptions = {}): ExtractPdf {
  const queue: Job[] = []
  let worker: Worker | undefined
  let ready = false
  let current: { job: Job; timer?: ReturnType<typeof setTimeout> } | undefined

  function startWorker(): Worker {
    const file = findWorkerFile()
    if (!file) throw new ArchiveError('internal', 'The PDF reader is missing: run npm run build.')
    const started = new Worker(file, { resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb, maxYoungGenerationSizeMb: 32 } })
    ready = false
    // Once stopped, a worker's last words are for no one.
    started.on('message', (reply: PdfExtractionReply) => {
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
          ? new ArchiveError('unsupported_file', `${job.pdf.name} needed more than ${memoryLimitMb} MB to read and was stopped; nothing was added.`)
          : new ArchiveError('unsupported_file', `${job.pdf.name} cannot be read as a PDF: ${error.message}`),
      )
    })
    started.on('exit', () => {
      if (worker !== started) return
      worker = undefined
      finish()?.reject(new ArchiveError('internal', 'The PDF reader stopped unexpectedly.'))
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

  /** Hands the current PDF to the ready worker, and starts its clock. */
  function send(): void {
    const running = worker!
    const active = current!
    active.timer = setTimeout(() => {
      stop(running)
      finish()?.reject(new ArchiveError('unsupported_file', `${active.job.pdf.name} took longer than ${timeLimitMs / 1000} s to read and was stopped; nothing was added.`))
    }, timeLimitMs)
    running.postMessage(active.job.pdf)
  }

  return (pdf) =>
    new Promise<PdfExtraction>((resolve, reject) => {
      queue.push({ pdf, resolve, reject })
      next()
    })
}
