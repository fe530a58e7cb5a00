import { createRequire } from 'node:module'
import { join } from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import { makeSnippets } from '../electron/core/search/makeSnippets'
import { parseSearchQuery } from '../electron/core/search/parseSearchQuery'
import { impactTopK, loadSearchRanking, searchLibrary } from '../electron/node/search'
import { ftsQueryWithPhrases } from '../electron/node/search/ftsQueryFor'
import { matchedDocs } from '../electron/node/search/matchedDocs'
import { phraseTopK } from '../electron/node/search/phraseGrams'
import { countedRows, TALLY_SQL } from '../electron/node/search/matchTally'
import { filterSql } from '../electron/node/search/searchLibrary'
import { bm25Of } from '../electron/node/search/searchRanking'
import { BM25, WEIGHTS } from '../electron/node/search/searchSchema'
import { documentOf, type DocRow } from '../electron/node/search/searchDocumentOfRow'
import { queriesFor } from './searchBench'
import { makeSearchCorpus } from './searchCorpus'
import { statementFor } from '../electron/node/search/statementFor'
import { summarize } from './summarize'

const requireNative = createRequire(import.meta.url)
const openDatabase = (file: string, options?: BetterSqlite3.Options) => new (requireNative('better-sqlite3') as typeof BetterSqlite3)(file, options)
const LIMIT = 20

/** The CPU time of one call, in ms: on a shared machine a stage's wall time also counts its waits for a core. */
function cpuOf<T>(run: () => T): { value: T; ms: number } {
  const start = process.cpuUsage()
  const value = run()
  const used = process.cpuUsage(start)
  return { value, ms: (used.user + used.system) / 1000 }
}

/**
 * Where a search's time goes, stage by stage, for the search bench's queries of each kind, on the
 * index a `--search <size>` run kept in SCRIPTORIUM_BENCH_SEARCH_DIR (opened read-only). Each stage
 * runs the statement searchLibrary runs when no top-k answers (the top-k attempt is its own stage):
 * the ranking (with the count's window when filtered), reading the hits, their snippets. Unfiltered,
 * the ranking is timed tallied and not tallied, plus the counting walk, for every query (searchLibrary
 * tallies only a query of several words): the A/B that chose between them.
 */
export function profileSearch(dir: string, size: number, kinds: string[]): string[] {
  const corpus = makeSearchCorpus(size)
  const db = openDatabase(join(dir, String(size), 'ours.sqlite'), { readonly: true })
  loadSearchRanking(db)
  const queries = queriesFor(corpus)
  const lines: string[] = []
  for (const kind of kinds.length ? kinds : Object.keys(queries)) {
    const list = queries[kind].map((query) => query.ours)
    // Warm up as a running app is: every query once.
    for (const query of list) searchLibrary(db, { query, limit: LIMIT })
    const stages: Record<string, number[]> = {}
    const add = (stage: string, ms: number) => (stages[stage] ??= []).push(ms)
    const matches: number[] = []
    for (const query of list) {
      add('whole searchLibrary', cpuOf(() => searchLibrary(db, { query, limit: LIMIT })).ms)
      const parsed = parseSearchQuery(query)
      const fts = ftsQueryWithPhrases(parsed)
      if (!fts) continue
      const { match } = fts
      const filters = filterSql(parsed.filters)
      add('top-k attempt (grams, impact lists)', cpuOf(() => db.transaction(() => phraseTopK(db, parsed, LIMIT, 'relevance', filters) ?? impactTopK(db, parsed, LIMIT, match, filters))()).ms)
      let ranked: { rowid: number }[]
      if (filters.values.length) {
        const from = `FROM search_fts CROSS JOIN ${matchedDocs(db)} ON d.rowid = search_fts.rowid WHERE search_fts MATCH ? AND ${filters.sql}`
        const rank = cpuOf(() => db.prepare(`SELECT d.rowid AS rowid, -search_fts.rank AS score, count(*) OVER () AS total ${from} ORDER BY search_fts.rank, d.date DESC LIMIT ?`).all(match, ...filters.values, LIMIT) as { rowid: number }[])
        add('FTS5 rank of the filtered matches, with their count', rank.ms)
        ranked = rank.value
        matches.push((rank.value[0] as { total?: number } | undefined)?.total ?? 0)
        add('  of which: the filter alone (count of the filtered matches)', cpuOf(() => db.prepare(`SELECT count(*) ${from}`).get(match, ...filters.values)).ms)
      } else {
        const rank = cpuOf(() => countedRows(db, () => db.prepare(`SELECT rowid, -${BM25} AS score FROM search_fts WHERE search_fts MATCH ? AND ${TALLY_SQL} ORDER BY score DESC, rowid LIMIT ?`).all(match, LIMIT) as { rowid: number }[]))
        add('FTS5 bm25() ORDER BY score LIMIT 20, the matches tallied', rank.ms)
        ranked = rank.value.value
        matches.push(rank.value.count)
        // The ranking searchLibrary runs (searchRanking: given the impact lists' counts), in the same run.
        const ours = cpuOf(() => db.transaction(() => {
          const bm25 = bm25Of(db, fts)
          return countedRows(db, () => db.prepare(`SELECT rowid, -${bm25.sql} AS score FROM search_fts WHERE search_fts MATCH ? AND ${TALLY_SQL} ORDER BY score DESC, rowid LIMIT ?`).all(...bm25.values, match, LIMIT))
        })())
        add('  search_bm25() given the lists\' counts, tallied (as searchLibrary)', ours.ms)
        add('  search_bm25() counting every phrase itself, keeping no lengths, tallied', cpuOf(() => countedRows(db, () => db.prepare(`SELECT rowid, -search_bm25(search_fts, NULL, NULL, ${WEIGHTS}) AS score FROM search_fts WHERE search_fts MATCH ? AND ${TALLY_SQL} ORDER BY score DESC, rowid LIMIT ?`).all(match, LIMIT))).ms)
        // The same ranking without the tally, and the second walk that counted the matches before it (A/B in the same run).
        add('  the same, not tallied', cpuOf(() => db.prepare(`SELECT rowid, -${BM25} AS score FROM search_fts WHERE search_fts MATCH ? ORDER BY score DESC, rowid LIMIT ?`).all(match, LIMIT)).ms)
        add('  a count of the matches (a walk without bm25)', cpuOf(() => db.prepare('SELECT count(*) FROM search_fts WHERE search_fts MATCH ?').get(match)).ms)
      }
      const read = cpuOf(() => ranked.map(({ rowid }) => documentOf(statementFor(db, 'SELECT * FROM search_docs WHERE rowid = ?').get(rowid) as DocRow)))
      add('reading the 20 hits', read.ms)
      add('their snippets', cpuOf(() => read.value.map((doc) => makeSnippets(doc, parsed))).ms)
    }
    const found = summarize(matches)
    lines.push(`${kind} (${list.length} queries; matches p50 ${found.median}, p95 ${found.p95}), CPU ms p50 / p95:`)
    for (const [stage, values] of Object.entries(stages)) {
      const { median, p95 } = summarize(values)
      lines.push(`  ${stage.padEnd(62)} ${median.toFixed(2)} / ${p95.toFixed(2)}`)
    }
  }
  db.close()
  return lines
}
