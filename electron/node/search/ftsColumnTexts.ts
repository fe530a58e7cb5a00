import type { SearchDocument } from '../../core/search/searchDocument'
import { fieldTexts } from '../../core/search/searchFieldTexts'
import { SEARCH_FIELDS, type SearchField } from '../../core/search/searchFields'
import { stemCached, stemmerFor } from '../../core/search/stemForSearch'
import { wordsForSearch } from '../../core/search/tokenizeForSearch'

/** What search_fts holds for an item, field by field in SEARCH_FIELDS order: its folded words as written, and stemmed by its language. */
export interface ColumnTexts {
  exact: string[]
  stems: string[]
}

export function ftsColumnTexts(doc: SearchDocument): ColumnTexts {
  return columnTexts(doc)
}

/**
 * The column texts of an item before and after a change. A field whose text (and the item's
 * language) stayed the same is folded and stemmed once, and both sides share its strings: an edit
 * of the title does not fold and stem the article's text twice. `tokens`, when given, gets each
 * column text's FTS5 tokens where they are the very words it was joined from (splitAtSpaces), so the
 * impact lists and phrase grams need not split the article's text again.
 */
export function ftsColumnTextsOfChange(before: SearchDocument, after: SearchDocument, tokens?: Map<string, string[]>): { before: ColumnTexts; after: ColumnTexts } {
  const now = columnTexts(after, undefined, tokens)
  const kept = new Map(fieldTexts(after))
  return { before: columnTexts(before, before.language === after.language ? (field, text) => (kept.get(field) === text ? now : null) : () => null, tokens), after: now }
}

/**
 * A column text whose FTS5 tokens (ftsTokens) are its words split at single spaces: nothing but ASCII
 * lower-case letters and digits, apostrophes and non-ASCII characters, with one space between words.
 * Folded words nearly always are; a text that is not (a letter folded to an ASCII capital, an empty stem) is split by ftsTokens.
 */
const NOT_IN_TOKENS = /[^a-z0-9' \u0080-\uFFFF]/
const splitAtSpaces = (text: string) => !NOT_IN_TOKENS.test(text) && !text.includes('  ') && !text.startsWith(' ') && !text.endsWith(' ')

function rememberWords(tokens: Map<string, string[]> | undefined, text: string, words: string[]): void {
  if (tokens && !tokens.has(text) && splitAtSpaces(text)) tokens.set(text, words)
}

function columnTexts(doc: SearchDocument, known: (field: SearchField, text: string | undefined) => ColumnTexts | null = () => null, tokens?: Map<string, string[]>): ColumnTexts {
  const stem = stemmerFor(doc.language)
  const exact: string[] = []
  const stems: string[] = []
  const texts = new Map(fieldTexts(doc))
  SEARCH_FIELDS.forEach((field, column) => {
    const text = texts.get(field)
    const same = known(field, text)
    if (same) {
      exact.push(same.exact[column])
      stems.push(same.stems[column])
      return
    }
    const words = text ? wordsForSearch(text) : []
    const stemmed = words.map((word) => stemCached(stem, word))
    exact.push(words.join(' '))
    stems.push(stemmed.join(' '))
    rememberWords(tokens, exact[column], words)
    rememberWords(tokens, stems[column], stemmed)
  })
  return { exact, stems }
}
