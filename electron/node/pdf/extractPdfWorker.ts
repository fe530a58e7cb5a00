import { parentPort } from 'node:worker_threads'
import { ArchiveError } from '../../core/archiveError'
import type { PdfExtraction, PdfFile } from '../../core/pdf/pdfExtraction'
import { extractPdfText } from './extractPdfText'

export type PdfExtractionReply = { ok: true; value: PdfExtraction } | { ok: false; error: { code: ArchiveError['code']; message: string } }

// The worker's entry (a build entry of its own, see electron.vite.config.ts): one PDF, then it is ended.
parentPort?.once('message', async (pdf: PdfFile) => {
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
