import type { ParsedQuery, SearchTerm } from '../../core/search/parseSearchQuery'
import { FIELD_BIT, SEARCH_FIELDS } from '../../core/search/searchFields'
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
 * A word matches its Dutch and English stems (and itself) in the stemmed columns, as the item's own
 * words were stemmed by its language; a prefix also matches every word that starts so, as written.
 * A phrase matches its words in order in the exact columns.
 */
function termQuery(term: SearchTerm, prefixTokens?: PrefixTokens): string {
  if (term.kind === 'phrase') return `${columnsOf(term.fields, exactColumn)} : ${quoted(term.words.join(' '))}`
  const whole = `${columnsOf(term.fields, stemColumn)} : (${queryTermsFor(term.word).map(quoted).join(' OR ')})`
  if (!term.prefix) return whole
  return `(${whole} OR ${columnsOf(term.fields, exactColumn)} : ${prefixTokens?.(term.word) ?? `${quoted(term.word)} *`})`
}

/** The FTS5 MATCH expression of a parsed query, or null when it looks for no word (filters only). */
export function ftsQueryFor(parsed: ParsedQuery, prefixTokens?: PrefixTokens): string | null {
  if (!parsed.clauses.length) return null
  const termOf = (term: SearchTerm) => termQuery(term, prefixTokens)
  const wanted = parsed.clauses.map((clause) => `(${clause.map(termOf).join(' OR ')})`).join(' AND ')
  if (!parsed.excluded.length) return wanted
  return `(${wanted}) NOT (${parsed.excluded.map(termOf).join(' OR ')})`
}
