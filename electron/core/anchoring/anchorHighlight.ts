import search from 'approx-string-match'
import { findQuoteOccurrences } from './findQuote'
import { normalizeDocument, normalizeForMatching } from './normalizeForMatching'
import { CONTEXT_LENGTH, type TextPositionSelector, type TextQuoteSelector, type TextRange } from './textSelectors'

export type AnchorMethod = 'position' | 'quote' | 'fuzzy'

/** Where a highlight lies in the current text, how it was found, and how sure (0–1) the match is. */
export interface Anchor extends TextRange {
  method: AnchorMethod
  score: number
}

// Hypothesis's weights: the quote matters most, context tells repeats apart, position only breaks ties.
const WEIGHT = { quote: 50, prefix: 20, suffix: 20, position: 2 }
const TOTAL_WEIGHT = WEIGHT.quote + WEIGHT.prefix + WEIGHT.suffix + WEIGHT.position
// Quotes shorter than this recur too often for their offset alone to identify them.
const SHORT_QUOTE = 16
// A fuzzy match must still be mostly the same words: at most one character in five may differ.
const MIN_QUOTE_SIMILARITY = 0.8
// And its surroundings must roughly agree, or a reworded sentence elsewhere could pass for the highlight.
const MIN_FUZZY_SCORE = 0.75
// A changed line break or typo in the 32 characters of context still counts as the same surroundings.
const CONTEXT_AGREES = 0.9
// The bit-parallel search costs one pass per 32 errors allowed; past 256 a quote is long enough to be unique.
const MAX_ERRORS = 256
// Edits before a highlight shift it by a paragraph or two; search that far around the old offset first.
const NEAR = 2048

interface Context {
  prefix: string
  suffix: string
  hint?: number
}

interface Candidate extends TextRange {
  errors: number
}

/**
 * Finds a stored highlight in the article's current text, or null when it can only be an orphan.
 * First the stored position, then the exact quote anywhere (best by context and closeness), then an
 * approximate match, nearby before everywhere. Offsets are into `text` as given.
 */
export function anchorHighlight(text: string, quote: TextQuoteSelector, position?: TextPositionSelector): Anchor | null {
  const exact = normalizeForMatching(quote.exact)
  if (!exact) return null
  const document = normalizeDocument(text)

  const hint = position && Number.isInteger(position.start) && position.start >= 0 ? position.start : undefined
  // Only the context next to the quote counts, however much a stored or imported selector carries:
  // comparing it costs time that grows fast with its length.
  const context: Context = {
    prefix: normalizeForMatching(quote.prefix ?? '').slice(-CONTEXT_LENGTH),
    suffix: normalizeForMatching(quote.suffix ?? '').slice(0, CONTEXT_LENGTH),
    hint,
  }
  if (hint !== undefined && position!.end - hint === exact.length && document.startsWith(exact, hint)) {
    // A short quote ("de") at its old offset may be another word after an edit: its context must agree too.
    const contextHolds =
      exact.length >= SHORT_QUOTE ||
      Math.max(similarity(document.slice(Math.max(0, hint - context.prefix.length), hint), context.prefix), similarity(document.slice(position!.end, position!.end + context.suffix.length), context.suffix)) >= 0.5
    if (contextHolds) return { start: hint, end: position!.end, method: 'position', score: 1 }
  }

  const exactMatches = findQuoteOccurrences(text, quote.exact).map((start) => ({ start, end: start + exact.length, errors: 0 }))
  const exactBest = best(document, exact, exactMatches, context)
  if (exactBest?.contextAgrees) return anchor(exactBest, 'quote')

  // An exact copy with other surroundings may be a repeat of the phrase elsewhere while the highlight
  // itself was edited, so the approximate search looks past the exact copies and the better score wins.
  const approximate = approximateMatch(document, exact, context, exactMatches)
  if (exactBest && (!approximate || approximate.score <= exactBest.score)) return anchor(exactBest, 'quote')
  return approximate && anchor(approximate, 'fuzzy')
}

function anchor({ start, end, score }: Scored, method: AnchorMethod): Anchor {
  return { start, end, method, score }
}

function approximateMatch(document: string, exact: string, context: Context, exactMatches: TextRange[]): Scored | null {
  const maxErrors = Math.min(MAX_ERRORS, Math.floor(exact.length * (1 - MIN_QUOTE_SIMILARITY)))
  // A quote of four characters or fewer tolerates no error: only an exact match can be it.
  if (maxErrors === 0) return null
  const searchBetween = (from: number, to: number): Candidate[] =>
    search(masked(document, from, to, exactMatches), exact, maxErrors).map((match) => ({ ...match, start: match.start + from, end: match.end + from }))
  const acceptable = (found: Scored | null) => (found && found.score >= MIN_FUZZY_SCORE ? found : null)

  const { hint } = context
  const from = hint === undefined ? 0 : Math.max(0, hint - NEAR)
  const to = hint === undefined ? document.length : Math.min(document.length, hint + exact.length + NEAR)
  const near = acceptable(best(document, exact, searchBetween(from, to), context))
  // A match against the window's edge may be a clipped part of one that runs past it.
  const clipped = near && ((from > 0 && near.start - from <= maxErrors) || (to < document.length && to - near.end <= maxErrors))
  if (near && !clipped) return near
  // Far from the old place, exact copies are likelier the highlight than an approximate match, and
  // searching the whole text costs a millisecond a highlight: only do it when nothing else was found.
  if (exactMatches.length || (from === 0 && to === document.length)) return null
  return acceptable(best(document, exact, searchBetween(0, document.length), context))
}

// A character no text or quote contains, so masked exact copies match nothing in the approximate search.
const MASK = '\uFFFF'

/** document[from, to) with the excluded ranges blanked out, offsets unchanged. */
function masked(document: string, from: number, to: number, exclude: TextRange[]): string {
  let result = ''
  let at = from
  for (const { start, end } of exclude) {
    if (end <= at || start >= to) continue
    result += document.slice(at, Math.max(at, start)) + MASK.repeat(Math.min(end, to) - Math.max(at, start))
    at = Math.min(end, to)
  }
  return result + document.slice(at, to)
}

interface Scored extends TextRange {
  score: number
  /** The stored prefix and suffix both stand beside the candidate, give or take a character or three. */
  contextAgrees: boolean
}

/** The candidate with the highest weighted score, as Hypothesis scores them. */
function best(document: string, exact: string, candidates: Candidate[], context: Context): Scored | null {
  let winner: Scored | null = null
  for (const { start, end, errors } of candidates) {
    const quoteScore = 1 - errors / exact.length
    const prefixScore = similarity(document.slice(Math.max(0, start - context.prefix.length), start), context.prefix)
    const suffixScore = similarity(document.slice(end, end + context.suffix.length), context.suffix)
    const positionScore = context.hint === undefined ? 1 : Math.max(0, 1 - Math.abs(start - context.hint) / document.length)
    const score =
      (WEIGHT.quote * quoteScore + WEIGHT.prefix * prefixScore + WEIGHT.suffix * suffixScore + WEIGHT.position * positionScore) / TOTAL_WEIGHT
    const contextAgrees = prefixScore >= CONTEXT_AGREES && suffixScore >= CONTEXT_AGREES
    if (!winner || score > winner.score) winner = { start, end, score, contextAgrees }
  }
  return winner
}

/** How much of the stored context survives in the text beside a candidate: 1 when all of it, 0 when none. */
function similarity(found: string, stored: string): number {
  // No stored context (the highlight began or ended the article) disagrees with nothing.
  if (!stored || found === stored) return 1
  if (!found) return 0
  const [closest] = search(found, stored, stored.length)
  return closest ? 1 - closest.errors / stored.length : 0
}
