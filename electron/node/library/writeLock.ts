import type Database from 'better-sqlite3'
import { ArchiveError } from '../../core/archiveError'
import { logEvent } from '../log/logEvent'

// Holders keep the lock for one change (an edit takes milliseconds, a chunk of 100 references more); a
// holder that died lost it to the kernel at once. What is left to wait for is a live one: a paused
// process (a suspended laptop) is waited for, never overtaken, so it cannot write over what others did.
const WAITS_MS = [2, 5, 10, 20, 40, 80, 120, 200, 250]
const GIVE_UP_MS = 60_000
const SAY_WAITING_AFTER_MS = 1_000

/**
 * Starts a write transaction, waiting without blocking the event loop while another process holds
 * the library's write lock (better-sqlite3's own busy timeout would block it).
 */
export async function beginWrite(db: Database.Database, onWaiting?: (message: string) => void): Promise<void> {
  const started = Date.now()
  let told = false
  for (let attempt = 0; ; attempt++) {
    try {
      db.exec('BEGIN IMMEDIATE')
      if (told) logEvent({ event: 'lock-wait', waitedMs: Date.now() - started, gaveUp: false })
      return
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error
    }
    const waited = Date.now() - started
    if (waited > GIVE_UP_MS) {
      logEvent({ event: 'lock-wait', waitedMs: waited, gaveUp: true })
      throw new ArchiveError('storage_failed', 'Another Scriptorium process has been saving to this library for over a minute; Scriptorium stopped waiting. Close the other process, or try again.')
    }
    if (!told && waited > SAY_WAITING_AFTER_MS) {
      told = true
      onWaiting?.('Waiting for another Scriptorium process to finish saving…')
    }
    await new Promise((resolve) => setTimeout(resolve, WAITS_MS[Math.min(attempt, WAITS_MS.length - 1)]))
  }
}
