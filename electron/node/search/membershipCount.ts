import type Database from 'better-sqlite3'
import { statementFor } from './statementFor'

/**
 * A count in search_meta that moves whenever the set of indexed items or of catalog items changes:
 * a row added or removed, its id changed, or moved into or out of the trash. A change of tags or of
 * words (a bulk tag, and the re-index after it) leaves it, so the rowid→id list a reader keeps
 * (itemIdsOfRowids) outlives such commits instead of being read again at the next keystroke. Kept by
 * triggers, so that every writer of the catalog (another process, another build) moves it.
 */
const TABLES = [
  { table: 'search_docs', prefix: 'search_docs_membership' },
  { table: 'items', prefix: 'items_membership' },
] as const

const COUNT_KEY = 'membership'
const BUMP = `UPDATE search_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = '${COUNT_KEY}';`

function triggersOf(table: string, prefix: string): [name: string, sql: string][] {
  return [
    [`${prefix}_insert`, `CREATE TRIGGER ${prefix}_insert AFTER INSERT ON ${table} BEGIN ${BUMP} END`],
    [`${prefix}_delete`, `CREATE TRIGGER ${prefix}_delete AFTER DELETE ON ${table} BEGIN ${BUMP} END`],
    [`${prefix}_update`, `CREATE TRIGGER ${prefix}_update AFTER UPDATE OF id, trashed ON ${table} WHEN OLD.id IS NOT NEW.id OR OLD.trashed IS NOT NEW.trashed BEGIN ${BUMP} END`],
  ]
}

const tableExists = (db: Database.Database, name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined
const triggerExists = (db: Database.Database, name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?").get(name) !== undefined

/**
 * Makes the count and its triggers where missing (search_docs' are dropped with it when the search
 * tables are made anew); writes nothing when all are there. Runs in the caller's write transaction.
 */
export function keepMembershipCount(db: Database.Database): void {
  if (db.prepare('SELECT 1 FROM search_meta WHERE key = ?').get(COUNT_KEY) === undefined) db.prepare("INSERT INTO search_meta (key, value) VALUES (?, '0')").run(COUNT_KEY)
  for (const { table, prefix } of TABLES) {
    if (!tableExists(db, table)) continue
    for (const [name, sql] of triggersOf(table, prefix)) if (!triggerExists(db, name)) db.exec(sql)
  }
}

const complete = new WeakMap<Database.Database, { schema: number; kept: boolean }>()

/**
 * A version of the indexed and catalogued items' membership as this connection sees it (call inside
 * a read transaction): equal versions hold the same items, rowids and trash. Where the triggers are
 * not all there (a catalog no writer of this build has opened, or search tables without a catalog
 * whose items table came later), any commit moves it.
 */
export function membershipVersion(db: Database.Database): string {
  const schema = db.pragma('schema_version', { simple: true }) as number
  let known = complete.get(db)
  if (known?.schema !== schema) {
    const kept = TABLES.every(({ table, prefix }) => (table === 'search_docs' || tableExists(db, table)) && triggersOf(table, prefix).every(([name]) => triggerExists(db, name)))
    complete.set(db, (known = { schema, kept }))
  }
  if (known.kept) {
    const count = statementFor(db, 'SELECT value FROM search_meta WHERE key = ?').pluck().get(COUNT_KEY) as string | undefined
    if (count !== undefined) return `${schema}:${count}`
  }
  return `${schema}:${db.pragma('data_version', { simple: true })}:${statementFor(db, 'SELECT total_changes()').pluck().get()}`
}
