import { parentPort } from 'node:worker_threads'
import { ArchiveError } from '../core/archiveError'
import type { PageLimits } from '../core/capture/checkPageComplexity'
import { extractHtmlArticle, type PageBytes } from '../core/capture/extractHtmlArticle'
import type { WorkerReply } from './boundedWorker'
import { sanitizeArticleHtml } from './sanitizeArticleHtml'

/** One page to extract, as extractArticleInWorker sends it. */
export interface ExtractionRequest {
  page: PageBytes
  limits?: PageLimits
}

export type ExtractionReply = WorkerReply<Awaited<ReturnType<typeof extractHtmlArticle>>>

// The worker's entry (a build entry of its own, see electron.vite.config.ts): one page at a time.
parentPort?.on('message', async ({ page, limits }: ExtractionRequest) => {
  let reply: ExtractionReply
  try {
    reply = { ok: true, value: await extractHtmlArticle(page, sanitizeArticleHtml, limits) }
  } catch (error) {
    reply =
      error instanceof ArchiveError
        ? { ok: false, error: { code: error.code, message: error.message } }
        : { ok: false, error: { code: 'internal', message: `${page.name} could not be extracted: ${error instanceof Error ? error.message : String(error)}` } }
  }
  parentPort!.postMessage(reply)
})

// jsdom takes seconds to load on a busy machine: that is the worker's start, not a page's time.
if (parentPort) {
  await Promise.all([import('linkedom'), import('@mozilla/readability')])
  sanitizeArticleHtml('')
  parentPort.postMessage('ready')
}
