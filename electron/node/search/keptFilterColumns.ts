import type Database from 'better-sqlite3'
import type { ParsedQuery } from '../../core/search/parseSearchQuery'
import { connectionVersion } from './connectionVersion'
import { type ColumnCondition, languageCondition, typeCondition } from './filterConditions'
import { hasFiltersIndex, matchedDocs } from './matchedDocs'
import { statementFor } from './statementFor'

/** The filters' columns of every item outside the trash, by rowid. */
interface Columns {
  /** 1 for an item outside the trash, 0 for a trashed or missing rowid. */
  live: Uint8Array
  /** The place of the item's language (type) among the distinct ones. */
  language: Uint32Array
  languages: string[]
  type: Uint32Array
  types: string[]
  /** NaN where the item has no year: no BETWEEN takes it. */
  year: Float64Array
}

/** A query's filters against the kept columns: which languages and types pass, and the years. */
interface Armed {
  columns: Columns
  languages: Uint8Array | null
  types: Uint8Array | null
  years: { from: number; to: number } | null
}

const kept = new WeakMap<Database.Database, { version: string; columns: Columns | null }>()
const armedFor = new WeakMap<Database.Database, { armed: Armed }>()
/** The version a filtered search found the columns stale at: they are read on the next idle turn, or by the next such search. */
const wanted = new WeakMap<Database.Database, string>()

/**
 * The kept columns, read again after any commit the connection can see; null while they are stale.
 * Reading them costs 100–150 ms of CPU at 100,000 items (against 1.5–5 ms saved a filtered search), so the
 * first filtered search after a commit goes without them, as before, and they are read when the
 * thread is next idle, or at once by a second filtered search before that. Rowids far sparser than
 * the items (a library emptied and filled again) keep none: the arrays are indexed by rowid.
 */
function keptColumns(db: Database.Database): Columns | null {
  const version = snapshotVersion(db)
  if (version === null) return null
  const entry = kept.get(db)
  if (entry?.version === version) return entry.columns
  if (wanted.get(db) === version) return keepColumns(db, version)
  wanted.set(db, version)
  setImmediate(() => {
    if (!db.open || db.inTransaction) return
    try {
      db.transaction(() => {
        const now = snapshotVersion(db)
        if (now !== null && kept.get(db)?.version !== now) keepColumns(db, now)
      })()
    } catch {
      // Left unread (the file busy, an I/O error): the next filtered search goes the joined way, which
      // meets the same error in its own call and reports it there, never as an uncaught one here.
    }
  })
  return null
}

/** The connection's version, once a first read has opened the caller's read snapshot (the columns are read in it). */
function snapshotVersion(db: Database.Database): string | null {
  statementFor(db, 'SELECT 1 FROM search_docs LIMIT 1').get()
  return connectionVersion(db)
}

function keepColumns(db: Database.Database, version: string): Columns | null {
  const columns = readColumns(db)
  kept.set(db, { version, columns })
  return columns
}

const SEPARATOR = '\x1f'

/**
 * Every column as one string, joined by SQLite: 100,000 rows fetched one by one took 150–230 ms of
 * CPU, the four strings split here 50–120 (bare, without the arrays). A year that is not a number (text) is left empty, as
 * no BETWEEN of numbers takes it in SQLite either.
 */
function readColumns(db: Database.Database): Columns | null {
  const [rowidText, yearText, languageText, typeText] = statementFor(
    db,
    `SELECT group_concat(d.rowid), group_concat(CASE WHEN typeof(d.year) IN ('integer', 'real') THEN d.year ELSE '' END), group_concat(d.language, char(31)), group_concat(d.type, char(31))
     FROM ${matchedDocs(db)} WHERE d.trashed = 0`,
  )
    .raw()
    .get() as (string | null)[]
  const rowids = rowidText ? rowidText.split(',').map(Number) : []
  const years = yearText?.split(',') ?? []
  const languages = languageText?.split(SEPARATOR) ?? []
  const types = typeText?.split(SEPARATOR) ?? []
  // A language or type holding the separator would split wrongly: such tables keep no columns.
  if (languages.length !== rowids.length || types.length !== rowids.length) return null
  let max = 0
  for (const rowid of rowids) if (rowid > max) max = rowid
  if (max > 4 * rowids.length + 1024) return null
  const size = max + 1
  const columns: Columns = { live: new Uint8Array(size), language: new Uint32Array(size), languages: [], type: new Uint32Array(size), types: [], year: new Float64Array(size).fill(NaN) }
  const languagePlaces = new Map<string, number>()
  const typePlaces = new Map<string, number>()
  const placeOf = (value: string, places: Map<string, number>, list: string[]) => {
    let place = places.get(value)
    if (place === undefined) places.set(value, (place = list.push(value) - 1))
    return place
  }
  rowids.forEach((rowid, at) => {
    columns.live[rowid] = 1
    columns.language[rowid] = placeOf(languages[at], languagePlaces, columns.languages)
    columns.type[rowid] = placeOf(types[at], typePlaces, columns.types)
    if (years[at] !== '') columns.year[rowid] = Number(years[at])
  })
  return columns
}

/** Which of the distinct values pass a filter's condition, told by SQLite itself: the very condition the SQL filter runs. */
function passing(db: Database.Database, condition: ColumnCondition, filters: ParsedQuery['filters'], values: string[]): Uint8Array {
  const passed = new Uint8Array(values.length)
  const places = statementFor(db, `SELECT key FROM json_each(?) WHERE ${condition.sql('value')}`).pluck().all(JSON.stringify(values), ...condition.values(filters)) as number[]
  for (const place of places) passed[place] = 1
  return passed
}

/** Arms a query's filters for the connection's SQL function, registered with the first. */
function arm(db: Database.Database, armed: Armed): void {
  const slot = armedFor.get(db)
  if (slot) {
    slot.armed = armed
    return
  }
  const made = { armed }
  db.function('search_doc_passes', { deterministic: false }, (rowid) => {
    const { columns, languages, types, years } = made.armed
    const at = rowid as number
    if (!columns.live[at]) return 0
    if (languages && !languages[columns.language[at]]) return 0
    if (types && !types[columns.type[at]]) return 0
    if (years && !(columns.year[at] >= years.from && columns.year[at] <= years.to)) return 0
    return 1
  })
  armedFor.set(db, made)
}

/** An item's date by its rowid, in parentheses where an ORDER BY takes it. */
const DATE_OF = 'SELECT o.date FROM search_docs o WHERE o.rowid = '

/** SQL that filters and orders FTS5's matches (or a list's items) by their rowid, from the kept columns. */
export interface KeptFilter {
  /** The condition that the item is outside the trash and passes the filters. */
  passes(rowid: string): string
  /** The item's date, for ordering: looked up for the items that pass only. */
  date(rowid: string): string
}

/**
 * The filters on the item's own columns (type:, lang:, year:, and the trash) checked per match from
 * columns kept per connection, by an SQL function of the rowid: looking up each match's row in the
 * filters' index cost a B-tree descent per match (2.7 ms of a 6.4 ms query at 100,000 items). Null
 * when a filter needs another table (tag:, collection:), or the tables have no filters' index (reading
 * every row's text to keep the columns). Call inside the read transaction of the statements that use
 * it, before them: they see the filters of the last call.
 */
export function keptFilter(db: Database.Database, filters: ParsedQuery['filters']): KeptFilter | null {
  if (filters.tags.length || filters.collections.length || !hasFiltersIndex(db)) return null
  const columns = keptColumns(db)
  if (!columns) return null
  arm(db, {
    columns,
    languages: filters.language ? passing(db, languageCondition, filters, columns.languages) : null,
    types: filters.type ? passing(db, typeCondition, filters, columns.types) : null,
    years: filters.yearFrom === undefined ? null : { from: filters.yearFrom, to: filters.yearTo ?? filters.yearFrom },
  })
  return { passes: (rowid) => `search_doc_passes(${rowid})`, date: (rowid) => `(${DATE_OF}${rowid})` }
}
