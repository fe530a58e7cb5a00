import type { BackupReason } from './libraryHealth'

export const DAILY_BACKUPS_KEPT = 7
export const WEEKLY_BACKUPS_KEPT = 4
const DAY_MS = 24 * 60 * 60 * 1000

interface Dated {
  name: string
  createdAt: string
  reason: BackupReason
  /** Records that were unreadable when it was taken. */
  unreadable: string[]
}

/**
 * The rotation: the newest backup of each of the 7 latest days that have one, and the newest of
 * each of the 4 latest weeks (ISO weeks, from Monday, in UTC), plus the newest taken before a
 * migration and the newest taken before a restore, which undo those, and the newest with every
 * record readable, so that damage which lasts longer than the rotation never pushes out the last
 * good copy. Days count in UTC, so the
 * rotation does not shift with the machine's time zone.
 */
export function backupsToKeep(backups: Dated[]): Set<string> {
  const newestFirst = [...backups].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name))
  const keep = new Set<string>()
  const newestPer = (period: (backup: Dated) => string, count: number) => {
    const seen = new Set<string>()
    for (const backup of newestFirst) {
      const key = period(backup)
      if (seen.has(key)) continue
      if (seen.size === count) break
      seen.add(key)
      keep.add(backup.name)
    }
  }
  newestPer((backup) => backup.createdAt.slice(0, 10), DAILY_BACKUPS_KEPT)
  newestPer((backup) => weekOf(backup.createdAt), WEEKLY_BACKUPS_KEPT)
  const newestGood = newestFirst.find((backup) => !backup.unreadable.length)
  if (newestGood) keep.add(newestGood.name)
  for (const reason of ['before-migration', 'before-restore'] as const) {
    const newest = newestFirst.find((backup) => backup.reason === reason)
    if (newest) keep.add(newest.name)
  }
  return keep
}

/** True when the newest backup is a day old or more (or there is none). */
export function isBackupDue(newest: { createdAt: string } | undefined, now: Date): boolean {
  return !newest || now.getTime() - Date.parse(newest.createdAt) >= DAY_MS
}

/** The Monday (UTC) that starts the week of an ISO time, as YYYY-MM-DD. */
function weekOf(iso: string): string {
  const day = new Date(`${iso.slice(0, 10)}T00:00:00Z`)
  const sinceMonday = (day.getUTCDay() + 6) % 7
  return new Date(day.getTime() - sinceMonday * DAY_MS).toISOString().slice(0, 10)
}
