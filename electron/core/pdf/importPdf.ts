import type { CslItem } from '../cslItem'
import { readArticleStructure } from '../readArticleStructure'
import type { PdfExtraction } from './pdfExtraction'
import { pdfMetadata } from './pdfMetadata'
import type { PdfPages } from './pdfPages'
import { renderPdfHtml } from './renderPdfHtml'

/** A PDF made ready to archive: its text as pages of paragraphs, its metadata, and where each page lies. */
export interface PdfArticle {
  csl: Partial<CslItem>
  titleInferred: boolean
  contentHtml: string
  pages: PdfPages
  wordCount: number
  paragraphCount: number
  /** The text of every page, for language detection and the duplicate fingerprint. */
  plainText: string
  /** The archived text as the reader and the index read contentHtml, which `pages.starts` point into. */
  text: string
}

export async function importPdf(pdf: PdfExtraction): Promise<PdfArticle> {
  const contentHtml = renderPdfHtml(pdf.pages)
  const structure = await readArticleStructure(contentHtml)
  const paragraphs = pdf.pages.flatMap((page) => page.paragraphs)
  const { csl, titleInferred } = pdfMetadata(pdf)
  return {
    csl,
    titleInferred,
    contentHtml,
    pages: {
      pageCount: pdf.pageCount,
      hasText: paragraphs.length > 0,
      labels: pdf.pages.map((page) => page.label),
      starts: structure.pages.map((page) => page?.start ?? 0),
    },
    wordCount: paragraphs.reduce((total, text) => total + (text.match(/\S+/g)?.length ?? 0), 0),
    paragraphCount: paragraphs.length,
    plainText: paragraphs.join('\n\n'),
    text: structure.text,
  }
}

/** Said when a PDF is a scan: it is kept and can be opened, but has no words to find or cite. */
export function noTextLayerNote(name: string): string {
  return `${name} has no text layer (it holds only images of its pages): it is archived and can be opened, but there is no text to search or quote. Recognising text in scans (OCR) is a later step.`
}
