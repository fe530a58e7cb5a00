/**
 * What `scriptorium check` and the backups report, as the app, the bridge and the CLI carry it.
 * The shape of LibraryCheck is a documented interface (README, "Checking and repairing"): scripts
 * and the kill-test harness read `check --json`, so fields are only ever added.
 */

export type LibraryProblemKind =
  /** items/<id>/item.json is not valid JSON or not a usable record. */
  | 'unreadable-record'
  /** items/<id>/annotations.json is not valid JSON or not an annotation file. */
  | 'unreadable-annotations'
  /** One entry of an annotations.json cannot be used; the rest of the file is fine. */
  | 'damaged-annotation'
  /** settings.json is not valid JSON. */
  | 'unreadable-settings'
  /** A folder under items/ with no item.json (an interrupted add or delete). */
  | 'orphan-folder'
  /** An orphan folder that still holds highlights or notes (annotations.json). */
  | 'annotations-without-item'
  /** A file or folder under items/ that belongs to no item. */
  | 'stray-file'
  /** A copy a sync tool made of a file changed on two machines; only a person can merge it. */
  | 'conflict-copy'
  /** A temporary file of a write that was interrupted, or a backup that was never finished. */
  | 'leftover-temp'
  /** A note of a change whose process died before it finished (this machine's .local/…/intents). */
  | 'stale-intent'
  /** A lock left by a process that is gone. */
  | 'stale-lock'
  /** A readable record that the catalog or the search index does not hold. */
  | 'index-missing'
  /** A catalog or search entry for an item that has no record. */
  | 'index-extra'
  /** A catalog or search entry older than its record. */
  | 'index-stale'

export interface LibraryProblem {
  kind: LibraryProblemKind
  /** The file or folder, relative to the library folder, with "/" between names. */
  path: string
  /** The item concerned, when there is one. */
  id?: string
  /** One sentence: what is wrong, and what was done or what to do. */
  message: string
  /** True when --repair fixed it (then `message` says how). */
  repaired: boolean
}

export interface LibraryCheck {
  /** True when nothing is left to fix: no problem, or every one repaired. */
  ok: boolean
  /** Only the cheap checks ran (no record was read): the app's check at start. */
  quick: boolean
  repair: boolean
  location: string
  /** How many item folders were looked at. */
  items: number
  problems: LibraryProblem[]
  /** The newest backup that holds every record readable, to offer when records are damaged. */
  newestGoodBackup: LibraryBackup | null
}

export type BackupReason = 'daily' | 'manual' | 'before-migration' | 'before-restore'

export interface LibraryBackup {
  /** Its folder's name, e.g. 2026-12-01T18-05-00Z-daily; what restore-backup takes. */
  name: string
  /** ISO time it was taken. */
  createdAt: string
  reason: BackupReason
  /** Record files it holds, and the size of its archive (compressed). */
  files: number
  bytes: number
  /** Records that were already unreadable when it was taken (copied as they were). */
  unreadable: string[]
  /** The library layout's schema the backup was taken under. */
  schemaVersion: number
  /** Its archive's full path on this machine (a .tar.gz: `tar -xzf` it into the library to restore by hand). */
  path: string
}

export interface RestoreReport {
  restored: LibraryBackup
  /** The backup of the state just before the restore, itself restorable. */
  safetyBackup: LibraryBackup
  /** Records written back: those that differed from the library's. */
  files: number
}

/** Check, repair, backups and restore of a library on disk; the node layer provides it. */
export interface LibraryMaintenance {
  check(options: { repair?: boolean; quick?: boolean }): Promise<LibraryCheck>
  /** Newest first. */
  listBackups(): Promise<LibraryBackup[]>
  takeBackup(reason: BackupReason): Promise<LibraryBackup>
  /** A daily backup, when the library exists and its newest backup is a day old or more. */
  backUpIfDue(): Promise<LibraryBackup | null>
  /** Verifies the backup, backs up the current state, writes the records back and re-indexes. */
  restoreBackup(name: string): Promise<RestoreReport>
}
