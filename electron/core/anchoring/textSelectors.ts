/** The W3C Web Annotation selectors a highlight stores, as Hypothesis stores them. */
export interface TextQuoteSelector {
  type: 'TextQuoteSelector'
  exact: string
  prefix: string
  suffix: string
}

export interface TextPositionSelector {
  type: 'TextPositionSelector'
  start: number
  end: number
}

/** A half-open range [start, end) of UTF-16 offsets into an article's text. */
export interface TextRange {
  start: number
  end: number
}

/** Enough context to tell repeated quotes apart and to re-anchor after edits, without bloating annotations.json. */
export const CONTEXT_LENGTH = 32

/** The quote and position selectors of a range, with up to 32 characters of context on each side. */
export function describeTextRange(text: string, range: TextRange): { quote: TextQuoteSelector; position: TextPositionSelector } {
  const { start, end } = range
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start >= end) {
    throw new RangeError(`Not a non-empty range of the text (length ${text.length}): ${start}–${end}`)
  }
  return {
    quote: {
      type: 'TextQuoteSelector',
      exact: text.slice(start, end),
      prefix: withoutSplitPair(text.slice(Math.max(0, start - CONTEXT_LENGTH), start), 'start'),
      suffix: withoutSplitPair(text.slice(end, end + CONTEXT_LENGTH), 'end'),
    },
    position: { type: 'TextPositionSelector', start, end },
  }
}

// Cutting context at 32 code units can halve an emoji; a lone surrogate would not survive export as UTF-8.
function withoutSplitPair(context: string, side: 'start' | 'end'): string {
  if (side === 'start' && /^[\uDC00-\uDFFF]/.test(context)) return context.slice(1)
  if (side === 'end' && /[\uD800-\uDBFF]$/.test(context)) return context.slice(0, -1)
  return context
}
