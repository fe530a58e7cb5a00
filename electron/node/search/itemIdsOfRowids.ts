import type Database from 'better-sqlite3'
import { connectionVersion } from './connectionVersion'
import { matchedDocs } from './matchedDocs'
import { statementFor } from './statementFor'

interface Kept {
  version: string
  /** The rowids in ascending order, and each one's id at the same place: FTS5 answers its matches in that order, so they are mapped in one walk. */
  rowids: Float64Array
  ids: string[]
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
  const version = connectionVersion(db)
  let entry = kept.get(db)
  if (version === null || entry?.version !== version) {
    const rows = statementFor(db, `SELECT d.rowid, d.id FROM ${matchedDocs(db)} WHERE d.trashed = 0 ORDER BY d.rowid`).raw().all() as [number, string][]
    entry = { version: version ?? '', rowids: Float64Array.from(rows, (row) => row[0]), ids: rows.map((row) => row[1]) }
    if (version !== null) kept.set(db, entry)
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
    // The catalog's ids (from its listing index) against the kept ones: looking each item up in
    // search_docs read a page of its text per item, 390 ms of CPU at 100,000 items with a cold cache.
    const items = catalog ? (statementFor(db, 'SELECT id FROM items WHERE trashed = 0').pluck().all() as string[]) : []
    const indexed = catalog && items.length === entry.ids.length ? new Set(entry.ids) : null
    entry.whole = !!indexed && items.every((id) => indexed.has(id))
  }
  return entry.whole
}

/** The rowids in ascending order: FTS5 gives them so already (checked, not assumed). */
export function ascending(rowids: readonly number[]): readonly number[] {
  for (let at = 1; at < rowids.length; at++) if (rowids[at] <= rowids[at - 1]) return [...new Set(rowids)].sort((a, b) => a - b)
  return rowids
}

/**
 * The place of each kept rowid among the matched ones, in one walk of both ascending lists: hashing
 * 100,000 rowids into a Set cost more than the query that found them. `visit` is called for every
 * kept item, with whether the query matched it.
 */
function walk({ rowids, ids }: Kept, matched: readonly number[], visit: (id: string, isMatched: boolean) => void): void {
  let next = 0
  for (let at = 0; at < rowids.length; at++) {
    const rowid = rowids[at]
    while (next < matched.length && matched[next] < rowid) next++
    visit(ids[at], next < matched.length && matched[next] === rowid)
  }
}

/** The item id of each FTS5 rowid a query matched, outside the trash, in ascending rowid order; a rowid not kept (trashed) is no match. */
export function itemIdsOfRowids(db: Database.Database, rowids: readonly number[]): string[] {
  const entry = keptIds(db)
  const matched = ascending(rowids)
  const found: string[] = []
  // A few matches (a rare word) are looked up, not walked past every kept item.
  if (matched.length * 16 < entry.rowids.length) {
    for (const rowid of matched) {
      const at = placeOf(entry.rowids, rowid)
      if (entry.rowids[at] === rowid) found.push(entry.ids[at])
    }
    return found
  }
  walk(entry, matched, (id, isMatched) => {
    if (isMatched) found.push(id)
  })
  return found
}

/** The first place in the ascending rowids whose rowid is not below the one given. */
function placeOf(rowids: Float64Array, rowid: number): number {
  let low = 0
  let high = rowids.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (rowids[middle] < rowid) low = middle + 1
    else high = middle
  }
  return low
}

/**
 * The items outside the trash that a query did not match, when the index holds the whole library and
 * they are fewer than the matches; otherwise null. A table filtering by a query that matches nearly
 * everything (a word's first letters) is then told the few it leaves out, not the many it keeps.
 */
export function itemIdsApartFrom(db: Database.Database, rowids: readonly number[]): string[] | null {
  const entry = keptIds(db)
  if (rowids.length * 2 <= entry.ids.length || !holdsWholeLibrary(db, entry)) return null
  const others: string[] = []
  walk(entry, ascending(rowids), (id, isMatched) => {
    if (!isMatched) others.push(id)
  })
  return others
}
