import type { SearchDocument } from './searchDocument'
import { FIELD_BIT, type SearchField } from './searchFields'
import { findPhrase } from './findPhrase'
import type { ParsedQuery } from './parseSearchQuery'
import { queryTermsFor, stemCached, stemmerFor } from './stemForSearch'
import { foldForSearch } from './foldForSearch'
import { tokenizeForSearch, WORD_PATTERN, type SearchToken } from './tokenizeForSearch'

/** A passage of a result with the matched words marked. */
export interface SearchSnippet {
  /** Where the passage comes from; a hit in a highlight or a note says so. */
  source: 'title' | 'author' | 'container' | 'abstract' | 'text' | 'tags' | 'highlight' | 'note'
  text: string
  /** Marked spans, as offsets in `text`. */
  marks: [number, number][]
  /** The first match's offsets in the archived text, for the reader to scroll to and mark. */
  range?: { start: number; end: number }
  /** For a PDF's text: the page the match is on (1-based) and the label it prints ("iv", "12"). */
  page?: number
  pageLabel?: string
  annotationId?: string
  /** True when the passage was cut at the start or the end. */
  cutStart: boolean
  cutEnd: boolean
}

const WORD_AT = new RegExp(WORD_PATTERN.source, 'uy')
const WORD_SCAN = new RegExp(WORD_PATTERN.source, 'gu')
const WORD_CHAR = /[\p{L}\p{N}]/u
const ASCII_WORD_CHAR = /[a-z0-9]/
const APOSTROPHE = /['\u2018\u2019\u201B\u02BC]/u
const NON_ASCII = /[^\x00-\x7f]/g
const HAS_NON_ASCII = /[^\x00-\x7f]/

/**
 * Offsets, in order, where a word that begins with one of the heads may stand: each place the
 * lower-cased text holds a head not inside a word, and each letter outside ASCII, whose word folds
 * to who knows what. The engine's native search finds them far faster than reading every word;
 * the caller checks each word it lands on. Null when lower case changes the text's length.
 */
function candidateOffsets(text: string, heads: Set<string>): number[] | null {
  const lower = text.toLowerCase()
  if (lower.length !== text.length) return null
  const offsets: number[] = []
  for (const head of heads) {
    if (!/^[a-z0-9]/.test(head)) continue
    for (let at = lower.indexOf(head); at !== -1; at = lower.indexOf(head, at + 1)) {
      if (at === 0 || !ASCII_WORD_CHAR.test(lower[at - 1])) offsets.push(at)
    }
  }
  // Most texts are plain ASCII: one test, much quicker than a global search that finds nothing.
  if (!HAS_NON_ASCII.test(lower)) return offsets.sort((x, y) => x - y)
  NON_ASCII.lastIndex = 0
  for (let hit = NON_ASCII.exec(lower); hit; hit = NON_ASCII.exec(lower)) offsets.push(hit.index)
  return offsets.sort((x, y) => x - y)
}

/** Where the word around offset `at` begins: back over letters, digits and apostrophes inside a word. */
function wordStart(text: string, at: number): number {
  let start = at
  while (start > 0) {
    const before = text[start - 1]
    if (WORD_CHAR.test(before)) start--
    else if (APOSTROPHE.test(before) && start > 1 && WORD_CHAR.test(text[start - 2])) start -= 2
    else break
  }
  return start
}
/**
 * Where a phrase stands in the text, as tokenizeForSearch and findPhrase would find it, without
 * folding every word of a long text: only at the words its first word's letters begin, the words
 * after each are read to compare. Null when lower case changes the text's length.
 */
export function phraseSpans(text: string, words: string[]): [number, number][] | null {
  const offsets = candidateOffsets(text, new Set([words[0].slice(0, 3)]))
  if (!offsets) return null
  const spans: [number, number][] = []
  let done = 0
  for (const offset of offsets) {
    const start = wordStart(text, offset)
    if (start < done) continue
    WORD_AT.lastIndex = start
    const first = WORD_AT.exec(text)?.[0]
    if (!first) continue
    done = start + first.length
    if (foldForSearch(first) !== words[0]) continue
    // The next words, as tokenizing the whole text would meet them.
    WORD_SCAN.lastIndex = done
    let end = done
    let matched = true
    for (let n = 1; n < words.length && matched; n++) {
      const next = WORD_SCAN.exec(text)
      matched = next !== null && foldForSearch(next[0]) === words[n]
      if (next) end = next.index + next[0].length
    }
    if (matched) spans.push([start, end])
  }
  return spans
}

const CONTEXT = 80
const MAX_SNIPPETS = 3

/** Up to three passages of a result around its matches: the text first, then highlights, notes and metadata. */
export function makeSnippets(doc: SearchDocument, query: ParsedQuery): SearchSnippet[] {
  const stem = stemmerFor(doc.language)
  const words: { word: string; prefix: boolean; fields: number }[] = []
  const phrases: { words: string[]; fields: number }[] = []
  for (const clause of query.clauses) {
    for (const term of clause) {
      if (term.kind === 'word') words.push(term)
      else phrases.push(term)
    }
  }
  const matchers = words.map((term) => ({ ...term, terms: new Set(queryTermsFor(term.word)) }))
  // A stem shares its first letters with the word in nearly every case: a cheap test before stemming.
  // Three letters where the terms have them (snowball changes only endings; in a new process its
  // code is not yet compiled, and stemming every word with the same two letters cost ~250 ms a page).
  const termWords = matchers.flatMap((term) => [...term.terms, term.word])
  const heads = new Set(termWords.map((t) => t.slice(0, 3)))
  const shortHeads = new Set(termWords.filter((t) => t.length < 3).map((t) => t.slice(0, 2)))
  const headMatches = (word: string) => heads.has(word.slice(0, 3)) || shortHeads.has(word.slice(0, 2))
  const isMatch = (token: SearchToken, bit: number) => {
    const stemmed = stemCached(stem, token.word)
    return matchers.some(
      (term) => (term.fields & bit) !== 0 && (term.terms.has(token.word) || term.terms.has(stemmed) || (term.prefix && token.word.startsWith(term.word))),
    )
  }

  const sources: { source: SearchSnippet['source']; field: SearchField; text: string; annotationId?: string }[] = [
    { source: 'text', field: 'text', text: doc.text },
    ...doc.annotations.map((a) => ({ source: a.kind, field: (a.kind === 'note' ? 'notes' : 'highlights') as SearchField, text: a.text, annotationId: a.id })),
    { source: 'abstract', field: 'abstract', text: doc.abstract },
    { source: 'title', field: 'title', text: doc.title },
    { source: 'author', field: 'author', text: doc.authors },
    { source: 'container', field: 'container', text: doc.container },
    { source: 'tags', field: 'tags', text: doc.tags.join(', ') },
  ]
  const snippets: SearchSnippet[] = []
  for (const { source, field, text, annotationId } of sources) {
    if (!text || snippets.length >= MAX_SNIPPETS) continue
    const bit = FIELD_BIT[field]
    const spans: [number, number][] = []
    const wanted = phrases.filter((phrase) => phrase.fields & bit)
    if (wanted.length) {
      const found = wanted.map((phrase) => phraseSpans(text, phrase.words))
      if (found.every(Boolean)) for (const each of found) spans.push(...each!)
      else {
        const tokens = tokenizeForSearch(text)
        for (const phrase of wanted) {
          for (const index of findPhrase(tokens, phrase.words)) spans.push([tokens[index].start, tokens[index + phrase.words.length - 1].end])
        }
      }
    }
    // Words are folded and stemmed only when their first letters could match: most are never read.
    const offsets = heads.size ? candidateOffsets(text, heads) : []
    if (offsets) {
      let done = 0
      for (const offset of offsets) {
        const start = wordStart(text, offset)
        if (start < done) continue
        WORD_AT.lastIndex = start
        const raw = WORD_AT.exec(text)?.[0]
        if (!raw) continue
        done = start + raw.length
        const word = foldForSearch(raw)
        if (!headMatches(word)) continue
        const token = { word, start, end: done }
        if (isMatch(token, bit)) spans.push([token.start, token.end])
      }
    } else {
      WORD_SCAN.lastIndex = 0
      for (let match = WORD_SCAN.exec(text); match; match = WORD_SCAN.exec(text)) {
        const raw = match[0]
        if (!headMatches(foldForSearch(raw.slice(0, 3)))) continue
        const token = { word: foldForSearch(raw), start: match.index, end: match.index + raw.length }
        if (isMatch(token, bit)) spans.push([token.start, token.end])
      }
    }
    if (!spans.length) continue
    spans.sort((a, b) => a[0] - b[0])
    snippets.push(snippetAround(text, spans, source, annotationId))
  }
  return snippets
}

function snippetAround(text: string, spans: [number, number][], source: SearchSnippet['source'], annotationId?: string): SearchSnippet {
  // The window that holds the most marks, starting at one of them.
  let best = 0
  let bestCount = 0
  for (let index = 0; index < spans.length; index++) {
    let count = 0
    for (let other = index; other < spans.length && spans[other][1] - spans[index][0] <= CONTEXT * 2; other++) count++
    if (count > bestCount) {
      best = index
      bestCount = count
    }
  }
  const first = spans[best]
  let start = Math.max(0, first[0] - CONTEXT)
  let end = Math.min(text.length, first[0] + CONTEXT * 2)
  // Whole words only, and never across a paragraph break.
  const paragraphStart = text.lastIndexOf('\n', first[0] - 1) + 1
  const paragraphEnd = text.indexOf('\n', first[1])
  start = Math.max(start, paragraphStart)
  end = Math.min(end, paragraphEnd === -1 ? text.length : paragraphEnd)
  if (start > paragraphStart) start = text.indexOf(' ', start) + 1 || start
  if (end < text.length && text[end] !== '\n') end = Math.max(text.lastIndexOf(' ', end), first[1])
  const marks = spans
    .filter(([from, to]) => from >= start && to <= end)
    .map(([from, to]) => [from - start, to - start] as [number, number])
    .filter((mark, index, all) => index === 0 || mark[0] >= all[index - 1][1])
  return {
    source,
    text: text.slice(start, end),
    marks,
    ...(source === 'text' ? { range: { start: first[0], end: first[1] } } : {}),
    ...(annotationId ? { annotationId } : {}),
    cutStart: start > 0 && start !== paragraphStart,
    cutEnd: end < text.length && text[end] !== '\n',
  }
}
