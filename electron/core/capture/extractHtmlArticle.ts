import type { PageLimits } from './checkPageComplexity'
import { decodeHtmlPage } from './decodeHtmlPage'
import { importArticleFromHtml, type HtmlArticle, type SanitizeHtml } from './importArticleFromHtml'

/** A web page's bytes as received, from a file, the web or the browser. */
export interface PageBytes {
  name: string
  bytes: Uint8Array
  pageUrl?: string
  /** The charset of the HTTP Content-Type header, when it came from the web. */
  headerCharset?: string
}

export interface ExtractedArticle {
  article: HtmlArticle
  /** The character set the page was decoded from. */
  encoding: string
}

/**
 * Everything untrusted work on a page does, from bytes to sanitized article. The node layer runs it
 * in a worker with a time and memory limit; the archive service takes it as an option.
 */
export type ExtractArticle = (page: PageBytes) => Promise<ExtractedArticle>

/** Decodes, checks, extracts and sanitizes a page in the calling thread. */
export async function extractHtmlArticle(page: PageBytes, sanitize: SanitizeHtml, limits?: PageLimits): Promise<ExtractedArticle> {
  const { html, encoding } = decodeHtmlPage(page.bytes, page.name, page.headerCharset)
  const article = await importArticleFromHtml(html, { name: page.name, pageUrl: page.pageUrl, sanitize, limits })
  return { article, encoding }
}
