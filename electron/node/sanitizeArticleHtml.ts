import { createRequire } from 'node:module'
import { archiveSanitizer, type SanitizeHtml } from '../core/capture/archiveSanitizePolicy'

let sanitizer: SanitizeHtml | undefined

/**
 * DOMPurify over one jsdom window, made on first use and kept: DOMPurify does not run on linkedom,
 * and a jsdom window takes far longer to make than a sanitize pass.
 */
export function sanitizeArticleHtml(html: string): string {
  sanitizer ??= createSanitizer()
  return sanitizer(html)
}

// Required on first use rather than imported: jsdom takes longer to load (about half a second) than a
// 10k library takes to open, and most runs of the app or the CLI never sanitize a page.
const nodeRequire = createRequire(import.meta.url)

function createSanitizer(): SanitizeHtml {
  const { JSDOM } = nodeRequire('jsdom') as typeof import('jsdom')
  const createDOMPurify = nodeRequire('dompurify') as typeof import('dompurify').default
  const { window } = new JSDOM('')
  return archiveSanitizer(createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]))
}
