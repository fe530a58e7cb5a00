import DOMPurify from 'dompurify'
import { archiveSanitizer, type SanitizeHtml } from '../../electron/core/capture/archiveSanitizePolicy'

let sanitizer: SanitizeHtml | undefined

/**
 * An archived article's HTML, held again to the rule it was saved under before the reader shows it:
 * content.html is a file in a folder that others can change (a synced folder, a co-author, a restored
 * backup), so it is as untrusted as a web page. The browser's own DOMPurify parses it in an inert
 * document, so nothing in it runs or loads while it is cleaned.
 */
export function sanitizeArchivedHtml(html: string): string {
  // DOMPurify's default export is bound to this window; the policy adds its hooks to its own instance.
  sanitizer ??= archiveSanitizer(DOMPurify(window))
  return sanitizer(html)
}
