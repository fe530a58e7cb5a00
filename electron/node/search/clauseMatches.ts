import type Database from 'better-sqlite3'
import type { ParsedQuery } from '../../core/search/parseSearchQuery'
import { connectionVersion } from './connectionVersion'
import { ftsQueryFor, type PrefixTokens } from './ftsQueryFor'
import { ascending } from './itemIdsOfRowids'
import { statementFor } from './statementFor'

/** The clauses whose matches are kept per connection: those of the last few queries typed. */
const KEPT_CLAUSES = 4

const kept = new WeakMap<Database.Database, { version: string; rowids: Map<string, readonly number[]> }>()

/**
 * The FTS5 rowids a query matches, in ascending order. A query of several clauses and no exclusion
 * (`peace agre`) is asked a clause at a time, and each clause's matches are kept until the next
 * change: typing the second word of a query asks FTS5 for that word alone, where the query as one
 * walked the first word's matches again at every keystroke (at 100,000 items, two words that each
 * match nearly every item take about the sum of the two). The price: a query of several words none of
 * which is kept (pasted, or the first after a change) costs the sum, where FTS5 walks them together
 * in less (at 100,000 items, two such words: about 15–35 ms more of CPU than asked whole).
 * Call inside a read transaction.
 */
export function rowidsMatching(db: Database.Database, parsed: ParsedQuery, prefixTokens?: PrefixTokens): readonly number[] {
  const match = (query: Pick<ParsedQuery, 'clauses' | 'excluded'>) => statementFor(db, 'SELECT rowid FROM search_fts WHERE search_fts MATCH ?').pluck().all(ftsQueryFor({ ...parsed, ...query }, prefixTokens)) as number[]
  if (parsed.clauses.length < 2 || parsed.excluded.length) return ascending(match(parsed))
  const version = connectionVersion(db)
  let entry = kept.get(db)
  if (version === null) entry = { version: '', rowids: new Map() }
  else if (entry?.version !== version) kept.set(db, (entry = { version, rowids: new Map() }))
  const { rowids } = entry
  const each = parsed.clauses.map((clause) => {
    const key = ftsQueryFor({ ...parsed, clauses: [clause], excluded: [] }, prefixTokens) ?? ''
    let found = rowids.get(key)
    if (found) rowids.delete(key)
    else found = ascending(match({ clauses: [clause], excluded: [] }))
    // Newest last: the oldest goes first when there are too many.
    rowids.set(key, found)
    if (rowids.size > KEPT_CLAUSES) rowids.delete(rowids.keys().next().value as string)
    return found
  })
  return each.sort((a, b) => a.length - b.length).reduce(bothOf)
}

/** The rowids in both ascending lists, in one walk of the two. */
function bothOf(a: readonly number[], b: readonly number[]): number[] {
  const both: number[] = []
  let at = 0
  for (const rowid of a) {
    while (at < b.length && b[at] < rowid) at++
    if (at === b.length) break
    if (b[at] === rowid) both.push(rowid)
  }
  return both
}
