import { clearFindMatches, markFindMatches, setCurrentFindMatch, type TextMatch } from '../findInText'
import { clearSearchMatch, markSearchMatch } from '../markSearchMatch'
import { spanSlices, type PageTextLayer } from './pdfTextLayer'

/**
 * The search and find marks on a PDF page's text layer. A range of the archived text becomes, span by
 * span, the characters it covers there, and each span is marked as the article reader marks its
 * content (mark.search-match, mark.find-match). pdf.js draws a text layer afresh at every zoom and
 * whenever a page comes back into view, so the reader marks each layer again when it is drawn.
 */

/** Marks where a search opened the PDF (null: takes the mark away); returns the first mark, to scroll to. */
export function markSearchMatchInLayer(mapped: PageTextLayer, range: { start: number; end: number } | null): HTMLElement | null {
  clearSearchMatch(mapped.layer)
  if (!range) return null
  let first: HTMLElement | null = null
  for (const slice of spanSlices(mapped, range)) {
    const mark = markSearchMatch(mapped.spans[slice.span], slice)
    first ??= mark
  }
  return first
}

/** Marks the find bar's matches on the page, numbered as in the whole PDF, and the current one; returns the current one's first mark. */
export function markFindMatchesInLayer(mapped: PageTextLayer, matches: readonly TextMatch[], current: number): HTMLElement | null {
  clearFindMatches(mapped.layer)
  const bySpan = new Map<number, TextMatch[]>()
  const pageStart = mapped.offsets[0]?.[0] ?? 0
  const pageEnd = mapped.offsets.at(-1)?.at(-1) ?? 0
  matches.forEach((match, index) => {
    if (match.end <= pageStart || match.start >= pageEnd) return
    for (const slice of spanSlices(mapped, match)) {
      const list = bySpan.get(slice.span) ?? []
      list.push({ start: slice.start, end: slice.end, index })
      bySpan.set(slice.span, list)
    }
  })
  for (const [span, local] of bySpan) markFindMatches(mapped.spans[span], local)
  return setCurrentFindMatch(mapped.layer, current)
}
