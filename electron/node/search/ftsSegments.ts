import type Database from 'better-sqlite3'
import { sqliteVarints } from './sqliteVarints'

export interface FtsSegment {
  /** Its level: 0 for a segment just written, higher for merged ones. */
  level: number
  /** Its leaf pages. */
  pages: number
  /** The range of FTS5's writes of pending rows that the segment holds (a merged one, their union). */
  firstWrite: number
  lastWrite: number
  entries: number
  tombstonePages: number
}

/** The structure record of a table with contentless_delete (format 2) starts, after its cookie, so. */
const FORMAT_2 = [0xff, 0, 0, 1]

/**
 * The segments of the search index, read from FTS5's structure record; null when the record is not
 * of the format this reads (then nothing is concluded from it).
 */
export function ftsSegments(db: Database.Database): FtsSegment[] | null {
  const bytes = db.prepare('SELECT block FROM search_fts_data WHERE id = 10').pluck().get() as Buffer | undefined
  if (!bytes || !FORMAT_2.every((byte, at) => bytes[4 + at] === byte)) return null
  const varint = sqliteVarints(bytes, 8).next
  const levels = varint()
  varint() // segments
  varint() // leaf pages written
  const found: FtsSegment[] = []
  for (let level = 0; level < levels; level++) {
    varint() // segments being merged
    const count = varint()
    for (let segment = 0; segment < count; segment++) {
      // id, first and last page, the first and last write held, tombstone pages and entries, entries.
      const [, first, last, firstWrite, lastWrite, tombstonePages, , entries] = [varint(), varint(), varint(), varint(), varint(), varint(), varint(), varint()]
      found.push({ level, pages: last - first + 1, firstWrite, lastWrite, entries, tombstonePages })
    }
  }
  return found
}

/**
 * Whether merging the index whole is worth rewriting all of it: when the segments besides the largest
 * hold a twentieth of its entries or more. Each change leaves a small segment that FTS5's automerge
 * does not join to the large one; one such beside it costs a query little, a tenth of the library in
 * pieces (a bulk tag, a command's import) costs it much. Unknown structure: not worth it.
 */
export function worthMergingWhole(segments: FtsSegment[] | null): boolean {
  if (!segments || segments.length < 2) return false
  const total = segments.reduce((sum, segment) => sum + segment.entries, 0)
  const largest = Math.max(...segments.map((segment) => segment.entries))
  return (total - largest) * 20 >= total
}
