import { createRequire } from 'node:module'
import { ARCHIVE_SANITIZE_POLICY, SAFE_DATA_IMAGE, type SanitizeHtml } from '../core/capture/importArticleFromHtml'

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
  const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0])
  purify.addHook('uponSanitizeAttribute', (node, data) => {
    // data: survives on an <img> only, and only as a raster image.
    if (/^\s*data:/i.test(data.attrValue)) {
      if (node.nodeName === 'IMG' && data.attrName === 'src' && SAFE_DATA_IMAGE.test(data.attrValue)) data.forceKeepAttr = true
      else data.keepAttr = false
    } else if (data.attrName === 'class' && data.attrValue !== 'image-placeholder') data.keepAttr = false
  })
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A' && node.getAttribute('href')) node.setAttribute('rel', 'noopener noreferrer')
  })
  const config = { ...ARCHIVE_SANITIZE_POLICY, FORBID_TAGS: [...ARCHIVE_SANITIZE_POLICY.FORBID_TAGS], FORBID_ATTR: [...ARCHIVE_SANITIZE_POLICY.FORBID_ATTR], ADD_ATTR: [...ARCHIVE_SANITIZE_POLICY.ADD_ATTR], ADD_URI_SAFE_ATTR: [...ARCHIVE_SANITIZE_POLICY.ADD_ATTR] }
  return (html) => purify.sanitize(html, config) as string
}
