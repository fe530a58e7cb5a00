import { ArchiveError } from '../core/archiveError'
import type { PageLimits } from '../core/capture/checkPageComplexity'
import type { ExtractArticle, ExtractedArticle } from '../core/capture/extractHtmlArticle'
import { boundedWorker } from './boundedWorker'
import type { ExtractionRequest } from './extractArticleWorker'

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

/**
 * Extracts pages in a bounded worker thread, one at a time, so that a hostile page costs the worker,
 * never the main thread: a page that runs past the time limit or the memory cap stops the worker, and
 * is refused in words.
 */
export function extractArticleInWorker({ timeLimitMs = EXTRACTION_TIME_LIMIT_MS, memoryLimitMb = EXTRACTION_MEMORY_LIMIT_MB, limits }: WorkerExtractionOptions = {}): ExtractArticle & { warm(): void } {
  const worker = boundedWorker<ExtractedArticle>({
    file: 'extractArticleWorker.js',
    timeLimitMs,
    memoryLimitMb,
    missing: 'The page extractor is missing: run npm run build.',
    stopped: 'The page extractor stopped unexpectedly.',
  })
  const extract: ExtractArticle = (page) =>
    worker.run({ page, limits } satisfies ExtractionRequest, {
      tooSlow: `${page.name} took longer than ${timeLimitMs / 1000} s to extract and was stopped.`,
      tooLarge: `${page.name} needed more than ${memoryLimitMb} MB to extract and was stopped.`,
      failed: (error) => new ArchiveError('internal', `${page.name} could not be extracted: ${error.message}`),
    })
  return Object.assign(extract, { warm: worker.warm })
}
