import type Database from 'better-sqlite3'
import type { SearchDocument } from '../../core/search/searchDocument'
import { ftsColumnTexts } from './ftsColumnTexts'
import { indexImpactEntries, removeImpactEntries } from './impactLists'
import { indexPhraseGrams, removePhraseGrams } from './phraseGrams'
import { FTS_COLUMNS } from './searchSchema'
import { statementFor } from './statementFor'

const INSERT_DOC = `INSERT INTO search_docs (id, stamp, trashed, citekey, language, type, year, date, title, authors, author_names, container, abstract, text, tags, annotations)
  VALUES (@id, @stamp, @trashed, @citekey, @language, @type, @year, @date, @title, @authors, @authorNames, @container, @abstract, @text, @tags, @annotations)`
const INSERT_FTS = `INSERT INTO search_fts (${FTS_COLUMNS.join(', ')}, rowid) VALUES (${FTS_COLUMNS.map(() => '?').join(', ')}, ?)`

const UPDATE_DOC = `UPDATE search_docs SET stamp = @stamp, trashed = @trashed, citekey = @citekey, language = @language, type = @type, year = @year, date = @date,
  title = @title, authors = @authors, author_names = @authorNames, container = @container, abstract = @abstract, text = @text, tags = @tags, annotations = @annotations
  WHERE rowid = @rowid`

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
  const current = statementFor(db, 'SELECT rowid, trashed, language, title, authors, container, abstract, text, tags, annotations FROM search_docs WHERE id = ?').get(doc.id) as
    | (IndexedWords & { rowid: number })
    | undefined
  if (current) {
    // Updated in place, keeping its rowid: only the FTS row is replaced, and only when its words change.
    const same = sameWords(current, row)
    if (!same && !current.trashed) {
      // The impact lists read the words it was indexed with from search_docs: before the update.
      removeImpactEntries(db, current.rowid)
      statementFor(db, 'DELETE FROM search_fts WHERE rowid = ?').run(current.rowid)
      removePhraseGrams(db, current.rowid)
    }
    statementFor(db, UPDATE_DOC).run({ ...row, rowid: current.rowid })
    if (same) return
    statementFor(db, 'DELETE FROM search_tags WHERE doc = ?').run(current.rowid)
  }
  const rowid = current?.rowid ?? statementFor(db, INSERT_DOC).run(row).lastInsertRowid
  for (const tag of new Set(doc.tags.map((tag) => tag.toLowerCase()))) statementFor(db, 'INSERT INTO search_tags (tag, doc) VALUES (?, ?)').run(tag, rowid)
  // A trashed item keeps its entry (its stamp says it is up to date) but has no words to be found by.
  if (doc.trashed) return
  const { exact, stems } = ftsColumnTexts(doc)
  statementFor(db, INSERT_FTS).run(...exact, ...stems, rowid)
  indexImpactEntries(db, Number(rowid), exact, stems)
  indexPhraseGrams(db, Number(rowid), exact, stems)
}

/**
 * Puts an item's new tags into the entry's filter rows at once, for `tag:`; its words (search_docs
 * and the FTS row) wait for the full update that follows, queued by the caller, which sees them differ.
 */
export function retagSearchDocument(db: Database.Database, id: string, tags: readonly string[]): void {
  const row = statementFor(db, 'SELECT rowid FROM search_docs WHERE id = ?').get(id) as { rowid: number } | undefined
  if (!row) return
  statementFor(db, 'DELETE FROM search_tags WHERE doc = ?').run(row.rowid)
  for (const tag of new Set(tags.map((tag) => tag.toLowerCase()))) statementFor(db, 'INSERT INTO search_tags (tag, doc) VALUES (?, ?)').run(tag, row.rowid)
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
  const before = db.prepare('SELECT total_changes() AS n').get() as { n: number }
  db.prepare("INSERT INTO search_fts (search_fts, rank) VALUES ('merge', ?)").run(pages)
  const after = db.prepare('SELECT total_changes() AS n').get() as { n: number }
  return after.n - before.n > 1
}

/** The archived text last indexed for an item: an item's content never changes once saved, so a later re-index can reuse it. */
export function indexedSearchText(db: Database.Database, id: string): string | undefined {
  return (db.prepare('SELECT text FROM search_docs WHERE id = ?').get(id) as { text: string } | undefined)?.text
}
