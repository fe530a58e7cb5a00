import { escapeHtml } from '../escapeHtml'
import type { PdfPageText } from './pdfExtraction'

/**
 * The archived text of a PDF, as the reader, the search index and the anchors read an article: one
 * section per page, carrying its number and label, with paragraphs numbered over the whole document.
 * The sections hold no text of their own, so offsets count the PDF's words only.
 */
export function renderPdfHtml(pages: PdfPageText[]): string {
  let paragraph = 0
  return pages
    .map((page, index) => {
      const paragraphs = page.paragraphs.map((text) => `<p data-para="${++paragraph}">${escapeHtml(text)}</p>`).join('\n')
      return `<section data-page="${index + 1}" data-page-label="${escapeHtml(page.label)}">${paragraphs ? `\n${paragraphs}\n` : ''}</section>`
    })
    .join('\n')
}
