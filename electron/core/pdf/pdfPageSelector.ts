import { describeTextRange, type TextPositionSelector, type TextQuoteSelector, type TextRange } from '../anchoring/textSelectors'
import type { ArticleStructure } from '../articleStructure'
import type { PageSpan } from './pageSpan'

/**
 * A page of a PDF as RFC 8118 names it ("page=12", 1-based), refined by a quote and a position over
 * that page's own text: what another tool (Hypothesis, a PDF reader) needs to find the passage in
 * the PDF itself, where the archived text's offsets mean nothing.
 */
export interface PdfPageSelector {
  type: 'FragmentSelector'
  conformsTo: 'http://tools.ietf.org/rfc/rfc8118'
  value: string
  refinedBy: [TextQuoteSelector, TextPositionSelector]
}

/** The index of the page an offset of the archived text falls on; -1 for a text without pages. */
function pageIndexAt(structure: ArticleStructure, offset: number): number {
  let found = -1
  for (const [index, page] of structure.pages.entries()) if (page && page.start <= offset) found = index
  return found
}

export function pageSpanOf(structure: ArticleStructure, range: TextRange): PageSpan | undefined {
  const first = pageIndexAt(structure, range.start)
  const last = pageIndexAt(structure, Math.max(range.start, range.end - 1))
  if (first < 0 || last < 0) return undefined
  return { first: first + 1, last: last + 1, firstLabel: structure.pages[first].label, lastLabel: structure.pages[last].label }
}

/**
 * The selector of the page a passage starts on. A passage that runs onto the next page is refined
 * by its part on the first page; the top-level quote and position selectors hold all of it.
 */
export function pdfPageSelector(structure: ArticleStructure, range: TextRange): PdfPageSelector | undefined {
  const index = pageIndexAt(structure, range.start)
  if (index < 0) return undefined
  const page = structure.pages[index]
  const pageText = structure.text.slice(page.start, page.end)
  const start = range.start - page.start
  const end = Math.min(range.end, page.end) - page.start
  if (end <= start) return undefined
  const { quote, position } = describeTextRange(pageText, { start, end })
  return { type: 'FragmentSelector', conformsTo: 'http://tools.ietf.org/rfc/rfc8118', value: `page=${index + 1}`, refinedBy: [quote, position] }
}

/** The page a stored selector names, for a highlight whose text is gone (an orphan). */
export function storedPageSpan(structure: ArticleStructure, selector: { type: string; value?: unknown } | undefined): PageSpan | undefined {
  const number = selector?.type === 'FragmentSelector' && typeof selector.value === 'string' ? Number(/^page=(\d+)$/.exec(selector.value)?.[1]) : NaN
  const page = structure.pages[number - 1]
  return page ? { first: number, last: number, firstLabel: page.label, lastLabel: page.label } : undefined
}

