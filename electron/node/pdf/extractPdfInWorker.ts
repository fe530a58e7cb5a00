import { ArchiveError } from '../../core/archiveError'
import type { ExtractPdf, PdfExtraction } from '../../core/pdf/pdfExtraction'
import { boundedWorker } from '../boundedWorker'

export interface PdfExtractionOptions {
  /** How long one PDF may take once the worker is ready; the worker is stopped after it. */
  timeLimitMs?: number
  /** The worker's heap; a PDF that needs more is stopped. */
  memoryLimitMb?: number
}

export const PDF_TIME_LIMIT_MS = 30_000
export const PDF_MEMORY_LIMIT_MB = 512

/**
 * Reads PDFs in a bounded worker thread, one at a time, so that a hostile or broken file costs the
 * worker, never the caller: past the time limit or the memory cap the worker is stopped and the PDF
 * refused in words. The worker is kept for the next PDF, as pdf.js takes long to load.
 */
export function extractPdfInWorker({ timeLimitMs = PDF_TIME_LIMIT_MS, memoryLimitMb = PDF_MEMORY_LIMIT_MB }: PdfExtractionOptions = {}): ExtractPdf & { warm(): void } {
  const worker = boundedWorker<PdfExtraction>({
    file: 'extractPdfWorker.js',
    timeLimitMs,
    memoryLimitMb,
    missing: 'The PDF reader is missing: run npm run build.',
    stopped: 'The PDF reader stopped unexpectedly.',
  })
  const extract: ExtractPdf = (pdf) =>
    worker.run(pdf, {
      tooSlow: `${pdf.name} took longer than ${timeLimitMs / 1000} s to read and was stopped; nothing was added.`,
      tooLarge: `${pdf.name} needed more than ${memoryLimitMb} MB to read and was stopped; nothing was added.`,
      failed: (error) => new ArchiveError('unsupported_file', `${pdf.name} cannot be read as a PDF: ${error.message}`),
    })
  return Object.assign(extract, { warm: worker.warm })
}
