import type Database from 'better-sqlite3'
import { statementFor } from './statementFor'

/**
 * What moves with any change a connection can see: PRAGMA data_version (commits by other connections)
 * and total_changes() (its own). What is kept per connection from the index holds while it stays the same.
 */
export function connectionVersion(db: Database.Database): string {
  return `${db.pragma('data_version', { simple: true })}:${statementFor(db, 'SELECT total_changes()').pluck().get()}`
}
