import type Database from 'better-sqlite3'
import { matchedDocs } from './matchedDocs'
import { statementFor } from './statementFor'

interface Kept {
  /** PRAGMA data_version (commits by other connections) and total_changes() (this one's own): either moves on any change. */
  version: string
  ids: Map<number, string>
  /** Whether the ids are the whole library (holdsWholeLibrary), once asked. */
  whole?: boolean
}

const kept = new WeakMap<Database.Database, Kept>()

/**
 * The ids of the indexed items outside the trash, by FTS5 rowid. Reading every match's id through the
 * index costs a B-tree descent per match (half the time of a query that matches the whole library);
 * the ids are kept instead, per connection, until the next commit that can change them. Call inside a
 * read transaction, with the query whose rowids it maps.
 */
function keptIds(db: Database.Database): Kept {
  const version = `${db.pragma('data_version', { simple: true })}:${statementFor(db, 'SELECT total_changes()').pluck().get()}`
  let entry = kept.get(db)
  if (entry?.version !== version) {
    const rows = statementFor(db, `SELECT d.rowid, d.id FROM ${matchedDocs(db)} WHERE d.trashed = 0`).raw().all() as [number, string][]
    entry = { version, ids: new Map(rows) }
    kept.set(db, entry)
  }
  return entry
}

/**
 * Whether the index holds every item outside the trash of the catalog (the items table, in the same
 * database), and no other: an item not indexed yet (the queue after an import) is no match, and must
 * not pass for a non-match either. Without a catalog (the search tables alone) it cannot be told.
 */
function holdsWholeLibrary(db: Database.Database, entry: Kept): boolean {
  if (entry.whole === undefined) {
    const catalog = statementFor(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'items'").get() !== undefined
    const unindexed = catalog && statementFor(db, 'SELECT EXISTS (SELECT 1 FROM items i WHERE i.trashed = 0 AND NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.id = i.id AND d.trashed = 0))').pluck().get()
    entry.whole = catalog && !unindexed && entry.ids.size === (statementFor(db, 'SELECT count(*) FROM items WHERE trashed = 0').pluck().get() as number)
  }
  return entry.whole
}

/** The item id of each FTS5 rowid a query matched, outside the trash; a rowid the map lacks is read alone. */
export function itemIdsOfRowids(db: Database.Database, rowids: readonly number[]): string[] {
  const { ids: byRowid } = keptIds(db)
  const ids: string[] = []
  for (const rowid of rowids) {
    const id = byRowid.get(rowid) ?? (statementFor(db, 'SELECT id FROM search_docs WHERE rowid = ? AND trashed = 0').pluck().get(rowid) as string | undefined)
    if (id !== undefined) ids.push(id)
  }
  return ids
}

/**
 * The items outside the trash that a query did not match, when the index holds the whole library and
 * they are fewer than the matches; otherwise null. A table filtering by a query that matches nearly
 * everything (a word's first letters) is then told the few it leaves out, not the many it keeps.
 */
export function itemIdsApartFrom(db: Database.Database, rowids: readonly number[]): string[] | null {
  const entry = keptIds(db)
  const byRowid = entry.ids
  if (rowids.length * 2 <= byRowid.size || !holdsWholeLibrary(db, entry)) return null
  const matched = new Set(rowids)
  const others: string[] = []
  for (const [rowid, id] of byRowid) if (!matched.has(rowid)) others.push(id)
  return others
}
