import type { ParsedQuery, SearchTerm } from '../../core/search/parseSearchQuery'
import { ALL_FIELDS, FIELD_BIT, SEARCH_FIELDS } from '../../core/search/searchFields'
import { queryTermsFor } from '../../core/search/stemForSearch'
import { exactColumn, stemColumn } from './searchSchema'

/** A string as one FTS5 token or phrase: its words are ours, already folded, but quoted all the same. */
const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`

/** An FTS5 column filter for the fields of a term, in the exact or the stemmed columns. */
function columnsOf(fields: number, column: typeof exactColumn): string {
  return `{${SEARCH_FIELDS.filter((field) => fields & FIELD_BIT[field]).map(column).join(' ')}}`
}

/**
 * The FTS5 tokens a prefix stands for inside its column filter, where they differ from FTS5's own
 * `"word" *` (oneLetterPrefixTokens); null keeps FTS5's own.
 */
export type PrefixTokens = (word: string) => string | null

/**
 * A MATCH expression and its phrases in the order FTS5 numbers them (the order they are written):
 * for each, the stemmed word it looks for in every field's stemmed columns, whose count of items the
 * impact lists may know, or null for any other phrase. `phrases` is null when a prefix's tokens came
 * from prefixTokens, whose phrases are not told apart here.
 */
export interface FtsQuery {
  match: string
  phrases: (string | null)[] | null
}

/**
 * A word matches its Dutch and English stems (and itself) in the stemmed columns, as the item's own
 * words were stemmed by its language; a prefix also matches every word that starts so, as written.
 * A phrase matches its words in order in the exact columns. `phrase` writes each FTS5 phrase, so
 * that it is recorded in the order it is written.
 */
function termQuery(term: SearchTerm, phrase: (text: string, stem?: string) => string, prefixTokens?: PrefixTokens): string {
  if (term.kind === 'phrase') return `${columnsOf(term.fields, exactColumn)} : ${phrase(term.words.join(' '))}`
  const everyField = term.fields === ALL_FIELDS
  const whole = `${columnsOf(term.fields, stemColumn)} : (${queryTermsFor(term.word).map((word) => phrase(word, everyField ? word : undefined)).join(' OR ')})`
  if (!term.prefix) return whole
  return `(${whole} OR ${columnsOf(term.fields, exactColumn)} : ${prefixTokens?.(term.word) ?? `${phrase(term.word)} *`})`
}

/** The FTS5 MATCH expression of a parsed query and its phrases, or null when it looks for no word (filters only). */
export function ftsQueryWithPhrases(parsed: ParsedQuery, prefixTokens?: PrefixTokens): FtsQuery | null {
  if (!parsed.clauses.length) return null
  const phrases: (string | null)[] = []
  let numbered = true
  const phrase = (text: string, stem?: string) => (phrases.push(stem ?? null), quoted(text))
  const tokensOf: PrefixTokens | undefined = prefixTokens && ((word) => {
    const tokens = prefixTokens(word)
    if (tokens !== null) numbered = false
    return tokens
  })
  const termOf = (term: SearchTerm) => termQuery(term, phrase, tokensOf)
  const wanted = parsed.clauses.map((clause) => `(${clause.map(termOf).join(' OR ')})`).join(' AND ')
  const match = parsed.excluded.length ? `(${wanted}) NOT (${parsed.excluded.map(termOf).join(' OR ')})` : wanted
  return { match, phrases: numbered ? phrases : null }
}

/** The FTS5 MATCH expression of a parsed query, or null when it looks for no word (filters only). */
export function ftsQueryFor(parsed: ParsedQuery, prefixTokens?: PrefixTokens): string | null {
  return ftsQueryWithPhrases(parsed, prefixTokens)?.match ?? null
}
