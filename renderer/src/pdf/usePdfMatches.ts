import { findInString, scrollIntoViewWithin, type TextMatch } from '../findInText'
import type { FindTarget } from '../findTarget'
import type { PageTextLayer } from './pdfTextLayer'
import { markFindMatchesInLayer, markSearchMatchInLayer } from './pdfTextMarks'

/** What the PDF reader gives the marks: its archived text, its drawn layers, and a way to a page. */
export interface PdfMatchesHost {
  text(): string
  /** The text layers drawn and tied to the archived text, still in the page. */
  layers(): PageTextLayer[]
  container(): HTMLElement | undefined
  /** The page an archived offset lies on. */
  pageAt(offset: number): number
  currentPage(): number
  scrollToPage(page: number): void
}

/**
 * The search match a PDF was opened at, and the find bar's matches, over the PDF's archived text. They
 * are kept as archived offsets and drawn on every text layer pdf.js draws; a match on a page not drawn
 * yet is reached by scrolling to its page, then to the mark once the page's text layer is there.
 */
export function usePdfMatches(host: PdfMatchesHost) {
  let searchRange: { start: number; end: number } | null = null
  let found: TextMatch[] = []
  let current = -1
  /** Which mark to bring into view once its page's text layer is drawn. */
  let scrollWhenDrawn: 'search' | 'find' | null = null

  function mark(mapped: PageTextLayer) {
    const searchMark = markSearchMatchInLayer(mapped, searchRange)
    const findMark = markFindMatchesInLayer(mapped, found, current)
    const target = scrollWhenDrawn === 'search' ? searchMark : scrollWhenDrawn === 'find' ? findMark : null
    const container = host.container()
    if (target && container) {
      scrollWhenDrawn = null
      scrollIntoViewWithin(container, target)
    }
  }

  /** Marks every drawn layer again; scrolls to the mark wanted, or to its page when that is not drawn. */
  function markAll(range: { start: number } | null) {
    for (const mapped of host.layers()) mark(mapped)
    if (scrollWhenDrawn && range) host.scrollToPage(host.pageAt(range.start))
  }

  function showSearchMatch(range: { start: number; end: number }) {
    searchRange = range
    scrollWhenDrawn = 'search'
    markAll(range)
  }

  function clearSearchMatch() {
    searchRange = null
    if (scrollWhenDrawn === 'search') scrollWhenDrawn = null
    markAll(null)
  }

  const findTarget: FindTarget = {
    find(query) {
      found = findInString(host.text(), query)
      current = -1
      scrollWhenDrawn = null
      markAll(null)
      // The first match from the page in view on.
      const page = host.currentPage()
      const first = found.findIndex((match) => host.pageAt(match.start) >= page)
      return { count: found.length, first: Math.max(first, 0) }
    },
    show(index) {
      current = index
      scrollWhenDrawn = 'find'
      markAll(found[index] ?? null)
    },
    clear() {
      found = []
      current = -1
      if (scrollWhenDrawn === 'find') scrollWhenDrawn = null
      markAll(null)
    },
  }

  return { mark, showSearchMatch, clearSearchMatch, findTarget }
}
