/** One page of a PDF as its text layer reads: the label it prints (from /PageLabels) and its paragraphs. */
export interface PdfPageText {
  /** The page label ("iv", "12"), or the page's 1-based number as text when the PDF has no labels. */
  label: string
  paragraphs: string[]
}

/** What the node layer reads from a PDF with pdf.js; JSON-safe, so it crosses from a worker thread. */
export interface PdfExtraction {
  pageCount: number
  pages: PdfPageText[]
  /** The Info dictionary's text fields (Title, Author, Subject, Keywords, CreationDate…). */
  info: Record<string, string>
  /** The XMP packet as pdf.js parses it, names in lower case: "dc:title", "dc:creator" (a list), "prism:doi"… */
  xmp: Record<string, string | string[]>
  /** The run of the largest text on page 1, the likeliest title when no metadata names one. */
  largestText: string | null
}

export interface PdfFile {
  name: string
  bytes: Uint8Array
}

/** Reads a PDF's text and metadata; the node layer supplies it, off the calling thread and with limits. */
export type ExtractPdf = (pdf: PdfFile) => Promise<PdfExtraction>

/** True when the bytes start like a PDF: "%PDF-" first, or after a little junk that is no markup (readers allow a kilobyte). */
export function isPdf(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024))
  const at = head.indexOf('%PDF-')
  return at === 0 || (at > 0 && !head.slice(0, at).includes('<'))
}
