/** The pages a passage of a PDF runs over: their numbers and the labels they print. */
export interface PageSpan {
  first: number
  last: number
  firstLabel: string
  lastLabel: string
}

/** "p. 12", "pp. 12–13" or "p. iv": where a passage of a PDF lies, as a citation names it. */
export function pageSpanText(span: PageSpan): string {
  return span.first === span.last ? `p. ${span.firstLabel}` : `pp. ${span.firstLabel}\u2013${span.lastLabel}`
}
