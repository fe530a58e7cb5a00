import { parentPort } from 'node:worker_threads'
import { ArchiveError } from '../../core/archiveError'
import type { PdfExtraction, PdfFile } from '../../core/pdf/pdfExtraction'
import type { WorkerReply } from '../boundedWorker'
import { extractPdfText } from './extractPdfText'

export type PdfExtractionReply = WorkerReply<PdfExtraction>

// The worker's entry (a build entry of its own, see electron.vite.config.ts): one PDF at a time.
parentPort?.on('message', async (pdf: PdfFile) => {
  let reply: PdfExtractionReply
  try {
    reply = { ok: true, value: await extractPdfText(pdf) }
  } catch (error) {
    reply =
      error instanceof ArchiveError
        ? { ok: false, error: { code: error.code, message: error.message } }
        : { ok: false, error: { code: 'unsupported_file', message: `${pdf.name} cannot be read as a PDF: ${error instanceof Error ? error.message : String(error)}` } }
  }
  parentPort!.postMessage(reply)
})

// Loading pdf.js takes a second or more on a busy machine: that is the worker's start, not a PDF's time.
if (parentPort) {
  await import('pdfjs-dist/legacy/build/pdf.mjs')
  parentPort.postMessage('ready')
}
