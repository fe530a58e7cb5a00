import { normalizeDocument, normalizeForMatching } from './normalizeForMatching'
import type { TextRange } from './textSelectors'

/** Start offsets of every exact occurrence of a quote, curly and straight quotes and all spaces alike; overlaps count. */
export function findQuoteOccurrences(text: string, exact: string): number[] {
  const needle = normalizeForMatching(exact)
  if (!needle) return []
  const haystack = normalizeDocument(text)
  const starts: number[] = []
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) starts.push(at)
  return starts
}

/** How a user who typed a quote says which of its occurrences they mean. */
export interface OccurrenceChoice {
  /** Text that ends right before the quote. */
  prefix?: string
  /** Text that starts right after the quote. */
  suffix?: string
  /** 1-based, counted among the occurrences that fit prefix and suffix. */
  occurrence?: number
}

export type OccurrenceFailure = { reason: 'not_found' } | { reason: 'ambiguous'; count: number }

/**
 * The one range a typed quote means, for creating a highlight from the CLI. Refuses rather than guesses:
 * a quote that fits several places without an occurrence number is ambiguous, and says how often it occurs.
 * An occurrence number beyond the candidates is not_found; findQuoteOccurrences gives the count to report.
 */
export function selectOccurrence(text: string, exact: string, choice: OccurrenceChoice = {}): TextRange | OccurrenceFailure {
  const { occurrence } = choice
  if (occurrence !== undefined && (!Number.isInteger(occurrence) || occurrence < 1)) {
    throw new RangeError(`An occurrence is counted from 1, not ${occurrence}`)
  }
  const haystack = normalizeDocument(text)
  const length = exact.length
  const prefix = normalizeForMatching(choice.prefix ?? '')
  const suffix = normalizeForMatching(choice.suffix ?? '')
  const candidates = findQuoteOccurrences(text, exact).filter(
    (start) => haystack.endsWith(prefix, start) && haystack.startsWith(suffix, start + length),
  )
  if (candidates.length === 0) return { reason: 'not_found' }
  if (occurrence === undefined && candidates.length > 1) return { reason: 'ambiguous', count: candidates.length }
  const start = candidates[(occurrence ?? 1) - 1]
  return start === undefined ? { reason: 'not_found' } : { start, end: start + length }
}
