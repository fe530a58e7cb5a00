import { mkdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { ArchiveError } from '../../core/archiveError'
import { isBackupDue } from '../../core/backupsToKeep'
import type { LibraryMaintenance, LibraryProblem } from '../../core/libraryHealth'
import { annotationFileName, isAnnotationFileName } from '../../core/sync/annotationFileName'
import { ownAnnotationPath, restoredAnnotationsText } from './annotationFiles'
import { checkLibrary } from './checkLibrary'
import { foldersWithoutLinks } from './foldersWithoutLinks'
import { listBackups, readVerifiedBackup, takeBackup } from './libraryBackups'
import { LIBRARY_SCHEMA_VERSION, libraryLayout } from './libraryLayout'
import { readMarker } from './migrateLibrary'
import { problemKey, repairLibrary, type RepairableStore } from './repairLibrary'
import { restampRestoredRecord } from './restampRestoredRecord'
import { writeFileDurably } from './writeFileDurably'
import { logEvent } from '../log/logEvent'


/** Check, repair, backups and restore over one library folder and its open store. */
export function createLibraryMaintenance(location: string, store: RepairableStore, { now = () => new Date() }: { now?: () => Date } = {}): LibraryMaintenance & { afterStartScan(scan: Promise<unknown>): void } {
  const layout = libraryLayout(location)
  let startScan: Promise<unknown> = Promise.resolve()
  const newestGood = async () => (await listBackups(layout)).find((backup) => !backup.unreadable.length) ?? null

  return {
    /**
     * The app's catch-up with files changed while it was closed: the quick check reads the catalog's
     * list of records set aside, so it waits for the catch-up to have read them.
     */
    afterStartScan(scan) {
      startScan = scan.catch(() => {})
    },

    async check({ repair = false, quick = false }) {
      if (quick) await startScan
      const found = await checkLibrary(layout, { quick, now })
      let problems: LibraryProblem[] = found.problems
      if (repair && problems.length) {
        const actions = await repairLibrary(layout, problems, { store, now })
        // Ids and kinds only: a path may carry a title a user gave a file.
        logEvent({ event: 'repair', what: 'check-repair', ids: [...new Set(problems.flatMap((problem) => (problem.id ? [problem.id] : [])))], kinds: [...new Set(problems.map((problem) => problem.kind))] })
        const after = await checkLibrary(layout, { quick, now })
        const left = new Set(after.problems.map(problemKey))
        const before = new Set(problems.map(problemKey))
        problems = [
          ...problems.map((problem) => {
            const repaired = !left.has(problemKey(problem))
            const action = actions.get(problemKey(problem))
            return { ...problem, repaired, message: action && (repaired || !/^The catalog/.test(action)) ? `${problem.message} ${action}` : problem.message }
          }),
          // Found only now, e.g. a record the repair took in that turned out unreadable.
          ...after.problems.filter((problem) => !before.has(problemKey(problem))),
        ]
      }
      return { ok: problems.every((problem) => problem.repaired), quick, repair, location, items: found.items, problems, newestGoodBackup: await newestGood() }
    },

    listBackups: () => listBackups(layout),

    async takeBackup(reason) {
      if (!(await readMarker(layout))) throw new ArchiveError('not_found', `There is no library at ${location} to back up yet.`)
      return takeBackup(layout, { reason, now })
    },

    async backUpIfDue() {
      if (!(await readMarker(layout).catch(() => null))) return null
      if (!isBackupDue((await listBackups(layout))[0], now())) return null
      return takeBackup(layout, { reason: 'daily', now })
    },

    async restoreBackup(name) {
      const { backup, files } = await readVerifiedBackup(layout, name)
      if (backup.schemaVersion !== LIBRARY_SCHEMA_VERSION) {
        throw new ArchiveError('invalid_argument', `The backup ${name} was taken before the library was converted to its current layout (schema ${backup.schemaVersion}, now ${LIBRARY_SCHEMA_VERSION}); restore it by hand, as the README says under "Backups".`)
      }
      // The state being replaced is itself kept, so a restore can be undone with another.
      const safetyBackup = await takeBackup(layout, { reason: 'before-restore', now })
      const written: string[] = []
      async function restoreFiles(): Promise<void> {
        // An item's annotation files (any device's) are put back together, into this device's own file.
        const annotations = new Map<string, { path: string; bytes: Buffer }[]>()
        for (const file of files) {
          const [top, id, name] = file.path.split('/')
          if (top === 'items' && name && isAnnotationFileName(name)) annotations.set(id, [...(annotations.get(id) ?? []), file])
        }
        for (const [id, saved] of annotations) {
          const folder = layout.itemFolder(id)
          if (!(await foldersWithoutLinks(location, folder))) continue
          const text = await restoredAnnotationsText(folder, layout.device, saved, new Date().toISOString())
          if (text === null) continue
          await mkdir(folder, { recursive: true })
          await writeFileDurably(ownAnnotationPath(folder, layout.device), text)
          written.push(`items/${id}/${annotationFileName(layout.device)}`)
        }
        for (const file of files) {
          if (file.path.startsWith('items/') && isAnnotationFileName(file.path.split('/')[2] ?? '')) continue
          const target = join(location, ...file.path.split('/'))
          // A folder that is a link (a downloaded library) could lead the write elsewhere.
          const folder = dirname(target)
          if (!(await foldersWithoutLinks(location, folder))) continue
          // Only what differs is written: the catalog then reads again only the items that changed.
          const current = await readFile(target).catch(() => null)
          if (current?.equals(file.bytes)) continue
          await mkdir(folder, { recursive: true })
          // Put back as new changes of this machine: what it restores must win over what other machines hold.
          await writeFileDurably(target, restampRestoredRecord(file.path, file.bytes, current, { device: layout.device, at: new Date().toISOString() }))
          written.push(file.path)
        }
      }
      // Under the write lock: no change of another process lands between reading a file and replacing it.
      await store.mutate(async () => {
        // Logged even when a later file fails: no rollback takes back the ones written.
        try {
          await restoreFiles()
        } finally {
          await store.logWritten(written)
        }
      })
      // Settings and records changed under the open store: it takes them in, and indexes them again.
      await store.refresh()
      await store.scanFiles()
      await store.indexQueued()
      return { restored: backup, safetyBackup, files: written.length }
    },
  }
}

