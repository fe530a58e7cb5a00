import type Database from 'better-sqlite3'
import type { ItemMatches, SearchHit, SearchQuery, SearchResults } from '../../core/archiveApi'
import { ArchiveError } from '../../core/archiveError'
import { makeSnippets } from '../../core/search/makeSnippets'
import { parseSearchQuery, SearchQueryError, type ParsedQuery } from '../../core/search/parseSearchQuery'
import { languageCondition, typeCondition } from './filterConditions'
import { ftsQueryFor, ftsQueryWithPhrases, type FtsQuery } from './ftsQueryFor'
import { impactTopK } from './impactLists'
import { keptFilter } from './keptFilterColumns'
import { itemIdsApartFrom, itemIdsOfRowids } from './itemIdsOfRowids'
import { matchedDocs } from './matchedDocs'
import { countedRows, TALLY_SQL } from './matchTally'
import { oneLetterPrefixTokens } from './oneLetterPrefixTokens'
import { phraseTopK } from './phraseGrams'
import { rowidsMatching } from './clauseMatches'
import { bm25Of } from './searchRanking'
import { documentOf, type DocRow } from './searchDocumentOfRow'
import { statementFor } from './statementFor'

/** How collection: names become collection ids; the catalog's item_collections table holds the memberships. */
export interface SearchScope {
  /** The ids of the collection a name or path names and of its subcollections; throws an ArchiveError in words when none. */
  collectionIds(name: string): string[]
}

type Filters = { sql: string; values: (string | number)[] }
type Ranked = { rowid: number; score: number }[]

/** The SQL conditions of the filters (type:, lang:, year:, tag:, collection:) and their values, in order. */
export function filterSql(filters: ParsedQuery['filters'], scope?: SearchScope): Filters {
  let sql = 'd.trashed = 0'
  const values: (string | number)[] = []
  if (filters.type) {
    sql += ` AND ${typeCondition.sql('d.type')}`
    values.push(...typeCondition.values(filters))
  }
  if (filters.language) {
    sql += ` AND ${languageCondition.sql('d.language')}`
    values.push(...languageCondition.values(filters))
  }
  if (filters.yearFrom !== undefined) {
    sql += ' AND d.year BETWEEN ? AND ?'
    values.push(filters.yearFrom, filters.yearTo ?? filters.yearFrom)
  }
  for (const tag of filters.tags) {
    sql += ' AND EXISTS (SELECT 1 FROM search_tags t WHERE t.tag = ? AND t.doc = d.rowid)'
    values.push(tag)
  }
  for (const name of filters.collections) {
    if (!scope) throw new ArchiveError('invalid_argument', 'collection: cannot be used here.')
    const ids = scope.collectionIds(name)
    sql += ` AND EXISTS (SELECT 1 FROM item_collections m WHERE m.item = d.id AND m.collection IN (${ids.map(() => '?').join(', ')}))`
    values.push(...ids)
  }
  return { sql, values }
}

/**
 * The ArchiveApi's search over the FTS5 tables: the matches ranked by BM25 (or by date), how many
 * there are, and the first `limit` with their snippets; only those are read whole.
 */
export function searchLibrary(db: Database.Database, { query, limit = 20, sort = 'relevance' }: SearchQuery, scope?: SearchScope): SearchResults {
  if (!(Number.isInteger(limit) && limit >= 1)) throw new ArchiveError('invalid_argument', `The limit must be a whole number from 1 up, not ${limit}.`)
  const parsed = parsedQuery(query)
  const fts = ftsQueryWithPhrases(parsed)
  const filters = filterSql(parsed.filters, scope)
  // The lists, their counts, FTS5's averages and the kept filter columns are read in one snapshot, so that a writer's commit between two reads cannot mix them.
  const { ranked, total } = db.transaction(() => rankedMatches(db, parsed, fts, filters, limit, sort))()
  const read = statementFor(db, 'SELECT * FROM search_docs WHERE rowid = ?')
  const hits: SearchHit[] = ranked.map(({ rowid, score }) => {
    const doc = documentOf(read.get(rowid) as DocRow)
    return {
      id: doc.id,
      citekey: doc.citekey,
      // FTS5 floors the weight of a word found in half the library or more at 1e-6: significant digits keep such a score above 0.
      score: Number(score.toPrecision(4)),
      title: doc.title,
      authors: doc.authorNames,
      year: doc.year,
      type: doc.type,
      snippets: makeSnippets(doc, parsed),
    }
  })
  return { query, total, hits, indexing: null }
}

/** The best `limit` matches of a query in the order asked, with their scores, and how many match in all. */
function rankedMatches(db: Database.Database, parsed: ParsedQuery, fts: FtsQuery | null, filters: Filters, limit: number, sort: NonNullable<SearchQuery['sort']>): { ranked: Ranked; total: number } {
  const match = fts?.match ?? null
  // The filters on the items' own columns, from columns kept per connection (none when a filter needs another table).
  const kept = match && (filters.values.length || sort === 'date') ? keptFilter(db, parsed.filters) : null
  // A phrase of two common words is looked up by its gram (phraseGrams), in either sort.
  const top = match ? (phraseTopK(db, parsed, limit, sort, filters) ?? (sort === 'relevance' ? impactTopK(db, parsed, limit, match, filters, kept) : null)) : null
  if (top) return top
  // The weighted BM25 (searchRanking), given the counts of its phrases the impact lists know.
  const bm25 = fts && bm25Of(db, fts)
  if (match && bm25 && kept) {
    // As the join below orders them, with each match's filter columns from the kept ones: the count is tallied as they are ranked.
    const order = sort === 'date' ? `${kept.date('search_fts.rowid')} DESC, score DESC` : `score DESC, ${kept.date('search_fts.rowid')} DESC`
    const { value: ranked, count: total } = countedRows(db, () => statementFor(db, `SELECT rowid, -${bm25.sql} AS score FROM search_fts WHERE search_fts MATCH ? AND ${kept.passes('rowid')} AND ${TALLY_SQL} ORDER BY ${order}, rowid LIMIT ?`).all(...bm25.values, match, limit) as Ranked)
    return { ranked, total }
  }
  if (match && bm25) {
    // FTS5 first (CROSS JOIN keeps it the outer loop): its rank is the weighted BM25 set in createSearchSchema.
    const from = `FROM search_fts CROSS JOIN ${matchedDocs(db)} ON d.rowid = search_fts.rowid WHERE search_fts MATCH ?`
    const order = sort === 'date' ? 'd.date DESC, search_fts.rank' : 'search_fts.rank, d.date DESC'
    // Without filters nor sorting by date, FTS5 ranks alone, never reading search_docs for each match (a trashed item has no words here).
    if (filters.values.length || sort === 'date') {
      // The count comes with the ranking (a window over every match), not from a second walk of the matches: it costs next to nothing more.
      const rows = statementFor(db, `SELECT d.rowid AS rowid, -search_fts.rank AS score, count(*) OVER () AS total ${from} AND ${filters.sql} ORDER BY ${order} LIMIT ?`).all(match, ...filters.values, limit) as (Ranked[number] & { total: number })[]
      return { ranked: rows, total: rows[0]?.total ?? 0 }
    }
    // FTS5's ORDER BY rank runs a statement of its own that reads the matches again (a phrase three
    // times in all); its BM25 called here gives the same scores, ties by rowid as FTS5 orders them.
    // SQLite refuses an FTS5 function beside a window. Words that must all be there are tallied as
    // they are ranked: a second walk would merge their lists again, longer than the matches
    // (1.5 µs a match at 100,000 items); a tally costs 0.2–0.3 µs a match, more than walking one word's list.
    if (parsed.clauses.length > 1) {
      const { value: ranked, count: total } = countedRows(db, () => statementFor(db, `SELECT rowid, -${bm25.sql} AS score FROM search_fts WHERE search_fts MATCH ? AND ${TALLY_SQL} ORDER BY score DESC, rowid LIMIT ?`).all(...bm25.values, match, limit) as Ranked)
      return { ranked, total }
    }
    const ranked = statementFor(db, `SELECT rowid, -${bm25.sql} AS score FROM search_fts WHERE search_fts MATCH ? ORDER BY score DESC, rowid LIMIT ?`).all(...bm25.values, match, limit) as Ranked
    const total = ranked.length < limit ? ranked.length : (statementFor(db, 'SELECT count(*) AS total FROM search_fts WHERE search_fts MATCH ?').get(match) as { total: number }).total
    return { ranked, total }
  }
  const ranked = statementFor(db, `SELECT rowid, 0 AS score FROM search_docs d WHERE ${filters.sql} ORDER BY d.date DESC LIMIT ?`).all(...filters.values, limit) as Ranked
  const total = ranked.length < limit ? ranked.length : (statementFor(db, `SELECT count(*) AS total FROM search_docs d WHERE ${filters.sql}`).get(...filters.values) as { total: number }).total
  return { ranked, total }
}

function parsedQuery(query: string): ParsedQuery {
  try {
    return parseSearchQuery(query)
  } catch (error) {
    if (error instanceof SearchQueryError) throw new ArchiveError('invalid_argument', error.message)
    throw error
  }
}

/** The id of every item outside the trash that a query matches, in no particular order: a table filters its rows by them. */
export function matchSearchIds(db: Database.Database, query: string, scope?: SearchScope): string[] {
  const parsed = parsedQuery(query)
  const prefixTokens = oneLetterPrefixTokens(db)
  const filters = filterSql(parsed.filters, scope)
  // The words a one-letter prefix stands for are read in the same snapshot as the matches.
  return db.transaction(() => {
    const match = ftsQueryFor(parsed, prefixTokens)
    // Without filters, FTS5's rowids alone say it (a trashed item has no words here); their ids are mapped in the same snapshot.
    if (match && !filters.values.length) return itemIdsOfRowids(db, rowidsMatching(db, parsed, prefixTokens))
    const rows = match
      ? statementFor(db, `SELECT d.id AS id FROM search_fts CROSS JOIN ${matchedDocs(db)} ON d.rowid = search_fts.rowid WHERE search_fts MATCH ? AND ${filters.sql}`).pluck().all(match, ...filters.values)
      : statementFor(db, `SELECT d.id AS id FROM search_docs d WHERE ${filters.sql}`).pluck().all(...filters.values)
    return rows as string[]
  })()
}

/**
 * What a table filtering by a query needs: the ids it matches, or, when it matches more than half of
 * the library (the first letters of a word), the ids it does not. A query with filters answers its ids.
 */
export function matchSearchIdsCompactly(db: Database.Database, query: string, scope?: SearchScope): ItemMatches {
  const parsed = parsedQuery(query)
  if (!parsed.clauses.length || filterSql(parsed.filters, scope).values.length) return { ids: matchSearchIds(db, query, scope) }
  const prefixTokens = oneLetterPrefixTokens(db)
  return db.transaction((): ItemMatches => {
    const rowids = rowidsMatching(db, parsed, prefixTokens)
    const others = itemIdsApartFrom(db, rowids)
    return others ? { except: others } : { ids: itemIdsOfRowids(db, rowids) }
  })()
}
