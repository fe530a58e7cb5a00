import type Database from 'better-sqlite3'
import { statementFor } from './statementFor'

/**
 * What moves with any change a connection can see: PRAGMA data_version (commits by other connections)
 * and total_changes() (its own). What is kept per connection from the index holds while it stays the
 * same. Null on a connection that can write while it is inside a transaction: a change of its own
 * may yet be rolled back, which neither value undoes, so nothing read then may be kept (the file's
 * read-only reader, which does the searching, keeps as before).
 */
export function connectionVersion(db: Database.Database): string | null {
  if (!db.readonly && db.inTransaction) return null
  return `${db.pragma('data_version', { simple: true })}:${statementFor(db, 'SELECT total_changes()').pluck().get()}`
}
