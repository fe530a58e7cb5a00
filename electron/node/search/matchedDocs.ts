import type Database from 'better-sqlite3'

const withIndex = new WeakMap<Database.Database, boolean>()

/** Whether search_docs has the narrow index of the filters' columns (tables made before it do not). */
export function hasFiltersIndex(db: Database.Database): boolean {
  let known = withIndex.get(db)
  if (known === undefined) {
    known = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'search_docs_filters'").get() !== undefined
    withIndex.set(db, known)
  }
  return known
}

/**
 * search_docs as the other side of a join with FTS5's matches, named `d`: through the narrow index
 * of the filters' columns where the tables have it, so that filtering thousands of matches reads a
 * few megabytes of index, not each item's row with its text (SQLite's planner would take the row).
 * Tables made before the index keep the plain join.
 */
export function matchedDocs(db: Database.Database): string {
  return hasFiltersIndex(db) ? 'search_docs d INDEXED BY search_docs_filters' : 'search_docs d'
}
