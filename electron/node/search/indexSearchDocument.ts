import type Database from 'better-sqlite3'
import type { SearchDocument } from '../../core/search/searchDocument'
import { ftsColumnTexts, ftsColumnTextsOfChange } from './ftsColumnTexts'
import { indexImpactEntries, reindexImpactEntries, rememberedTokens, removeImpactEntries } from './impactLists'
import { indexPhraseGrams, reindexPhraseGrams, removePhraseGrams } from './phraseGrams'
import { documentOf, type DocRow } from './searchDocumentOfRow'
import { FTS_COLUMNS } from './searchSchema'
import { statementFor } from './statementFor'

const INSERT_DOC = `INSERT INTO search_docs (id, stamp, trashed, citekey, language, type, year, date, title, authors, author_names, container, abstract, text, tags, annotations)
  VALUES (@id, @stamp, @trashed, @citekey, @language, @type, @year, @date, @title, @authors, @authorNames, @container, @abstract, @text, @tags, @annotations)`
const INSERT_FTS = `INSERT INTO search_fts (${FTS_COLUMNS.join(', ')}, rowid) VALUES (${FTS_COLUMNS.map(() => '?').join(', ')}, ?)`

/** search_docs' columns by the entry's keys. */
const DOC_COLUMNS = {
  stamp: 'stamp', trashed: 'trashed', citekey: 'citekey', language: 'language', type: 'type', year: 'year', date: 'date', title: 'title', authors: 'authors',
  authorNames: 'author_names', container: 'container', abstract: 'abstract', text: 'text', tags: 'tags', annotations: 'annotations',
} as const
type DocValues = { [key in keyof typeof DOC_COLUMNS]: string | number | null }

/** The columns whose words are indexed: when none changes (a collection, a date), the FTS row stays as it is. */
type IndexedWords = { trashed: number; language: string; title: string; authors: string; container: string; abstract: string; text: string; tags: string; annotations: string }
const sameWords = (a: IndexedWords, b: IndexedWords) =>
  a.trashed === b.trashed && a.language === b.language && a.title === b.title && a.authors === b.authors && a.container === b.container &&
  a.abstract === b.abstract && a.text === b.text && a.tags === b.tags && a.annotations === b.annotations

/** Replaces the item's entry; synchronous; the caller runs it inside its own write transaction. */
export function indexSearchDocument(db: Database.Database, doc: SearchDocument): void {
  const row = {
    id: doc.id,
    stamp: doc.stamp,
    trashed: doc.trashed ? 1 : 0,
    citekey: doc.citekey,
    language: doc.language,
    type: doc.type,
    year: doc.year,
    date: doc.date,
    title: doc.title,
    authors: doc.authors,
    authorNames: JSON.stringify(doc.authorNames),
    container: doc.container,
    abstract: doc.abstract,
    text: doc.text,
    tags: JSON.stringify(doc.tags),
    annotations: JSON.stringify(doc.annotations),
  }
  const current = statementFor(db, 'SELECT rowid, * FROM search_docs WHERE id = ?').get(doc.id) as (DocRow & { rowid: number }) | undefined
  if (current) {
    // Updated in place, keeping its rowid: only the FTS row is replaced, and only when its words change.
    const same = sameWords(current, row)
    updateChangedColumns(db, current, row)
    if (same) return
    replaceTags(db, current.rowid, doc.tags)
    if (!current.trashed) {
      // What it was indexed with, read before the update above: the lists take out the words it had.
      const indexed = documentOf(current)
      statementFor(db, 'DELETE FROM search_fts WHERE rowid = ?').run(current.rowid)
      if (!doc.trashed) return reindexWords(db, current.rowid, indexed, doc)
      removeImpactEntries(db, current.rowid, indexed)
      removePhraseGrams(db, current.rowid)
      return
    }
  }
  const rowid = current?.rowid ?? statementFor(db, INSERT_DOC).run(row).lastInsertRowid
  if (!current) insertTags(db, rowid, doc.tags)
  // A trashed item keeps its entry (its stamp says it is up to date) but has no words to be found by.
  if (doc.trashed) return
  const { exact, stems } = ftsColumnTexts(doc)
  statementFor(db, INSERT_FTS).run(...exact, ...stems, rowid)
  indexImpactEntries(db, Number(rowid), exact, stems)
  indexPhraseGrams(db, Number(rowid), exact, stems)
}

/**
 * An indexed item's new words: its FTS row anew (FTS5 replaces a row whole), and in the impact lists
 * and phrase grams only what its change moved. The fields that kept their text are folded, stemmed and
 * split into tokens once for both sides, so an edit of the title costs little more than the title.
 */
function reindexWords(db: Database.Database, rowid: number | bigint, before: SearchDocument, after: SearchDocument): void {
  const tokens = new Map<string, string[]>()
  const texts = ftsColumnTextsOfChange(before, after, tokens)
  const tokensOf = rememberedTokens(tokens)
  statementFor(db, INSERT_FTS).run(...texts.after.exact, ...texts.after.stems, rowid)
  reindexImpactEntries(db, Number(rowid), texts.before, texts.after, tokensOf)
  reindexPhraseGrams(db, Number(rowid), texts.before, texts.after, tokensOf)
}

/**
 * Writes only the columns whose values changed: an UPDATE that names a column rewrites every index
 * over it, though its value stays the same (an edited title touched the date and filter indexes).
 */
function updateChangedColumns(db: Database.Database, current: DocRow & { rowid: number }, row: DocValues): void {
  const changed = (Object.keys(DOC_COLUMNS) as (keyof typeof DOC_COLUMNS)[]).filter((key) => row[key] !== current[DOC_COLUMNS[key]])
  if (!changed.length) return
  const values = Object.fromEntries(changed.map((key) => [key, row[key]]))
  statementFor(db, `UPDATE search_docs SET ${changed.map((key) => `${DOC_COLUMNS[key]} = @${key}`).join(', ')} WHERE rowid = @rowid`).run({ ...values, rowid: current.rowid })
}

function insertTags(db: Database.Database, rowid: number | bigint, tags: readonly string[]): void {
  for (const tag of new Set(tags.map((tag) => tag.toLowerCase()))) statementFor(db, 'INSERT INTO search_tags (tag, doc) VALUES (?, ?)').run(tag, rowid)
}

/**
 * Puts an item's new tags into the entry's filter rows at once, for `tag:`; its words (search_docs
 * and the FTS row) wait for the full update that follows, queued by the caller, which sees them differ.
 */
export function retagSearchDocument(db: Database.Database, id: string, tags: readonly string[]): void {
  const row = statementFor(db, 'SELECT rowid FROM search_docs WHERE id = ?').get(id) as { rowid: number } | undefined
  if (!row) return
  replaceTags(db, row.rowid, tags)
}

/** An entry's filter rows made those of its tags, writing only the rows that change: a tag added to an item of seventy tags is one row, not seventy. */
function replaceTags(db: Database.Database, rowid: number | bigint, tags: readonly string[]): void {
  const wanted = new Set(tags.map((tag) => tag.toLowerCase()))
  const stored = new Set(statementFor(db, 'SELECT tag FROM search_tags WHERE doc = ?').pluck().all(rowid) as string[])
  for (const tag of stored) if (!wanted.has(tag)) statementFor(db, 'DELETE FROM search_tags WHERE tag = ? AND doc = ?').run(tag, rowid)
  insertTags(db, rowid, [...wanted].filter((tag) => !stored.has(tag)))
}

export function removeSearchDocument(db: Database.Database, id: string): void {
  const row = statementFor(db, 'SELECT rowid, trashed FROM search_docs WHERE id = ?').get(id) as { rowid: number; trashed: number } | undefined
  if (!row) return
  if (!row.trashed) {
    // A trashed entry has no words, so it is in no list and counted in none.
    statementFor(db, 'DELETE FROM search_fts WHERE rowid = ?').run(row.rowid)
    removeImpactEntries(db, row.rowid)
    removePhraseGrams(db, row.rowid)
  }
  statementFor(db, 'DELETE FROM search_tags WHERE doc = ?').run(row.rowid)
  statementFor(db, 'DELETE FROM search_docs WHERE rowid = ?').run(row.rowid)
}

/**
 * The ids in the order of their entries in the index (the not yet indexed last, as given). FTS5
 * keeps a change's new rows in memory and writes them out as a segment when it commits, when they
 * pass its hash size (1 MB), and before each row whose rowid is below the last one written: 1,000
 * items re-indexed in another order left hundreds of tiny segments, and cost twice the time.
 */
export function inIndexOrder(db: Database.Database, ids: readonly string[]): string[] {
  const rowids = new Map(statementFor(db, 'SELECT id, rowid FROM search_docs WHERE id IN (SELECT value FROM json_each(?))').raw().all(JSON.stringify(ids)) as [string, number][])
  const last = Number.MAX_SAFE_INTEGER
  return [...ids].sort((a, b) => (rowids.get(a) ?? last) - (rowids.get(b) ?? last))
}

/** The stamp of every indexed item, to tell which items a rebuild or a catch-up must index again. */
export function indexedSearchStamps(db: Database.Database): Map<string, string> {
  const rows = statementFor(db, 'SELECT id, stamp FROM search_docs').all() as { id: string; stamp: string }[]
  return new Map(rows.map((row) => [row.id, row.stamp]))
}

/**
 * Merges the index's segments into one, after a rebuild or a large import: each chunk of items
 * indexed in its own transaction leaves segments that every query reads until FTS5's automerge
 * gets to them. Takes seconds on a large library; the caller runs it when nothing waits.
 */
export function optimizeSearchIndex(db: Database.Database): void {
  db.prepare("INSERT INTO search_fts (search_fts) VALUES ('optimize')").run()
}

/**
 * One bounded step of merging the index's segments (FTS5 'merge'): true while there was work to do.
 * After a rebuild the index is merged a step per transaction, so no writer waits for all of it.
 */
export function mergeSearchSegments(db: Database.Database, pages = 500): boolean {
  return mergeStep(db, pages)
}

/**
 * One bounded step of merging every segment of the index, and the deletions it holds, into one (FTS5
 * 'merge' with a negative count): true while there is more to do. FTS5's own merging leaves up to
 * three segments a level, and a retagged item's old words stay in the segment it left: at 100,000
 * items the table's filter read them at about 1.7 times the time it takes on one segment (a 'merge'
 * down to three segments gave nothing). A step writes a few hundred pages at most; an index already
 * in one piece is left as it is.
 */
export function mergeWholeSearchIndex(db: Database.Database, pages = 64): boolean {
  return mergeStep(db, -pages)
}

function mergeStep(db: Database.Database, pages: number): boolean {
  const before = db.prepare('SELECT total_changes() AS n').get() as { n: number }
  db.prepare("INSERT INTO search_fts (search_fts, rank) VALUES ('merge', ?)").run(pages)
  const after = db.prepare('SELECT total_changes() AS n').get() as { n: number }
  return after.n - before.n > 1
}

/** The archived text last indexed for an item: an item's content never changes once saved, so a later re-index can reuse it. */
export function indexedSearchText(db: Database.Database, id: string): string | undefined {
  return (statementFor(db, 'SELECT text FROM search_docs WHERE id = ?').get(id) as { text: string } | undefined)?.text
}
