import type Database from 'better-sqlite3'
import { matchedDocs } from './matchedDocs'
import { statementFor } from './statementFor'

interface Kept {
  /** PRAGMA data_version (commits by other connections) and total_changes() (this one's own): either moves on any change. */
  version: string
  ids: Map<number, string>
}

const kept = new WeakMap<Database.Database, Kept>()

/**
 * The item id of each FTS5 rowid a query matched, outside the trash. Reading every match's id through
 * the index costs a B-tree descent per match (half the time of a query that matches the whole
 * library); the ids are kept instead, per connection, until the next commit that can change them. A
 * rowid the map lacks is read alone. Call inside a read transaction, with the query that gave the rowids.
 */
export function itemIdsOfRowids(db: Database.Database, rowids: readonly number[]): string[] {
  const version = `${statementFor(db, 'PRAGMA data_version').pluck().get()}:${statementFor(db, 'SELECT total_changes()').pluck().get()}`
  let entry = kept.get(db)
  if (entry?.version !== version) {
    const rows = statementFor(db, `SELECT d.rowid, d.id FROM ${matchedDocs(db)} WHERE d.trashed = 0`).raw().all() as [number, string][]
    entry = { version, ids: new Map(rows) }
    kept.set(db, entry)
  }
  const ids: string[] = []
  for (const rowid of rowids) {
    const id = entry.ids.get(rowid) ?? (statementFor(db, 'SELECT id FROM search_docs WHERE rowid = ? AND trashed = 0').pluck().get(rowid) as string | undefined)
    if (id !== undefined) ids.push(id)
  }
  return ids
}
