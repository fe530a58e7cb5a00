// Scriptorium 0.1's hand-made search index, retired from the app: kept only as the search bench's baseline at 10,000 articles.
import type { SearchDocument } from '../electron/core/search/searchDocument'
import { ALL_FIELDS, FIELD_BIT, FIELD_WEIGHT } from '../electron/core/search/searchFields'
import type { ParsedQuery, SearchTerm } from '../electron/core/search/parseSearchQuery'
import { queryTermsFor, stemCached, stemmerFor } from '../electron/core/search/stemForSearch'
import { findPhrase } from '../electron/core/search/findPhrase'
import { fieldTexts } from '../electron/core/search/searchFieldTexts'
import { tokenizeForSearch, wordsForSearch } from '../electron/core/search/tokenizeForSearch'

/** Postings of one term, in document-number order: which documents, how much, and in which fields. */
interface Posting {
  docs: number[]
  weights: number[]
  masks: number[]
}

/** A posting as saved: its length, and "doc-delta,2×weight,mask,…" in base 36. */
interface EncodedPosting {
  count: number
  data: string
}

export const SEARCH_INDEX_FORMAT = 'scriptorium-search-index'
/** Raised whenever tokenizing, stemming, weights or the file layout change: an older index is rebuilt. */
export const SEARCH_INDEX_VERSION = 1

const POSTINGS_PER_LINE = 2000

export class DamagedSearchIndexError extends Error {}

export interface RankedDocument {
  doc: SearchDocument
  score: number
}

export interface SearchOptions {
  limit: number
  sort: 'relevance' | 'date'
}

// BM25's usual constants.
const K1 = 1.2
const B = 0.75
// A prefix stands for at most this many terms, the most frequent first being no better a guess.
const MAX_PREFIX_TERMS = 24

/**
 * An inverted index with BM25F ranking. Removed documents stay in the postings as tombstones until
 * the next compaction, so an edit costs only its own document.
 */
export class SearchIndex {
  private docs: (SearchDocument | null)[] = []
  private lengths: number[] = []
  private numbers = new Map<string, number>()
  /** Postings loaded from disk stay encoded until a query first needs them, so a start is quick. */
  private postings = new Map<string, Posting | EncodedPosting>()
  private sortedTerms: string[] | null = null
  private norms: Float64Array | null = null
  /** What each query word stood for, until the next change: a query asks twice, typing asks again. */
  private termCache = new Map<string, string[]>()
  private normsAverage = 0
  private totalLength = 0
  private tombstones = 0
  /** As read from a saved index: the generation of the journal of changes it was saved with. */
  journal = ''

  get size(): number {
    return this.numbers.size
  }

  stampOf(id: string): string | undefined {
    const number = this.numbers.get(id)
    return number === undefined ? undefined : this.docs[number]!.stamp
  }

  ids(): string[] {
    return [...this.numbers.keys()]
  }

  documents(): SearchDocument[] {
    return this.docs.filter((doc): doc is SearchDocument => doc !== null)
  }

  /** Adds a document, replacing any with the same id. */
  add(doc: SearchDocument): void {
    this.remove(doc.id)
    const number = this.docs.length
    this.docs.push(doc)
    this.numbers.set(doc.id, number)
    const stem = stemmerFor(doc.language)
    const weights = new Map<string, { weight: number; mask: number }>()
    let length = 0
    for (const [field, text] of fieldTexts(doc)) {
      if (!text) continue
      const bit = FIELD_BIT[field]
      const weight = FIELD_WEIGHT[field]
      for (const word of wordsForSearch(text)) {
        const term = stemCached(stem, word)
        const entry = weights.get(term)
        if (entry) {
          entry.weight += weight
          entry.mask |= bit
        } else weights.set(term, { weight, mask: bit })
        length += weight
      }
    }
    for (const [term, { weight, mask }] of weights) {
      let posting = this.posting(term)
      if (!posting) {
        posting = { docs: [], weights: [], masks: [] }
        this.postings.set(term, posting)
        this.sortedTerms = null
      }
      posting.docs.push(number)
      posting.weights.push(weight)
      posting.masks.push(mask)
    }
    this.lengths[number] = length
    this.totalLength += length
    this.norms = null
    this.termCache.clear()
  }

  remove(id: string): void {
    const number = this.numbers.get(id)
    if (number === undefined) return
    this.numbers.delete(id)
    this.docs[number] = null
    this.norms = null
    this.termCache.clear()
    this.totalLength -= this.lengths[number]
    this.tombstones++
    if (this.tombstones > 1000 && this.tombstones > this.docs.length / 4) this.compact()
  }

  /** Renumbers the live documents, dropping tombstones from every posting. */
  compact(): void {
    const live = this.documents()
    this.docs = []
    this.lengths = []
    this.numbers.clear()
    this.postings.clear()
    this.sortedTerms = null
    this.totalLength = 0
    this.tombstones = 0
    for (const doc of live) this.add(doc)
  }

  search(query: ParsedQuery, { limit, sort }: SearchOptions): { total: number; ranked: RankedDocument[] } {
    const count = this.docs.length
    const live = this.size
    const averageLength = live ? this.totalLength / live : 1
    let candidates: Float64Array | null = null
    let matched: number[] = []
    // Rare clauses first: each later one only narrows the candidates.
    const clauses = [...query.clauses].sort((a, b) => this.estimate(a) - this.estimate(b))
    for (const clause of clauses) {
      const scores = new Float64Array(count)
      const touched: number[] = []
      for (const term of clause) this.scoreTerm(term, scores, touched, candidates, averageLength)
      matched = touched.filter((number) => scores[number] > 0)
      if (candidates) for (const number of matched) scores[number] += candidates[number]
      candidates = scores
      if (!matched.length) break
    }
    if (!clauses.length) matched = this.docs.flatMap((doc, number) => (doc ? [number] : []))

    const excluded = new Set<number>()
    for (const term of query.excluded) {
      const scores = new Float64Array(count)
      const touched: number[] = []
      this.scoreTerm(term, scores, touched, null, averageLength)
      for (const number of touched) if (scores[number] > 0) excluded.add(number)
    }
    const better =
      sort === 'date'
        ? (a: RankedDocument, b: RankedDocument) => b.doc.date.localeCompare(a.doc.date) || b.score - a.score
        : (a: RankedDocument, b: RankedDocument) => b.score - a.score || b.doc.date.localeCompare(a.doc.date)
    // Only the best `limit` are kept in order: sorting every match would cost more than the search.
    const top: RankedDocument[] = []
    let total = 0
    for (const number of matched) {
      const doc = this.docs[number]
      if (!doc || excluded.has(number) || !passesFilters(doc, query.filters)) continue
      total++
      const entry = { doc, score: candidates ? candidates[number] : 0 }
      if (top.length === limit && better(entry, top[limit - 1]) >= 0) continue
      let at = top.length
      while (at > 0 && better(entry, top[at - 1]) < 0) at--
      top.splice(at, 0, entry)
      if (top.length > limit) top.pop()
    }
    return { total, ranked: top }
  }

  /** The index terms a query term stands for: its Dutch and English stems, and what a prefix begins. */
  termsFor(word: string, prefix: boolean): string[] {
    const key = `${prefix ? '*' : ''}${word}`
    let terms = this.termCache.get(key)
    if (!terms) {
      terms = this.findTermsFor(word, prefix)
      if (this.termCache.size > 1000) this.termCache.clear()
      this.termCache.set(key, terms)
    }
    return terms
  }

  private findTermsFor(word: string, prefix: boolean): string[] {
    const terms = queryTermsFor(word).filter((term) => this.postings.has(term))
    if (!prefix) return terms
    const sorted = (this.sortedTerms ??= [...this.postings.keys()].sort())
    let low = 0
    let high = sorted.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (sorted[middle] < word) low = middle + 1
      else high = middle
    }
    // The most frequent completions, kept in order as they come: a short prefix has thousands.
    const best: string[] = []
    const counts: number[] = []
    for (let index = low; index < sorted.length && sorted[index].startsWith(word); index++) {
      const count = this.frequency(sorted[index])
      if (best.length === MAX_PREFIX_TERMS && count <= counts[MAX_PREFIX_TERMS - 1]) continue
      let at = best.length
      while (at > 0 && counts[at - 1] < count) at--
      best.splice(at, 0, sorted[index])
      counts.splice(at, 0, count)
      if (best.length > MAX_PREFIX_TERMS) {
        best.pop()
        counts.pop()
      }
    }
    return [...new Set([...terms, ...best])]
  }

  private frequency(term: string): number {
    const posting = this.postings.get(term)
    if (!posting) return 0
    return 'count' in posting ? posting.count : posting.docs.length
  }

  private posting(term: string): Posting | undefined {
    const stored = this.postings.get(term)
    if (!stored || !('data' in stored)) return stored
    const numbers = stored.data.split(',')
    const posting: Posting = { docs: [], weights: [], masks: [] }
    let number = 0
    for (let index = 0; index + 2 < numbers.length; index += 3) {
      number += parseInt(numbers[index], 36)
      posting.docs.push(number)
      posting.weights.push(parseInt(numbers[index + 1], 36) / 2)
      posting.masks.push(parseInt(numbers[index + 2], 36))
    }
    this.postings.set(term, posting)
    return posting
  }

  /**
   * The index as lines of JSON: a header with the format version, one line per document, then the
   * postings a few thousand terms a line. Lines, because a large library's index is longer than
   * the longest string JavaScript allows. Tombstones are dropped first. `journal` names the
   * generation of the journal of changes whose every line is yet to be applied to this index.
   */
  serialize(journal = ''): string[] {
    if (this.tombstones) this.compact()
    const lines = [JSON.stringify({ format: SEARCH_INDEX_FORMAT, version: SEARCH_INDEX_VERSION, documents: this.docs.length, terms: this.postings.size, journal })]
    for (const [number, doc] of this.docs.entries()) lines.push(JSON.stringify([doc, this.lengths[number]]))
    let chunk: Record<string, [number, string]> = {}
    let inChunk = 0
    for (const term of this.postings.keys()) {
      const { docs, weights, masks } = this.posting(term)!
      const parts: string[] = []
      let previous = 0
      for (let index = 0; index < docs.length; index++) {
        parts.push((docs[index] - previous).toString(36), Math.round(weights[index] * 2).toString(36), masks[index].toString(36))
        previous = docs[index]
      }
      chunk[term] = [docs.length, parts.join(',')]
      if (++inChunk === POSTINGS_PER_LINE) {
        lines.push(JSON.stringify(chunk))
        chunk = {}
        inChunk = 0
      }
    }
    if (inChunk) lines.push(JSON.stringify(chunk))
    return lines
  }

  /** Reads what serialize wrote; lines of another version or shape are refused, to be rebuilt. */
  static deserialize(lines: string[]): SearchIndex {
    const parse = (line: string | undefined) => {
      try {
        return JSON.parse(line ?? '') as unknown
      } catch {
        throw new DamagedSearchIndexError('The search index is not valid JSON.')
      }
    }
    const header = parse(lines[0]) as { format?: unknown; version?: unknown; documents?: unknown; terms?: unknown; journal?: unknown } | null
    if (!header || header.format !== SEARCH_INDEX_FORMAT) throw new DamagedSearchIndexError('The search index has an unknown format.')
    if (header.version !== SEARCH_INDEX_VERSION) throw new DamagedSearchIndexError(`The search index has version ${String(header.version)}, not ${SEARCH_INDEX_VERSION}.`)
    const { documents, terms } = header
    if (typeof documents !== 'number' || typeof terms !== 'number' || lines.length < 1 + documents) throw new DamagedSearchIndexError('The search index is incomplete.')
    const index = new SearchIndex()
    index.journal = typeof header.journal === 'string' ? header.journal : ''
    for (let number = 0; number < documents; number++) {
      const entry = parse(lines[1 + number])
      if (!Array.isArray(entry) || !isSearchDocument(entry[0]) || typeof entry[1] !== 'number') throw new DamagedSearchIndexError('The search index holds a damaged entry.')
      index.docs.push(entry[0])
      index.numbers.set(entry[0].id, number)
      index.lengths.push(entry[1])
      index.totalLength += entry[1]
    }
    for (const line of lines.slice(1 + documents)) {
      const chunk = parse(line)
      if (!chunk || typeof chunk !== 'object') throw new DamagedSearchIndexError('The search index holds a damaged posting.')
      for (const [term, value] of Object.entries(chunk as Record<string, unknown>)) {
        if (!Array.isArray(value) || typeof value[0] !== 'number' || typeof value[1] !== 'string') throw new DamagedSearchIndexError('The search index holds a damaged posting.')
        index.postings.set(term, { count: value[0], data: value[1] })
      }
    }
    if (index.postings.size !== terms) throw new DamagedSearchIndexError('The search index is incomplete.')
    return index
  }

  private estimate(clause: SearchTerm[]): number {
    let total = 0
    for (const term of clause) {
      const words = term.kind === 'word' ? [term.word] : term.words
      let smallest = Infinity
      for (const word of words) {
        const terms = this.termsFor(word, term.kind === 'word' && term.prefix)
        smallest = Math.min(smallest, terms.reduce((sum, t) => sum + this.frequency(t), 0))
      }
      total += smallest
    }
    return total
  }

  private scoreTerm(term: SearchTerm, scores: Float64Array, touched: number[], candidates: Float64Array | null, averageLength: number) {
    if (term.kind === 'word') {
      this.scoreWord(term.word, term.prefix, term.fields, scores, touched, candidates, averageLength)
      return
    }
    // A phrase: every word must be there, then its words must stand in order in one field.
    const phraseScores = new Float64Array(scores.length)
    let current: Set<number> | null = null
    for (const word of term.words) {
      const local = new Float64Array(scores.length)
      const seen: number[] = []
      this.scoreWord(word, false, term.fields, local, seen, candidates, averageLength)
      const next = new Set<number>()
      for (const number of seen) {
        if (current && !current.has(number)) continue
        next.add(number)
        phraseScores[number] += local[number]
      }
      current = next
      if (!current.size) return
    }
    for (const number of current ?? []) {
      const doc = this.docs[number]
      if (doc && phraseOccurs(doc, term.words, term.fields)) {
        if (scores[number] === 0) touched.push(number)
        scores[number] += phraseScores[number]
      }
    }
  }

  /**
   * BM25's length part for each document, K1·(1 − B + B·length/average), kept until a document is
   * added or removed: computing it afresh for every posting cost more than the rest of the loop.
   * A tombstone's is Infinity, which scores it 0 without a test of its own.
   */
  private lengthNorms(averageLength: number): Float64Array {
    if (this.norms && this.norms.length === this.docs.length && this.normsAverage === averageLength) return this.norms
    const norms = new Float64Array(this.docs.length)
    for (let number = 0; number < norms.length; number++) norms[number] = this.docs[number] ? K1 * (1 - B + (B * this.lengths[number]) / averageLength) : Infinity
    this.norms = norms
    this.normsAverage = averageLength
    return norms
  }

  private scoreWord(word: string, prefix: boolean, fields: number, scores: Float64Array, touched: number[], candidates: Float64Array | null, averageLength: number) {
    const live = this.size
    const norms = this.lengthNorms(averageLength)
    for (const term of this.termsFor(word, prefix)) {
      const posting = this.posting(term)!
      // Tombstones still count in the posting; never more than the live documents, or idf turns negative.
      const frequency = Math.min(posting.docs.length, live)
      const idf = Math.log(1 + (live - frequency + 0.5) / (frequency + 0.5))
      // A term that only begins the typed word counts for less than the word itself.
      const factor = term === word || !prefix || !term.startsWith(word) || queryTermsFor(word).includes(term) ? 1 : 0.5
      const scale = factor * idf * (K1 + 1)
      const { docs, weights, masks } = posting
      const allFields = fields === ALL_FIELDS
      for (let index = 0; index < docs.length; index++) {
        const number = docs[index]
        if (candidates !== null && !(candidates[number] > 0)) continue
        let weight = weights[index]
        if (!allFields) {
          if ((masks[index] & fields) === 0) continue
          weight = Math.max(1, weight / 2)
        }
        const score = (scale * weight) / (weight + norms[number])
        if (score === 0) continue
        if (scores[number] === 0) touched.push(number)
        scores[number] += score
      }
    }
  }
}

/** Whether the words stand one after the other in any of the fields. */
export function phraseOccurs(doc: SearchDocument, words: string[], fields: number): boolean {
  for (const [field, text] of fieldTexts(doc)) {
    if (!(FIELD_BIT[field] & fields) || !text) continue
    if (findPhrase(tokenizeForSearch(text), words).length) return true
  }
  return false
}

function isSearchDocument(doc: unknown): doc is SearchDocument {
  const candidate = doc as SearchDocument
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.id === 'string' &&
    typeof candidate.stamp === 'string' &&
    typeof candidate.text === 'string' &&
    typeof candidate.title === 'string' &&
    typeof candidate.date === 'string' &&
    Array.isArray(candidate.tags) &&
    Array.isArray(candidate.annotations)
  )
}

function passesFilters(doc: SearchDocument, filters: ParsedQuery['filters']): boolean {
  if (filters.type && doc.type.toLowerCase() !== filters.type) return false
  if (filters.language && !(doc.language.toLowerCase() === filters.language || doc.language.toLowerCase().startsWith(`${filters.language}-`))) return false
  if (filters.yearFrom !== undefined && (doc.year === null || doc.year < filters.yearFrom || doc.year > filters.yearTo!)) return false
  for (const tag of filters.tags) if (!doc.tags.some((own) => own.toLowerCase() === tag)) return false
  return true
}
