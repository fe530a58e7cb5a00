import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ftsSearch } from '../electron/node/library/ftsSearchBinding'
import { libraryLayout } from '../electron/node/library/libraryLayout'
import { createLibraryMaintenance } from '../electron/node/library/libraryMaintenance'
import { createLibraryStore } from '../electron/node/library/libraryStore'
import { summarize } from './summarize'
import { timeRuns } from './timeRuns'

/**
 * What check and backups cost on a library of `size` items in the on-disk layout: the app's quick
 * check at start, the full check, the first backup and the next day's,
 * the space the backups take, and a restore.
 */
export async function measureHealth(size: number, buildLibrary: (dir: string, size: number) => Promise<string[]>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'scriptorium-bench-health-'))
  try {
    await buildLibrary(dir, size)
    const store = createLibraryStore(dir, { search: ftsSearch })
    await store.refresh()
    await store.indexQueued()
    let day = Date.parse('2026-12-01T08:00:00Z')
    const maintenance = createLibraryMaintenance(dir, store, { now: () => new Date(day) })
    const rows: [string, number[]][] = []
    rows.push(['quick check (the app, at start)', await timeRuns(5, () => maintenance.check({ quick: true }))])
    const full = await maintenance.check({})
    if (!full.ok) throw new Error(`the bench library has problems: ${full.problems[0].message}`)
    rows.push(['full check (scriptorium check)', await timeRuns(3, () => maintenance.check({}))])
    rows.push(['first backup, verified', await timeRuns(1, () => maintenance.takeBackup('manual'))])
    rows.push(['next day\'s backup, verified', await timeRuns(3, () => ((day += 24 * 3600 * 1000), maintenance.takeBackup('daily')))])
    const backups = await maintenance.listBackups()
    const kilobytes = Number(execFileSync('du', ['-sk', libraryLayout(dir).backups], { encoding: 'utf8' }).split('\t')[0])
    rows.push(['restore of an unchanged backup (with the backup before it)', await timeRuns(1, () => maintenance.restoreBackup(backups.at(-1)!.name))])
    store.close()
    console.log(`Check and backups on ${size.toLocaleString('en')} items (${backups[0].files.toLocaleString('en')} record files, ${(backups[0].bytes / 1e6).toFixed(1)} MB each backup)`)
    for (const [operation, samples] of rows) {
      const { median, p95 } = summarize(samples)
      console.log(`  ${operation.padEnd(62)} ${median.toFixed(0).padStart(7)} ms${samples.length > 1 ? `  (p95 ${p95.toFixed(0)} ms)` : ''}`)
    }
    console.log(`  ${backups.length} backups on disk take ${(kilobytes / 1024).toFixed(1)} MB`)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
