import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { ArchiveError } from '../../core/archiveError'
import type { ExtractPdf, PdfExtraction } from '../../core/pdf/pdfExtraction'
import type { PdfExtractionReply } from './extractPdfWorker'

export interface PdfExtractionOptions {
  /** How long one PDF may take, the worker's start included; the worker is stopped after it. */
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

/**
 * Reads each PDF in a worker thread of its own, so that a hostile or broken file costs that worker,
 * never the caller: past the time limit or the memory cap the worker is stopped and the PDF refused
 * in words. A worker per PDF keeps no parser state from one file to the next.
 */
export function extractPdfInWorker({ timeLimitMs = PDF_TIME_LIMIT_MS, memoryLimitMb = PDF_MEMORY_LIMIT_MB }: PdfExtractionOptions = {}): ExtractPdf {
  return ({ name, bytes }) =>
    new Promise<PdfExtraction>((resolve, reject) => {
      const file = findWorkerFile()
      if (!file) return reject(new ArchiveError('internal', 'The PDF reader is missing: run npm run build.'))
      const worker = new Worker(file, { resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb, maxYoungGenerationSizeMb: 32 } })
      let settled = false
      const settle = (outcome: () => void) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        void worker.terminate()
        outcome()
      }
      const timer = setTimeout(() => settle(() => reject(new ArchiveError('unsupported_file', `${name} took longer than ${timeLimitMs / 1000} s to read and was stopped; nothing was added.`))), timeLimitMs)
      worker.on('message', (reply: PdfExtractionReply) => settle(() => (reply.ok ? resolve(reply.value) : reject(new ArchiveError(reply.error.code, reply.error.message)))))
      worker.on('error', (error: Error & { code?: string }) =>
        settle(() =>
          reject(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new ArchiveError('unsupported_file', `${name} needed more than ${memoryLimitMb} MB to read and was stopped; nothing was added.`)
              : new ArchiveError('unsupported_file', `${name} cannot be read as a PDF: ${error.message}`),
          ),
        ),
      )
      worker.on('exit', () => settle(() => reject(new ArchiveError('internal', `The PDF reader stopped unexpectedly while reading ${name}.`))))
      worker.postMessage({ name, bytes })
    })
}
