import type Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { logEvent } from '../log/logEvent'
import { connectionVersion } from './connectionVersion'
import type { FtsQuery } from './ftsQueryFor'
import { listedItemCounts } from './impactLists'
import { BM25, WEIGHTS } from './searchSchema'

/*
 * The search's ranking: native/searchRanking.c's search_bm25(), FTS5's weighted bm25() given the
 * document frequencies the impact lists already know, so that a common word costs no count of its
 * whole doclist per query (1.2 ms for a word in 57,000 items), and keeping the rows' lengths it read
 * while the connection sees no change. Scores are bm25()'s, to the last bit.
 * Where the extension was not built (no C compiler) or will not load, FTS5's bm25() ranks instead.
 */

/** search_bm25(table, counts, stamp, weights…): see native/searchRanking.c. */
const SEARCH_BM25 = `search_bm25(search_fts, ?, ?, ${WEIGHTS})`

const SUFFIX = process.platform === 'win32' ? 'dll' : process.platform === 'darwin' ? 'dylib' : 'so'

/** native/out/ from wherever this module runs: electron/node/search/ in tests, out/main/ (or a chunk folder below it) when built. */
function findExtension(): string | null {
  for (let folder = dirname(fileURLToPath(import.meta.url)); ; folder = dirname(folder)) {
    const candidate = join(folder, 'native', 'out', `searchRanking.${SUFFIX}`)
    if (existsSync(candidate)) return candidate
    if (dirname(folder) === folder) return null
  }
}

let extensionFile: string | null | undefined
let warned = false
const ranking = new WeakSet<Database.Database>()

function fallBack(reason: 'missing' | 'load-failed'): void {
  if (warned) return
  warned = true
  logEvent({ event: 'search-ranking-fallback', reason })
}

/** Loads the ranking function on a connection that ranks; when it cannot, the connection ranks with bm25() (logged once a process). */
export function loadSearchRanking(db: Database.Database): void {
  if (extensionFile === undefined) extensionFile = findExtension()
  if (!extensionFile) return fallBack('missing')
  try {
    db.loadExtension(extensionFile)
    ranking.add(db)
  } catch {
    fallBack('load-failed')
  }
}

/** Whether a connection ranks with search_bm25() (else with bm25()). */
export const ranksWithSearchBm25 = (db: Database.Database) => ranking.has(db)

/**
 * The weighted BM25 of a match as SQL (negative, best first as bm25()'s) and the values of its
 * parameters, which come first in the statement. Called in the transaction the statement runs in:
 * the connection's version, under which search_bm25() keeps the rows' lengths it read, is that snapshot's.
 */
export function bm25Of(db: Database.Database, query: FtsQuery): { sql: string; values: (Buffer | string | null)[] } {
  if (!ranking.has(db)) return { sql: BM25, values: [] }
  return { sql: SEARCH_BM25, values: [knownCounts(db, query), connectionVersion(db)] }
}

/**
 * The counts search_bm25() takes: N (-1: FTS5's own, as bm25() and impactTopK read it), then each
 * phrase's document frequency where an impact list knows it, -1 where the function must count it.
 */
function knownCounts(db: Database.Database, { phrases }: FtsQuery): Buffer | null {
  if (!phrases) return null
  const counts = listedItemCounts(db, phrases)
  if (counts.every((count) => count === undefined)) return null
  return Buffer.from(Float64Array.from([-1, ...counts.map((count) => count ?? -1)]).buffer)
}
