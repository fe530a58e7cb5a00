import type Database from 'better-sqlite3'
import type { ParsedQuery } from '../../core/search/parseSearchQuery'
import { ALL_FIELDS, FIELD_WEIGHT, SEARCH_FIELDS } from '../../core/search/searchFields'
import type { SearchDocument } from '../../core/search/searchDocument'
import { queryTermsFor } from '../../core/search/stemForSearch'
import { type ColumnTexts, ftsColumnTexts } from './ftsColumnTexts'
import { matchedDocs } from './matchedDocs'
import type { KeptFilter } from './keptFilterColumns'
import { documentOf, type DocRow } from './searchDocumentOfRow'
import { stemColumn } from './searchSchema'
import { sqliteVarints } from './sqliteVarints'
import { statementFor } from './statementFor'

/*
 * Impact lists: for each frequent stemmed word, the items where that word weighs most in FTS5's
 * weighted BM25, so that a search for one such word ranks a few hundred rows instead of every
 * item that has the word (bm25() costs 1–2 µs a row: a word in 60,000 items took 250–350 ms).
 *
 * The rule that keeps them exact: every item that has the word but is not in its list has a key
 * (its BM25 term weight at the average length of the build, kept in search_meta) of at most the list's
 * `floor`. Adding an item above the floor puts it in the list; removing one only shortens the
 * list; trimming a long list raises the floor to the highest key it dropped. A search uses a list
 * only when the k-th best of it provably beats every item outside it, else FTS5 ranks as before.
 * Every change runs in the caller's transaction with the FTS5 row it belongs to. Each listed word
 * also keeps how many items have it, which is the total of a search for it and its IDF.
 */
export const IMPACT_TABLES = `
CREATE TABLE search_impact_terms (term TEXT PRIMARY KEY, floor REAL NOT NULL, size INTEGER NOT NULL, items INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE search_impact (term TEXT NOT NULL, doc INTEGER NOT NULL, freq REAL NOT NULL, length INTEGER NOT NULL, key REAL NOT NULL, PRIMARY KEY (term, doc)) WITHOUT ROWID;
CREATE INDEX search_impact_key ON search_impact (term, key);
CREATE INDEX search_impact_doc ON search_impact (doc);
`
export const IMPACT_TABLE_NAMES = ['search_impact', 'search_impact_terms']

// FTS5's bm25() constants.
export const K1 = 1.2
export const B = 0.75
/** A list is trimmed back to this many entries once it holds twice as many: enough to prove a first page of 20 to 50. */
const KEEP = 256
/** Words in fewer items than this get no list: FTS5 ranks them in a few milliseconds. */
const MIN_ITEMS = 1500

/** One word's part of FTS5's bm25() before its IDF, written as fts5_aux.c computes it. */
export function termWeight(freq: number, length: number, avgdl: number): number {
  return (freq * (K1 + 1.0)) / (freq + K1 * (1 - B + (B * length) / avgdl))
}

/** The most an item outside a list can weigh now, given that it weighed at most `floor` at the build's average length. */
function outsideBound(floor: number, builtAvgdl: number, avgdl: number): number {
  if (floor <= 0) return 0
  // The length part of the denominator shrinks by at most builtAvgdl / avgdl when the average grows.
  const shrink = Math.min(1, builtAvgdl / avgdl)
  return (K1 + 1) / (1 + shrink * ((K1 + 1) / floor - 1))
}

// FTS5's ascii tokenizer: ASCII letters and digits, the apostrophe (our tokenchars) and every non-ASCII character make tokens.
const FTS_TOKEN = /[A-Za-z0-9'\u0080-\uFFFF]+/g
export function ftsTokens(text: string): string[] {
  const tokens = text.match(FTS_TOKEN) ?? []
  // Indexed texts are folded already: only a query's may need its ASCII capitals lowered.
  return /[A-Z]/.test(text) ? tokens.map((token) => token.replace(/[A-Z]+/g, (upper) => upper.toLowerCase())) : tokens
}

/**
 * ftsTokens, remembering each text it split: the two sides of an item's change share the columns that
 * stayed the same (ftsColumnTextsOfChange), and its lists and grams read the same columns. `known` may
 * hold texts' tokens already, as ftsColumnTextsOfChange gives them.
 */
export function rememberedTokens(known = new Map<string, string[]>()): (text: string) => string[] {
  return (text) => {
    let tokens = known.get(text)
    if (!tokens) known.set(text, (tokens = ftsTokens(text)))
    return tokens
  }
}

/** An item's length in FTS5 tokens over every column, and each stemmed word's count weighted by its column, as bm25() counts them. */
function termFrequencies(exact: string[], stems: string[], tokensOf: (text: string) => string[] = ftsTokens): { length: number; freq: Map<string, number> } {
  let length = 0
  for (const text of exact) length += tokensOf(text).length
  const freq = new Map<string, number>()
  stems.forEach((text, column) => {
    const tokens = tokensOf(text)
    length += tokens.length
    const weight = FIELD_WEIGHT[SEARCH_FIELDS[column]]
    for (const token of tokens) freq.set(token, (freq.get(token) ?? 0) + weight)
  })
  return { length, freq }
}

/** FTS5's own row count and average row length (all columns), from its averages record. */
export function ftsAverages(db: Database.Database): { rows: number; avgdl: number } {
  const row = statementFor(db, 'SELECT block FROM search_fts_data WHERE id = 1').get() as { block: Buffer } | undefined
  if (!row) return { rows: 0, avgdl: 0 }
  const varints = sqliteVarints(row.block)
  const rows = varints.next()
  let tokens = 0
  while (!varints.done()) tokens += varints.next()
  return { rows, avgdl: rows > 0 ? tokens / rows : 0 }
}

/** The average length the lists' keys were computed at, and their length after a trim; null until the lists are complete: only then may a search use them. */
function builtLists(db: Database.Database): { avgdl: number; keep: number } | null {
  const row = statementFor(db, "SELECT value FROM search_meta WHERE key = 'impact_lists'").get() as { value: string } | undefined
  return row ? (JSON.parse(row.value) as { avgdl: number; keep: number }) : null
}

/**
 * A build under way, a step per transaction (buildImpactListsStep), kept in search_meta so that the next
 * process resumes it. While `sampling`, search_impact_terms counts each word's sampled items; once
 * `listing`, it holds the chosen words, and every item of a rowid below `next` is in their counts and lists.
 */
type ListsBuild =
  | { phase: 'sampling'; next: number; step: number; minItems: number; keep: number }
  | { phase: 'listing'; next: number; avgdl: number; keep: number }

function listsBuild(db: Database.Database): ListsBuild | null {
  const row = statementFor(db, "SELECT value FROM search_meta WHERE key = 'impact_build'").get() as { value: string } | undefined
  return row ? (JSON.parse(row.value) as ListsBuild) : null
}

function saveListsBuild(db: Database.Database, build: ListsBuild | null): void {
  if (build) statementFor(db, "INSERT OR REPLACE INTO search_meta (key, value) VALUES ('impact_build', ?)").run(JSON.stringify(build))
  else statementFor(db, "DELETE FROM search_meta WHERE key = 'impact_build'").run()
}

/**
 * The lists an item's change must keep right: all of them once complete; during a build, only for an
 * item the build has passed (the build counts the others itself, as they are when it gets to them).
 */
function listsToKeep(db: Database.Database, rowid: number): { avgdl: number; keep: number } | null {
  const built = builtLists(db)
  if (built) return built
  const build = listsBuild(db)
  return build?.phase === 'listing' && rowid < build.next ? build : null
}

/** Counts a just indexed item for its frequent words, and puts it in their lists where it weighs above their floor. */
export function indexImpactEntries(db: Database.Database, rowid: number, exact: string[], stems: string[]): void {
  const built = listsToKeep(db, rowid)
  if (!built) return
  for (const term of listEntries(db, rowid, termFrequencies(exact, stems), built)) countItem(db, term, 1)
}

/**
 * Counts an item in or out of a word's count (a word without a list has none). One statement a word:
 * an UPDATE whose terms come from json_each took 0.7–1.3 ms even for one word (SQLite 3.53, a table of 100 or 4,000 rows),
 * against 2 µs for `term = ?`.
 */
function countItem(db: Database.Database, term: string, by: 1 | -1): void {
  statementFor(db, 'UPDATE search_impact_terms SET items = items + ? WHERE term = ?').run(by, term)
}

/**
 * Follows an item's change of words in the lists, as taking it out and indexing it again would, doing
 * less: only the words it gained or lost change a count (an edited title leaves the article's hundreds
 * of words counted as they were), and its entries are written again at its new length (listEntries).
 */
export function reindexImpactEntries(db: Database.Database, rowid: number, before: ColumnTexts, after: ColumnTexts, tokensOf: (text: string) => string[]): void {
  const built = listsToKeep(db, rowid)
  if (!built) return
  const now = termFrequencies(after.exact, after.stems, tokensOf)
  // A word can only come or go through a column whose text changed; only a word with a list has a
  // count (once the lists are built): a new word of a title has none, and the article's words are not walked for it.
  const listed = listedWords(db)
  const counted = (term: string) => !listed || listed.has(term)
  const changed = after.stems.flatMap((text, column) => (text === before.stems[column] ? [] : [column]))
  const had = new Set(changed.flatMap((column) => tokensOf(before.stems[column])).filter(counted))
  const gained = new Set(changed.flatMap((column) => tokensOf(after.stems[column])).filter((term) => counted(term) && !had.has(term)))
  // A word also found in a column that kept its text was counted already: looked for only while
  // some are left (no set is made of the article's hundreds of words for the title's few).
  after.stems.forEach((text, column) => {
    if (!gained.size || changed.includes(column)) return
    for (const token of tokensOf(text)) if (gained.delete(token) && !gained.size) return
  })
  for (const term of gained) countItem(db, term, 1)
  for (const term of had) if (!now.freq.has(term)) countItem(db, term, -1)
  listEntries(db, rowid, now, built, new Set(statementFor(db, 'SELECT term FROM search_impact WHERE doc = ?').pluck().all(rowid) as string[]))
}

/**
 * Puts an item in the lists of its words where it weighs above their floor; gives the words that have
 * a list. The entries it has already (`entered`, of an item indexed again) are written again at their
 * new weight, or leave a list whose floor they no longer pass or whose word it lost: as taking them all
 * out and putting the item in anew would leave them, with a statement for each instead of four.
 */
function listEntries(
  db: Database.Database,
  rowid: number,
  { length, freq }: { length: number; freq: Map<string, number> },
  { avgdl, keep }: { avgdl: number; keep: number },
  entered = new Set<string>(),
): string[] {
  const listed = listsOf(db, freq)
  for (const { term, floor, size } of listed) {
    const weight = freq.get(term)!
    const key = termWeight(weight, length, avgdl)
    if (entered.delete(term)) {
      // Out and in again leaves the size as it was (a list holds fewer than 2 * keep), so no trim.
      if (key > floor) statementFor(db, 'UPDATE search_impact SET freq = ?, length = ?, key = ? WHERE term = ? AND doc = ?').run(weight, length, key, term, rowid)
      else removeEntry(db, term, rowid)
      continue
    }
    if (key <= floor) continue
    statementFor(db, 'INSERT INTO search_impact (term, doc, freq, length, key) VALUES (?, ?, ?, ?, ?)').run(term, rowid, weight, length, key)
    if (size + 1 < 2 * keep) statementFor(db, 'UPDATE search_impact_terms SET size = size + 1 WHERE term = ?').run(term)
    else trimList(db, term, floor, keep)
  }
  for (const term of entered) removeEntry(db, term, rowid)
  return listed.map(({ term }) => term)
}

function removeEntry(db: Database.Database, term: string, rowid: number): void {
  statementFor(db, 'DELETE FROM search_impact WHERE term = ? AND doc = ?').run(term, rowid)
  statementFor(db, 'UPDATE search_impact_terms SET size = size - 1 WHERE term = ?').run(term)
}

/**
 * The lists of these words, for those that have one. An item has hundreds of words and only a few
 * have a list (106 of 100,000 items' words in the bench's library): once the lists are complete, the
 * words are sifted by the set of listed words and only theirs are read (looking up every word took
 * about 0.4 ms an item, a fifth of re-indexing an edited title).
 */
function listsOf(db: Database.Database, terms: ReadonlyMap<string, unknown>): { term: string; floor: number; size: number }[] {
  const listed = listedWords(db)
  if (!listed) return statementFor(db, 'SELECT term, floor, size FROM search_impact_terms WHERE term IN (SELECT value FROM json_each(?))').all(JSON.stringify([...terms.keys()])) as { term: string; floor: number; size: number }[]
  const lists: { term: string; floor: number; size: number }[] = []
  const read = statementFor(db, 'SELECT term, floor, size FROM search_impact_terms WHERE term = ?')
  // The smaller side is walked: an article's words outnumber the listed ones.
  const [walked, other] = listed.size <= terms.size ? [listed, terms] : [terms.keys(), listed]
  for (const term of walked) if (other.has(term)) lists.push(read.get(term) as { term: string; floor: number; size: number })
  return lists
}

/**
 * The words that have a list, kept per connection while the lists are complete: only a build changes
 * which words have one (a complete set is never added to). Read again when another connection has
 * committed (SQLite's data_version), or when this one rebuilds the lists (forgetListedWords).
 */
const listedWordsKept = new WeakMap<Database.Database, { version: string; words: Set<string> }>()

function listedWords(db: Database.Database): Set<string> | null {
  const built = builtLists(db)
  if (!built) return null
  const version = `${statementFor(db, 'PRAGMA data_version').pluck().get() as number}:${built.avgdl}:${built.keep}`
  let kept = listedWordsKept.get(db)
  if (kept?.version !== version) {
    kept = { version, words: new Set(statementFor(db, 'SELECT term FROM search_impact_terms').pluck().all() as string[]) }
    listedWordsKept.set(db, kept)
  }
  return kept.words
}

function forgetListedWords(db: Database.Database): void {
  listedWordsKept.delete(db)
}

/** Drops a list's entries past the KEEP best, raising its floor to the highest key dropped. */
function trimList(db: Database.Database, term: string, floor: number, keep: number): { floor: number; size: number } {
  const cut = statementFor(db, 'SELECT key FROM search_impact WHERE term = ? ORDER BY key DESC LIMIT 1 OFFSET ?').pluck().get(term, keep) as number
  statementFor(db, 'DELETE FROM search_impact WHERE term = ? AND key <= ?').run(term, cut)
  const size = statementFor(db, 'SELECT count(*) FROM search_impact WHERE term = ?').pluck().get(term) as number
  statementFor(db, 'UPDATE search_impact_terms SET floor = ?, size = ? WHERE term = ?').run(Math.max(floor, cut), size, term)
  return { floor: Math.max(floor, cut), size }
}

/** Takes an item about to be removed out of every list and count; the floors stay, as nothing outside a list rose. */
export function removeImpactEntries(db: Database.Database, rowid: number, indexed?: SearchDocument): void {
  if (!listsToKeep(db, rowid)) return
  removeEntries(db, rowid)
  // Which frequent words it had, from the words it was indexed with (search_docs, unless the caller has them).
  const { exact, stems } = ftsColumnTexts(indexed ?? documentOf(statementFor(db, 'SELECT * FROM search_docs WHERE rowid = ?').get(rowid) as DocRow))
  for (const { term } of listsOf(db, termFrequencies(exact, stems).freq)) countItem(db, term, -1)
}

/** Takes an item out of every list it is in. */
function removeEntries(db: Database.Database, rowid: number): void {
  const terms = statementFor(db, 'DELETE FROM search_impact WHERE doc = ? RETURNING term').pluck().all(rowid) as string[]
  for (const term of terms) statementFor(db, 'UPDATE search_impact_terms SET size = size - 1 WHERE term = ?').run(term)
}

/** Below this many searchable items no lists are built: FTS5 ranks every match of a word in 1–2 µs each, so at most 5–10 ms here, and a word needs MIN_ITEMS items to get a list at all. */
export const LISTS_FROM = 5000
/**
 * Items read a step. Measured at 100,000 items (3,700 lists), a listing step of 100 items took 254 ms
 * of CPU at the median and 1 s at most (tokenizing, stemming, and inserting and trimming entries while
 * the floors are low): 25 keeps a step's hold on the write lock near 60 ms.
 */
const STEP_ROWS = 25

export interface ListsBuildOptions {
  /** How many searchable items a library needs before a build starts (LISTS_FROM). */
  from?: number
  minItems?: number
  keep?: number
  /** Items read a step. */
  rows?: number
}

type ItemRow = DocRow & { rowid: number }
const frequenciesOf = (row: ItemRow) => {
  const { exact, stems } = ftsColumnTexts(documentOf(row))
  return termFrequencies(exact, stems)
}

/**
 * One bounded step of building the lists from the indexed items, in the caller's write transaction:
 * true while there is more to do. Each step's progress is kept in search_meta, so a build killed
 * between steps resumes where it stopped; a step that did not commit left nothing. Until the last step
 * no search uses the lists; meanwhile the changes of items the build has passed keep them right
 * (listsToKeep), and the build reads the others as they are when it gets to them.
 *
 * First every `step`-th item is read, to learn which words are frequent (a word left out only ranks
 * through FTS5); then every item, counting it for those words and listing it where it weighs above
 * the floor, as indexImpactEntries does for one item.
 */
export function buildImpactListsStep(db: Database.Database, options: ListsBuildOptions = {}): boolean {
  const { from = LISTS_FROM, minItems = MIN_ITEMS, keep = KEEP, rows = STEP_ROWS } = options
  if (builtLists(db)) return false
  const build = listsBuild(db)
  if (!build) {
    const { rows: items } = ftsAverages(db)
    if (items < Math.max(1, from)) return false
    forgetListedWords(db)
    db.exec('DELETE FROM search_impact; DELETE FROM search_impact_terms')
    saveListsBuild(db, { phase: 'sampling', next: 0, step: Math.max(1, Math.min(10, Math.floor(items / 1000))), minItems, keep })
    return true
  }
  return build.phase === 'sampling' ? sampleStep(db, build, rows) : listStep(db, build, rows)
}

function sampleStep(db: Database.Database, build: Extract<ListsBuild, { phase: 'sampling' }>, rows: number): boolean {
  const docs = statementFor(db, 'SELECT rowid, * FROM search_docs WHERE rowid >= ? AND rowid % ? = 0 AND trashed = 0 ORDER BY rowid LIMIT ?').all(build.next, build.step, rows) as ItemRow[]
  const counts = new Map<string, number>()
  for (const row of docs) for (const term of frequenciesOf(row).freq.keys()) counts.set(term, (counts.get(term) ?? 0) + 1)
  const add = statementFor(db, 'INSERT INTO search_impact_terms (term, floor, size, items) VALUES (?, 0, 0, ?) ON CONFLICT (term) DO UPDATE SET items = items + excluded.items')
  for (const [term, count] of counts) add.run(term, count)
  if (docs.length === rows) {
    saveListsBuild(db, { ...build, next: docs[docs.length - 1].rowid + 1 })
    return true
  }
  // The sample is counted: the frequent words keep an empty list, to be filled item by item.
  statementFor(db, 'DELETE FROM search_impact_terms WHERE items * ? < ?').run(build.step, build.minItems)
  statementFor(db, 'UPDATE search_impact_terms SET items = 0').run()
  saveListsBuild(db, { phase: 'listing', next: 0, avgdl: ftsAverages(db).avgdl, keep: build.keep })
  return true
}

function listStep(db: Database.Database, build: Extract<ListsBuild, { phase: 'listing' }>, rows: number): boolean {
  const { avgdl, keep } = build
  const docs = statementFor(db, 'SELECT rowid, * FROM search_docs WHERE rowid >= ? AND trashed = 0 ORDER BY rowid LIMIT ?').all(build.next, rows) as ItemRow[]
  const lists = new Map(
    (statementFor(db, 'SELECT term, floor, size, items FROM search_impact_terms').all() as { term: string; floor: number; size: number; items: number }[]).map((list) => [list.term, list]),
  )
  const changed = new Set<string>()
  const insert = statementFor(db, 'INSERT INTO search_impact (term, doc, freq, length, key) VALUES (?, ?, ?, ?, ?)')
  for (const row of docs) {
    const { length, freq } = frequenciesOf(row)
    for (const [term, weight] of freq) {
      const list = lists.get(term)
      if (!list) continue
      list.items++
      changed.add(term)
      const key = termWeight(weight, length, avgdl)
      if (key <= list.floor) continue
      insert.run(term, row.rowid, weight, length, key)
      if (++list.size >= 2 * keep) Object.assign(list, trimList(db, term, list.floor, keep))
    }
  }
  const save = statementFor(db, 'UPDATE search_impact_terms SET floor = ?, size = ?, items = ? WHERE term = ?')
  for (const term of changed) {
    const { floor, size, items } = lists.get(term)!
    save.run(floor, size, items, term)
  }
  if (docs.length === rows) {
    saveListsBuild(db, { ...build, next: docs[docs.length - 1].rowid + 1 })
    return true
  }
  // Every item is in: from now on the lists answer searches, and every change keeps them.
  saveListsBuild(db, null)
  forgetListedWords(db)
  statementFor(db, "INSERT OR REPLACE INTO search_meta (key, value) VALUES ('impact_lists', ?)").run(JSON.stringify({ avgdl, keep }))
  return false
}

/** Builds every list again from the indexed items, all in the caller's transaction (the bench, tests): the steps above, without a pause. */
export function buildImpactLists(db: Database.Database, options: Omit<ListsBuildOptions, 'from' | 'rows'> = {}): { terms: number; entries: number } {
  forgetListedWords(db)
  db.exec('DELETE FROM search_impact; DELETE FROM search_impact_terms')
  db.prepare("DELETE FROM search_meta WHERE key IN ('impact_lists', 'impact_build')").run()
  while (buildImpactListsStep(db, { ...options, from: 1, rows: 1000 }));
  if (!builtLists(db)) return { terms: 0, entries: 0 }
  return {
    terms: db.prepare('SELECT count(*) FROM search_impact_terms').pluck().get() as number,
    entries: db.prepare('SELECT count(*) FROM search_impact').pluck().get() as number,
  }
}

/**
 * How many items have each word in their stemmed columns, where a complete list knows it (the
 * document frequency bm25() would count); undefined for a word without one, and for all while the
 * lists are being built (their counts are partial then).
 */
export function listedItemCounts(db: Database.Database, words: (string | null)[]): (number | undefined)[] {
  if (!builtLists(db)) return words.map(() => undefined)
  const items = statementFor(db, 'SELECT items FROM search_impact_terms WHERE term = ?').pluck()
  return words.map((word) => (word === null ? undefined : (items.get(word) as number | undefined)))
}

/** How many items, found in some lists but not all, may be read again to learn their exact score. */
const MAX_RESOLVED = 40
/** FTS5's filter for the stemmed columns, where a whole word is matched (a function: searchSchema imports this module). */
const stemmedColumns = () => `{${SEARCH_FIELDS.map(stemColumn).join(' ')}}`

/**
 * The best `limit` items for a query of one whole word in every field, from the impact lists of
 * the word and its stems, with FTS5's scores; null when the query is of another shape, a stem has
 * no list, or the lists cannot prove the top: the caller then ranks with FTS5. Ties may come in
 * another order.
 */
export function impactTopK(
  db: Database.Database,
  parsed: ParsedQuery,
  limit: number,
  match: string,
  filters: { sql: string; values: (string | number)[] },
  kept: KeptFilter | null = null,
): { ranked: { rowid: number; score: number }[]; total: number } | null {
  if (parsed.clauses.length !== 1 || parsed.clauses[0].length !== 1 || parsed.excluded.length) return null
  const [term] = parsed.clauses[0]
  if (term.kind !== 'word' || term.prefix || term.fields !== ALL_FIELDS) return null
  const built = builtLists(db)
  if (!built) return null
  // The query's phrases, in the order FTS5 sums them: the word and its Dutch and English stems.
  const words = queryTermsFor(term.word)
  // A stem without a list is rare (or in no item): all its items are candidates, to be read again, when they are few.
  const lists = words.map((word) => {
    const list = statementFor(db, 'SELECT floor, items FROM search_impact_terms WHERE term = ?').get(word) as { floor: number; items: number } | undefined
    if (list) return { ...list, rare: null }
    const rare = statementFor(db, 'SELECT rowid FROM search_fts WHERE search_fts MATCH ? LIMIT ?').pluck().all(`${stemmedColumns()} : "${word.replaceAll('"', '""')}"`, MAX_RESOLVED + 1) as number[]
    return { floor: 0, items: rare.length, rare }
  })
  if (lists.some((list) => list.rare && list.rare.length > MAX_RESOLVED)) return null
  const { rows, avgdl } = ftsAverages(db)
  // bm25()'s IDF of each phrase, from the number of rows it is in.
  const idfs = lists.map((list) => {
    const idf = Math.log((rows - list.items + 0.5) / (list.items + 0.5))
    return idf <= 0 ? 1e-6 : idf
  })
  const bounds = lists.map((list, n) => idfs[n] * outsideBound(list.floor, built.avgdl, avgdl))
  // Per candidate, each phrase's part where its list knows it; undefined where the item is not in that list.
  const parts = new Map<number, (number | undefined)[]>()
  const candidate = (doc: number) => {
    let known = parts.get(doc)
    if (!known) parts.set(doc, (known = words.map(() => undefined)))
    return known
  }
  words.forEach((word, n) => {
    const { rare } = lists[n]
    if (rare) {
      const passing = kept
        ? (statementFor(db, `SELECT value FROM json_each(?) WHERE ${kept.passes('value')}`).pluck().all(JSON.stringify(rare)) as number[])
        : filters.values.length ? (statementFor(db, `SELECT rowid FROM search_docs d WHERE rowid IN (SELECT value FROM json_each(?)) AND ${filters.sql}`).pluck().all(JSON.stringify(rare), ...filters.values) as number[]) : rare
      for (const doc of passing) candidate(doc)
      return
    }
    const entries = (
      kept
        ? statementFor(db, `SELECT doc, freq, length FROM search_impact WHERE term = ? AND ${kept.passes('doc')}`).all(word)
        : filters.values.length
        ? statementFor(db, `SELECT i.doc AS doc, i.freq AS freq, i.length AS length FROM search_impact i JOIN search_docs d ON d.rowid = i.doc WHERE i.term = ? AND ${filters.sql}`).all(word, ...filters.values)
        : statementFor(db, 'SELECT doc, freq, length FROM search_impact WHERE term = ?').all(word)
    ) as { doc: number; freq: number; length: number }[]
    for (const { doc, freq, length } of entries) candidate(doc)[n] = idfs[n] * termWeight(freq, length, avgdl)
  })
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)
  const candidates = [...parts].map(([rowid, known]) => ({
    rowid,
    known,
    low: sum(known.map((part) => part ?? 0)),
    // A rare stem's part is unknown but for its greatest possible weight, k1 + 1.
    high: sum(known.map((part, n) => part ?? (lists[n].rare?.includes(rowid) ? idfs[n] * (K1 + 1) : bounds[n]))),
  }))
  // The k-th best lower score must beat every item outside all lists (a hair of margin for rounding); complete lists always do.
  const outside = sum(bounds)
  const lows = candidates.map((candidate) => candidate.low).sort((a, b) => b - a)
  const threshold = lows.length >= limit ? lows[limit - 1] : 0
  if (outside > 0 && !(lows.length >= limit && threshold > outside * (1 + 1e-9))) return null
  // Items that could still reach the top but miss a part are read again: the part is exact or 0.
  const open = candidates.filter((candidate) => candidate.low !== candidate.high && candidate.high >= threshold)
  if (open.length > MAX_RESOLVED) return null
  for (const candidate of open) {
    const { exact, stems } = ftsColumnTexts(documentOf(statementFor(db, 'SELECT * FROM search_docs WHERE rowid = ?').get(candidate.rowid) as DocRow))
    const { length, freq } = termFrequencies(exact, stems)
    candidate.known = candidate.known.map((part, n) => part ?? (freq.has(words[n]) ? idfs[n] * termWeight(freq.get(words[n])!, length, avgdl) : 0))
    candidate.low = candidate.high = sum(candidate.known as number[])
  }
  const ranked = candidates
    .filter((candidate) => candidate.low === candidate.high)
    .sort((a, b) => b.low - a.low || a.rowid - b.rowid)
    .slice(0, limit)
    .map(({ rowid, low }) => ({ rowid, score: low }))
  // One phrase: every item with the word matches, and the list's count is FTS5's without reading its postings.
  const total = kept
    ? (statementFor(db, `SELECT count(*) FROM search_fts WHERE search_fts MATCH ? AND ${kept.passes('rowid')}`).pluck().get(match) as number)
    : filters.values.length
    ? (statementFor(db, `SELECT count(*) FROM search_fts CROSS JOIN ${matchedDocs(db)} ON d.rowid = search_fts.rowid WHERE search_fts MATCH ? AND ${filters.sql}`).pluck().get(match, ...filters.values) as number)
    : words.length > 1
      ? (statementFor(db, 'SELECT count(*) FROM search_fts WHERE search_fts MATCH ?').pluck().get(match) as number)
      : lists[0].items
  return { ranked, total }
}
