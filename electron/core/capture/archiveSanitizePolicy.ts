import type { Config, DOMPurify } from 'dompurify'

/**
 * What an archived article may hold, the one rule for the HTML saved at import and for the HTML the
 * reader shows: a content.html may have changed on disk since it was saved (a synced folder, a
 * co-author, a restored backup), so the reader holds it to the same rule again.
 */
export const ARCHIVE_SANITIZE_POLICY = {
  FORBID_TAGS: ['script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'form', 'input', 'button', 'textarea', 'select', 'option', 'meta', 'base', 'link', 'svg', 'math', 'template', 'noscript', 'video', 'audio', 'source', 'track', 'canvas', 'dialog', 'portal'],
  FORBID_ATTR: ['style', 'srcset', 'sizes', 'target', 'ping', 'action', 'formaction', 'background', 'poster', 'xlink:href', 'id', 'name', 'loading', 'tabindex', 'contenteditable', 'autofocus', 'accesskey'],
  ALLOW_DATA_ATTR: false,
  // A PDF's archived text marks its pages (see renderPdfHtml), which the reader labels.
  ADD_ATTR: ['data-para', 'data-page', 'data-page-label'],
  // No scheme but http(s) and mailto (values without a scheme, such as colspan="2", pass); data:
  // is allowed for <img> alone, by the hook below; links left relative are removed after import.
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
} as const

/** The data: images kept in the archive: raster formats only, which can carry no script. */
export const SAFE_DATA_IMAGE = /^data:image\/(?:png|jpe?g|gif|webp|avif);base64,[a-z0-9+/=\s]+$/i

/** Sanitizes HTML for the archive (DOMPurify with ARCHIVE_SANITIZE_POLICY). */
export type SanitizeHtml = (html: string) => string

/**
 * The archive's sanitize function over a DOMPurify instance: one made on a jsdom window in Node, or
 * the browser's own in the renderer. The instance gets the policy's hooks, so give each its own.
 */
export function archiveSanitizer(purify: DOMPurify): SanitizeHtml {
  purify.addHook('uponSanitizeAttribute', (node, data) => {
    if (node.nodeName === 'IMG' && data.attrName === 'src') {
      // An image is shown only from the archive itself: reading contacts no server. (At import, an
      // image without a src becomes a visible placeholder with its alt text.)
      if (SAFE_DATA_IMAGE.test(data.attrValue)) data.forceKeepAttr = true
      else data.keepAttr = false
    } else if (/^\s*data:/i.test(data.attrValue)) data.keepAttr = false
    else if (data.attrName === 'class' && data.attrValue !== 'image-placeholder') data.keepAttr = false
  })
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A' && node.getAttribute('href')) node.setAttribute('rel', 'noopener noreferrer')
  })
  const config: Config = {
    ...ARCHIVE_SANITIZE_POLICY,
    FORBID_TAGS: [...ARCHIVE_SANITIZE_POLICY.FORBID_TAGS],
    FORBID_ATTR: [...ARCHIVE_SANITIZE_POLICY.FORBID_ATTR],
    ADD_ATTR: [...ARCHIVE_SANITIZE_POLICY.ADD_ATTR],
    ADD_URI_SAFE_ATTR: [...ARCHIVE_SANITIZE_POLICY.ADD_ATTR],
  }
  return (html) => purify.sanitize(html, config) as string
}
