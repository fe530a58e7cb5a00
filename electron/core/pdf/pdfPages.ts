/** Where a PDF's pages lie in its archived text, kept on the item so search and citations need not parse it. */
export interface PdfPages {
  pageCount: number
  /** False for a scan without a text layer: archived and readable, but with nothing to search or quote. */
  hasText: boolean
  /** Each page's label, as it prints it ("iv", "12"); index i is page i + 1. */
  labels: string[]
  /** Each page's first offset in the archived text; index i is page i + 1. */
  starts: number[]
}

/** The page an offset in the archived text falls on: its 1-based number and its label. */
export function pageAt(pages: PdfPages | undefined, offset: number): { page: number; label: string } | undefined {
  if (!pages || !Array.isArray(pages.starts) || !Array.isArray(pages.labels) || !pages.starts.length) return undefined
  // The last page that starts at or before the offset; starts rise, so a binary search finds it in a 1,000-page book too.
  let low = 0
  let high = pages.starts.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (pages.starts[middle] <= offset) low = middle
    else high = middle - 1
  }
  const index = low
  return { page: index + 1, label: String(pages.labels[index] ?? index + 1) }
}

/** The offset in one page's own text of an offset in the whole archived text (a W3C position within the page). */
export function offsetInPage(pages: PdfPages, page: number, offset: number): number {
  return offset - (pages.starts[page - 1] ?? 0)
}
