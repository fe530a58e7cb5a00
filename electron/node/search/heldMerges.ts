import type Database from 'better-sqlite3'
import { ftsSegments } from './ftsSegments'
import { mergeSearchSegments } from './indexSearchDocument'
import { statementFor } from './statementFor'

/** FTS5's own automerge setting, put back when a hold ends: a level is merged once it holds four segments. */
const AUTOMERGE = 4
/** FTS5's default: pending rows are written out as a segment once they take this much memory. */
const HASH_SIZE = 1024 * 1024
/**
 * While merging is held: a pick-up of 1,000 items at 100,000 filled the default's megabyte ten times
 * (a segment of about 100 items each), and with merging held those segments pile up until FTS5's
 * crisis merge (16 on a level) merges them inside a change after all.
 */
const HELD_HASH_SIZE = 32 * 1024 * 1024
/** Pages merged a step when owed merging is done: as a rebuild's tidying steps. */
const STEP_PAGES = 500

/**
 * Holds FTS5's automerge for the rest of a change of many items, in the caller's transaction; gives
 * what ends the hold, to be called before that transaction commits. With automerge, each segment a
 * change writes is followed, in the same transaction, by merging older segments: up to the pages it
 * wrote times the index's levels. A pick-up of 1,000 items changed outside, at 100,000 items, wrote
 * some 4,700 pages of log for its words and 10,000 more for that merging (a third of its indexing time,
 * measured on a copy of the bench's catalog). The words are written as before, so every search finds
 * them at the commit; only the merging waits: owed in search_meta, in the same transaction, and done in
 * bounded steps once the store is quiet (payOwedMergeStep). A change rolled back takes the hold and
 * the debt with it (FTS5 reads its settings again when its structure's cookie goes back).
 */
export function holdSearchMerges(db: Database.Database): () => void {
  const before = indexPages(db)
  db.exec("INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 0)")
  db.exec(`INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', ${HELD_HASH_SIZE})`)
  return () => {
    // FTS5 writes its pending rows out before it takes a setting, with automerge still held. A config value must be a literal.
    db.exec(`INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', ${HASH_SIZE})`)
    db.exec(`INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', ${AUTOMERGE})`)
    const after = indexPages(db)
    const written = Math.max(0, after.pages - before.pages)
    if (written) oweMerging(db, owedMergePages(db) + written * after.levels)
  }
}

/** The index's pages, over every segment, and its levels: automerge's work is the one times the other. */
function indexPages(db: Database.Database): { pages: number; levels: number } {
  const segments = ftsSegments(db) ?? []
  return { pages: segments.reduce((sum, segment) => sum + segment.pages, 0), levels: Math.max(1, ...segments.map((segment) => segment.level + 1)) }
}

/** The pages of merging that held changes left to do. */
export function owedMergePages(db: Database.Database): number {
  return Number(statementFor(db, "SELECT value FROM search_meta WHERE key = 'merge_owed'").pluck().get() ?? 0)
}

function oweMerging(db: Database.Database, pages: number): void {
  if (pages > 0) statementFor(db, "INSERT OR REPLACE INTO search_meta (key, value) VALUES ('merge_owed', ?)").run(String(pages))
  else statementFor(db, "DELETE FROM search_meta WHERE key = 'merge_owed'").run()
}

/**
 * One bounded step of the merging held changes owe (FTS5 'merge', as automerge would have merged), in
 * the caller's transaction: true while some is left. Once FTS5 finds nothing left to merge, the debt is cleared.
 */
export function payOwedMergeStep(db: Database.Database): boolean {
  const owed = owedMergePages(db)
  if (!owed) return false
  const step = Math.min(owed, STEP_PAGES)
  const left = mergeSearchSegments(db, step) ? owed - step : 0
  oweMerging(db, left)
  return left > 0
}
