import { FIELD_BIT, ALL_FIELDS } from './searchFields'
import { wordsForSearch } from './tokenizeForSearch'

/** One thing to look for: a word (a prefix while it is being typed) or an exact phrase. */
export type SearchTerm =
  | { kind: 'word'; word: string; prefix: boolean; fields: number }
  | { kind: 'phrase'; words: string[]; fields: number }

export interface ParsedQuery {
  /** Every clause must match; a clause matches when any of its alternatives (joined by OR) does. */
  clauses: SearchTerm[][]
  /** No result may match any of these. */
  excluded: SearchTerm[]
  filters: {
    type?: string
    language?: string
    tags: string[]
    /** Collection names (or paths) as written; each must hold the item, in itself or a subcollection. */
    collections: string[]
    yearFrom?: number
    yearTo?: number
  }
}

export class SearchQueryError extends Error {}

const FIELD_FILTERS: Record<string, number> = { author: FIELD_BIT.author, title: FIELD_BIT.title }
const SCOPES: Record<string, number> = { notes: FIELD_BIT.notes, highlights: FIELD_BIT.highlights }
const KNOWN = 'author:, title:, tag:, collection:, type:, lang:, year: and in:'

// A piece of the query: an optional -, an optional name:, then a "quoted phrase" or a bare run.
const PIECE = /(-?)(?:([a-z]+):)?(?:"([^"]*)("?)|(\S+))/giy

/**
 * Reads the query language: words (all must match), "exact phrases", OR, -exclusions, the filters
 * author: title: tag: collection: type: lang: year:2018 year:2015..2019, and in:notes / in:highlights.
 * The last bare word is also a prefix unless the query ends in a space, for search as you type.
 */
export function parseSearchQuery(query: string): ParsedQuery {
  const parsed: ParsedQuery = { clauses: [], excluded: [], filters: { tags: [], collections: [] } }
  const normalized = query.replace(/[\u201C\u201D\u201E\u00AB\u00BB]/g, '"')
  let pendingOr = false
  let lastWord: { kind: 'word'; prefix: boolean } | null = null
  let position = 0
  const pieces: { negated: boolean; name?: string; phrase?: string; bare?: string; at: number }[] = []

  while (position < normalized.length) {
    const space = /\s+/y
    space.lastIndex = position
    if (space.exec(normalized)) {
      position = space.lastIndex
      continue
    }
    PIECE.lastIndex = position
    const match = PIECE.exec(normalized)!
    if (match[3] !== undefined && match[4] !== '"') {
      throw new SearchQueryError(`The quote opened at character ${position + match[0].indexOf('"') + 1} is never closed; add a closing ".`)
    }
    const emptyFilter = !match[2] && /^([a-z]+):$/i.exec(match[5] ?? '')
    if (emptyFilter) pieces.push({ negated: match[1] === '-', name: emptyFilter[1], bare: '', at: position })
    else pieces.push({ negated: match[1] === '-', name: match[2], phrase: match[3], bare: match[5], at: position })
    position = PIECE.lastIndex
  }

  let lastFilter: string | null = null
  for (const [index, piece] of pieces.entries()) {
    if (!piece.name && piece.phrase === undefined && piece.bare === 'OR' && !piece.negated) {
      if (lastFilter) throw new SearchQueryError(`${lastFilter}: is a filter and cannot be joined with OR.`)
      if (!parsed.clauses.length || pendingOr || index === pieces.length - 1) {
        throw new SearchQueryError('OR needs something to look for on each side, as in: kaesong OR pyongyang.')
      }
      pendingOr = true
      continue
    }
    let fields = ALL_FIELDS
    lastFilter = null
    if (piece.name && isPastedText(piece.name, piece.phrase ?? piece.bare ?? '')) {
      // "Korea: een …" or "https://…" pasted from an article is text to find, not a filter.
      piece.bare = `${piece.name} ${piece.phrase ?? piece.bare ?? ''}`
      piece.phrase = undefined
      piece.name = undefined
    }
    if (piece.name) {
      const name = piece.name.toLowerCase()
      const value = (piece.phrase ?? piece.bare ?? '').trim()
      if (!value) throw new SearchQueryError(`${name}: needs a value after the colon, as in ${name}:${Object.hasOwn(EXAMPLES, name) ? EXAMPLES[name] : 'word'}.`)
      if (Object.hasOwn(FIELD_FILTERS, name)) {
        fields = FIELD_FILTERS[name]
      } else {
        if (piece.negated) throw new SearchQueryError(`${name}: cannot be excluded with -; only words, phrases, author: and title: can.`)
        if (pendingOr) throw new SearchQueryError(`${name}: is a filter and cannot be joined with OR.`)
        applyFilter(parsed, name, value)
        lastFilter = name
        continue
      }
    }
    const term = termOf(piece.phrase, piece.bare ?? '', fields)
    if (!term) {
      if (pendingOr) throw new SearchQueryError('OR needs something to look for on each side, as in: kaesong OR pyongyang.')
      continue
    }
    if (piece.negated) {
      if (pendingOr) throw new SearchQueryError('An excluded term cannot be joined with OR; write the exclusion on its own.')
      parsed.excluded.push(term)
      continue
    }
    if (pendingOr) parsed.clauses[parsed.clauses.length - 1].push(term)
    else parsed.clauses.push([term])
    pendingOr = false
    lastWord = term.kind === 'word' && piece.bare !== undefined && index === pieces.length - 1 ? term : null
  }
  // Scope (in:notes) applies to every term, wherever it was written.
  const filters = parsed.filters as ParsedQuery['filters'] & { scope?: number }
  const scope = filters.scope ?? ALL_FIELDS
  if (scope !== ALL_FIELDS) {
    for (const clause of parsed.clauses) for (const term of clause) if (term.fields === ALL_FIELDS) term.fields = scope
  }
  delete filters.scope
  if (lastWord && !/\s$/.test(query)) lastWord.prefix = true
  if (!parsed.clauses.length && parsed.excluded.length) {
    throw new SearchQueryError('A query needs something to look for besides what it excludes.')
  }
  return parsed
}

const FILTER_NAMES = new Set(['author', 'title', 'tag', 'collection', 'type', 'lang', 'year', 'in'])

/** An unknown name: with nothing after the colon, or an address after it, reads as text; "colour:red" still reads as a mistyped filter. */
function isPastedText(name: string, value: string): boolean {
  return !FILTER_NAMES.has(name.toLowerCase()) && (!value.trim() || value.startsWith('//'))
}

const EXAMPLES: Record<string, string> = {
  author: 'vries',
  title: 'korea',
  tag: 'korea',
  collection: '"Thesis"',
  type: 'article-newspaper',
  lang: 'nl',
  year: '2018',
  in: 'notes',
}

function termOf(phrase: string | undefined, bare: string, fields: number): SearchTerm | null {
  if (phrase !== undefined) {
    const words = wordsForSearch(phrase)
    if (!words.length) return null
    return words.length === 1 ? { kind: 'word', word: words[0], prefix: false, fields } : { kind: 'phrase', words, fields }
  }
  const explicitPrefix = bare.endsWith('*')
  const words = wordsForSearch(bare)
  if (!words.length) return null
  // A hyphenated or dotted word (Zuid-Korea) is looked for as the phrase it is in the text.
  if (words.length > 1) return { kind: 'phrase', words, fields }
  return { kind: 'word', word: words[0], prefix: explicitPrefix, fields }
}

function applyFilter(parsed: ParsedQuery, name: string, value: string) {
  const filters = parsed.filters as ParsedQuery['filters'] & { scope?: number }
  switch (name) {
    case 'tag':
      filters.tags.push(value.toLowerCase())
      return
    case 'collection':
      filters.collections.push(value)
      return
    case 'type':
      filters.type = value.toLowerCase()
      return
    case 'lang':
      filters.language = value.toLowerCase()
      return
    case 'year': {
      const range = /^(\d{4})(?:\.\.(\d{4}))?$/.exec(value)
      if (!range) throw new SearchQueryError(`year: takes a year such as year:2018 or a range such as year:2015..2019, not "${value}".`)
      const from = Number(range[1])
      const to = Number(range[2] ?? range[1])
      if (from > to) throw new SearchQueryError(`The range year:${value} ends before it starts; write year:${to}..${from}.`)
      filters.yearFrom = from
      filters.yearTo = to
      return
    }
    case 'in': {
      const scope = Object.hasOwn(SCOPES, value.toLowerCase()) ? SCOPES[value.toLowerCase()] : 0
      if (!scope) throw new SearchQueryError(`in: takes notes or highlights, not "${value}".`)
      filters.scope = (filters.scope === undefined || filters.scope === ALL_FIELDS ? 0 : filters.scope) | scope
      return
    }
    default:
      throw new SearchQueryError(`There is no filter "${name}:"; the filters are ${KNOWN}.`)
  }
}
