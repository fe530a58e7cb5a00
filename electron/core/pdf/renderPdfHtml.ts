import { escapeHtml } from '../escapeHtml'
import type { PdfPageText } from './pdfExtraction'

/**
 * The archived text of a PDF, as the reader, the search index and the anchors read an article: one
 * section per page, carrying its number and label, with paragraphs numbered over the whole document.
 * Paragraphs and pages are parted by one line break, as an article's paragraphs are, so a quote that
 * runs from one page onto the next is found as typed, with a space.
 */
export function renderPdfHtml(pages: PdfPageText[]): string {
  let paragraph = 0
  return pages
    .map((page, index) => {
      const paragraphs = page.paragraphs.map((text) => `<p data-para="${++paragraph}">${escapeHtml(text)}</p>`).join('\n')
      return `<section data-page="${index + 1}" data-page-label="${escapeHtml(page.label)}">${paragraphs}</section>`
    })
    .join('\n')
}
