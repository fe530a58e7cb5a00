import { foldForSearch } from './foldForSearch'

export interface SearchToken {
  /** Folded: lower case, no diacritics, straight apostrophes. */
  word: string
  /** Offsets in the original text. */
  start: number
  end: number
}

// Letters and digits, with apostrophes inside a word (zo'n, Korea's) kept as part of it.
export const WORD_PATTERN = /[\p{L}\p{N}]+(?:['\u2018\u2019\u201B\u02BC][\p{L}\p{N}]+)*/gu
const WORD = WORD_PATTERN

/** The words of a text with where each one stands, so snippets and the reader can mark them. */
export function tokenizeForSearch(text: string): SearchToken[] {
  const tokens: SearchToken[] = []
  for (const match of text.matchAll(WORD)) {
    tokens.push({ word: foldForSearch(match[0]), start: match.index, end: match.index + match[0].length })
  }
  return tokens
}

/** Only the folded words, for indexing, where offsets are not needed. */
export function wordsForSearch(text: string): string[] {
  return foldForSearch(text).match(WORD) ?? []
}
