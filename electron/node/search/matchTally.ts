import type Database from 'better-sqlite3'

/** The function a ranking statement calls once per match, in its WHERE, to count them as it ranks them. */
export const TALLY_SQL = 'search_match_tally()'

interface Tally {
  count: number
}

const tallies = new WeakMap<Database.Database, Tally>()

/**
 * Counts the rows a statement's WHERE lets through, in the same walk: a query's total without a
 * second walk of FTS5's matches. The function is not deterministic, so SQLite calls it for every
 * row, never once for all.
 */
export function countedRows<T>(db: Database.Database, run: () => T): { value: T; count: number } {
  let tally = tallies.get(db)
  if (!tally) {
    const made: Tally = (tally = { count: 0 })
    db.function('search_match_tally', { deterministic: false }, () => {
      made.count++
      return 1
    })
    tallies.set(db, made)
  }
  tally.count = 0
  const value = run()
  return { value, count: tally.count }
}
