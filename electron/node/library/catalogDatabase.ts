import Database from 'better-sqlite3'
import { rmSync } from 'node:fs'
import { loadSearchRanking } from '../search/searchRanking'

/** Bump when the tables change: the catalog is derived data, so an older one is simply rebuilt. */
export const CATALOG_FORMAT = 5

export interface CatalogDatabase {
  /** The connection that writes, one transaction at a time, and whose reads inside a change see it. */
  writer: Database.Database
  /** The connection that reads the last committed state, never waiting for a writer (WAL). */
  reader: Database.Database
  /** True when the tables were just made: the catalog must be filled from the item records. */
  fresh: boolean
  close(): void
}

const OPEN_WAIT_MS = 20_000
/** The writer's page cache, in KiB (see openCatalogDatabase). */
const WRITER_CACHE_KB = 64 * 1024
/**
 * The write-ahead log's size, in pages (4 KiB), past which a commit copies it into the catalog
 * itself: 128 MB, two 1,000-item sync pick-ups at 100,000 items with no quiet moment between them.
 * Only an open after a crash reads the whole log again.
 */
const WAL_BOUND_PAGES = 32_768

/**
 * The per-machine catalog: one row per item (its record's JSON and the keys lists, duplicate checks
 * and citation keys are looked up by), the search index beside it, and the change counter other
 * processes watch. Everything here is rebuilt from items/<id>/item.json when it is missing, damaged
 * or of another format.
 */
export function openCatalogDatabase(path: string | null, extraSchema: SearchSchema): CatalogDatabase {
  if (path === null) return inMemory(extraSchema)
  for (let attempt = 0; ; attempt++) {
    let writer: Database.Database | undefined
    try {
      // Opening may meet another process recovering the log of one that was killed, or holding the
      // write lock while the search schema is checked: usually milliseconds, but a loaded machine
      // (eight writers and a bulk import at once) once took over 5 s. Writes then wait in writeLock's own loop, which says so.
      writer = new Database(path, { timeout: OPEN_WAIT_MS })
      writer.pragma('journal_mode = WAL')
      // A commit is on disk when it returns, as the record files are: after a power cut the catalog
      // is never behind a change that was acknowledged.
      writer.pragma('synchronous = FULL')
      // A change of many items (a sync tool's batch) reads each one's row, index pages and impact-list
      // entries, and FTS5 merges segments as it commits: with SQLite's default 2 MB of cache the
      // writer read the same pages from the file again within one change. Filled only as pages are used.
      writer.pragma(`cache_size = -${WRITER_CACHE_KB}`)
      // The log is copied into the catalog when the store is quiet (quietCheckpoint), off the path of
      // a change the user waits for; SQLite's own copy, inside a commit, only bounds the log's size.
      writer.pragma(`wal_autocheckpoint = ${WAL_BOUND_PAGES}`)
      let fresh = false
      if (filledFormat(writer) !== CATALOG_FORMAT) fresh = createTables(writer, extraSchema)
      else updateSearchSchema(writer, extraSchema)
      const reader = new Database(path, { readonly: true, timeout: OPEN_WAIT_MS })
      writer.pragma('busy_timeout = 0')
      // Both search: the reader as a rule, the writer inside a change.
      loadSearchRanking(writer)
      loadSearchRanking(reader)
      return { writer, reader, fresh, close: () => (reader.close(), writer!.close()) }
    } catch (error) {
      writer?.close()
      // Derived data: a damaged catalog is deleted and made again from the records. Each format has
      // a file of its own (see libraryLayout), so no other version's catalog is ever touched.
      if (attempt > 0 || !(error instanceof StaleCatalog || isCorrupt(error))) throw error
      for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true })
    }
  }
}

/** Makes the search tables if missing; true when they were made anew, so that the catalog's items must be indexed again. */
type SearchSchema = (db: Database.Database) => boolean

/**
 * The search tables of a filled catalog, made anew when their version changed: every item is then
 * queued for indexing in the same transaction, and indexQueued takes them in a batch at a time, so
 * the rebuild resumes where it stopped after a crash.
 */
function updateSearchSchema(db: Database.Database, extraSchema: SearchSchema): void {
  const update = db.transaction(() => {
    if (extraSchema(db)) db.exec('INSERT OR IGNORE INTO index_queue (id) SELECT id FROM items')
  })
  // Usually the tables are current and the check only reads: deferred, it opens a library while
  // another process holds the write lock, as reads must. Only a change of version waits for the lock.
  try {
    update.deferred()
  } catch (error) {
    if (!String((error as { code?: string }).code).startsWith('SQLITE_BUSY')) throw error
    update.immediate()
  }
}

/** Set in the transaction that finishes filling a new catalog: until then it counts as not made. */
export function markCatalogFilled(db: Database.Database): void {
  db.pragma(`user_version = ${CATALOG_FORMAT}`)
}

function filledFormat(db: Database.Database): number {
  const format = Number(db.pragma('user_version', { simple: true }))
  if (format !== 0 && format !== CATALOG_FORMAT) throw new StaleCatalog()
  return format
}

class StaleCatalog extends Error {}

function isCorrupt(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? ''
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' || code === 'SQLITE_IOERR_SHORT_READ'
}

function inMemory(extraSchema: SearchSchema): CatalogDatabase {
  // A library that cannot be written to (read-only media) is still shown; one connection serves both.
  const db = new Database(':memory:')
  createTables(db, extraSchema)
  loadSearchRanking(db)
  return { writer: db, reader: db, fresh: true, close: () => db.close() }
}

/** Makes the tables; false when another process finished filling them meanwhile. */
function createTables(db: Database.Database, extraSchema: SearchSchema): boolean {
  // Another process may be making the same catalog: wait for it (once per catalog, so blocking is fine).
  db.pragma('busy_timeout = 60000')
  db.exec('BEGIN IMMEDIATE')
  db.pragma('busy_timeout = 0')
  if (filledFormat(db) === CATALOG_FORMAT) {
    db.exec('COMMIT')
    updateSearchSchema(db, extraSchema)
    return false
  }
  db.exec(`
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT OR IGNORE INTO meta (key, value) VALUES ('revision', '0');
    CREATE TABLE IF NOT EXISTS items (
      id TEXT PRIMARY KEY,
      citekey TEXT NOT NULL,
      json TEXT NOT NULL,
      trashed INTEGER NOT NULL,
      added_at TEXT NOT NULL,
      url TEXT,
      doi TEXT,
      digest TEXT,
      -- workKeyOf: title, year and first author, how references without a DOI are told apart.
      work TEXT,
      revision INTEGER NOT NULL,
      file_stamp TEXT NOT NULL,
      annotations_stamp TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX IF NOT EXISTS items_citekey ON items (citekey);
    CREATE INDEX IF NOT EXISTS items_url ON items (url) WHERE url IS NOT NULL;
    CREATE INDEX IF NOT EXISTS items_doi ON items (doi) WHERE doi IS NOT NULL;
    CREATE INDEX IF NOT EXISTS items_digest ON items (digest) WHERE digest IS NOT NULL;
    CREATE INDEX IF NOT EXISTS items_work ON items (work) WHERE work IS NOT NULL;
    CREATE INDEX IF NOT EXISTS items_listing ON items (trashed, added_at, id);
    CREATE TABLE IF NOT EXISTS set_aside (id TEXT PRIMARY KEY, reason TEXT NOT NULL, file_stamp TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS index_queue (id TEXT PRIMARY KEY);
    -- Each item's collections and tags, from its record: a collection of 10,000 opens by index, tags are counted without parsing records.
    CREATE TABLE IF NOT EXISTS item_collections (collection TEXT NOT NULL, item TEXT NOT NULL, PRIMARY KEY (collection, item)) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS item_collections_item ON item_collections (item);
    CREATE TABLE IF NOT EXISTS item_tags (tag TEXT NOT NULL COLLATE NOCASE, item TEXT NOT NULL, PRIMARY KEY (tag, item)) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS item_tags_item ON item_tags (item);
  `)
  try {
    extraSchema(db)
    db.exec('COMMIT')
  } catch (error) {
    db.exec('ROLLBACK')
    throw error
  }
  return true
}
