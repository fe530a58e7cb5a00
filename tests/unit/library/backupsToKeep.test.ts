import { describe, expect, it } from 'vitest'
import { backupsToKeep, isBackupDue } from '../../../electron/core/backupsToKeep'
import type { BackupReason } from '../../../electron/core/libraryHealth'

const DAY = 24 * 60 * 60 * 1000
const backup = (at: Date, reason: BackupReason = 'daily', unreadable: string[] = []) => ({ name: `${at.toISOString()}-${reason}`, createdAt: at.toISOString(), reason, unreadable })

describe('the rotation of backups', () => {
  // A backup at 09:00 UTC every day for 60 days, the last on Tuesday 2026-12-01.
  const last = Date.parse('2026-12-01T09:00:00Z')
  const daily = Array.from({ length: 60 }, (_, day) => backup(new Date(last - day * DAY)))

  it('keeps the last 7 days and the newest of each of the last 4 weeks, nothing else', () => {
    const kept = [...backupsToKeep(daily)].map((name) => name.slice(0, 10)).sort()
    // Days: 25 Nov to 1 Dec. Weeks from Monday: 30 Nov (its newest: 1 Dec), 23 Nov (29 Nov),
    // 16 Nov (22 Nov), 9 Nov (15 Nov).
    expect(kept).toEqual(['2026-11-15', '2026-11-22', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01'])
  })

  it('keeps only the newest of several backups on one day', () => {
    const sameDay = [backup(new Date('2026-12-01T08:00:00Z'), 'manual'), backup(new Date('2026-12-01T17:00:00Z'), 'manual'), backup(new Date('2026-11-30T17:00:00Z'))]
    expect([...backupsToKeep(sameDay)].sort()).toEqual([sameDay[1].name, sameDay[2].name].sort())
  })

  it('keeps the newest backup taken before a migration and before a restore, however old', () => {
    const migration = backup(new Date(last - 90 * DAY), 'before-migration')
    const restore = backup(new Date(last - 80 * DAY), 'before-restore')
    const kept = backupsToKeep([...daily, migration, restore])
    expect(kept.has(migration.name)).toBe(true)
    expect(kept.has(restore.name)).toBe(true)
    expect(kept.size).toBe(11)
  })

  it('keeps the newest backup with every record readable when damage outlasts the rotation', () => {
    const good = daily[20]
    const damaged = daily.slice(0, 20).map((one) => ({ ...one, unreadable: ['items/A/item.json'] }))
    const kept = backupsToKeep([...damaged, ...daily.slice(20)])
    expect(kept.has(good.name)).toBe(true)
    expect(kept.has(daily[21].name)).toBe(false)
  })

  it('is due when there is no backup or the newest is a day old', () => {
    const now = new Date('2026-12-01T09:00:00Z')
    expect(isBackupDue(undefined, now)).toBe(true)
    expect(isBackupDue({ createdAt: '2026-11-30T09:00:01Z' }, now)).toBe(false)
    expect(isBackupDue({ createdAt: '2026-11-30T09:00:00Z' }, now)).toBe(true)
  })
})
