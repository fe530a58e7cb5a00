import type Database from 'better-sqlite3'
import type { SearchDocument } from '../../core/search/searchDocument'
import { ftsColumnTexts } from './ftsColumnTexts'
import { indexImpactEntries, removeImpactEntries } from './impactLists'
import { FTS_COLUMNS } from './searchSchema'
import { statementFor } from './statementFor'

const INSERT_DOC = `INSERT INTO search_docs (id, stamp, trashed, citekey, language, type, year, date, title, authors, author_names, container, abstract, text, tags, annotations)
  VALUES (@id, @stamp, @trashed, @citekey, @language, @type, @year, @date, @title, @authors, @authorNames, @container, @abstract, @text, @tags, @annotations)`
const INSERT_FTS = `INSERT INTO search_fts (${FTS_COLUMNS.join(', ')}, rowid) VALUES (${FTS_COLUMNS.map(() => '?').join(', ')}, ?)`

/** Replaces the item's entry; synchronous; the caller runs it inside its own write transaction. */
export function indexSearchDocument(db: Database.Database, doc: SearchDocument): void {
  removeSearchDocument(db, doc.id)
  const { lastInsertRowid: rowid } = statementFor(db, INSERT_DOC).run({
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
  })
  for (const tag of new Set(doc.tags.map((tag) => tag.toLowerCase()))) statementFor(db, 'INSERT INTO search_tags (tag, doc) VALUES (?, ?)').run(tag, rowid)
  // A trashed item keeps its entry (its stamp says it is up to date) but has no words to be found by.
  if (doc.trashed) return
  const { exact, stems } = ftsColumnTexts(doc)
  statementFor(db, INSERT_FTS).run(...exact, ...stems, rowid)
  indexImpactEntries(db, Number(rowid), exact, stems)
}

export function removeSearchDocument(db: Database.Database, id: string): void {
  const row = statementFor(db, 'SELECT rowid, trashed FROM search_docs WHERE id = ?').get(id) as { rowid: number; trashed: number } | undefined
  if (!row) return
  if (!row.trashed) statementFor(db, 'DELETE FROM search_fts WHERE rowid = ?').run(row.rowid)
  removeImpactEntries(db, row.rowid)
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
