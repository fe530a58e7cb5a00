import Database from 'better-sqlite3'
import { mkdir, readdir, rename, rm, rmdir, unlink } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { LibraryProblem } from '../../core/libraryHealth'
import { removeSearchDocument } from '../search'
import { isAlive, localPath } from './checkLibrary'
import { annotationFileName } from '../../core/sync/annotationFileName'
import { foldBackupAnnotations, type DamagedAnnotationFile } from './foldBackupAnnotations'
import { newestGoodCopy } from './libraryBackups'
import type { LibraryLayout } from './libraryLayout'
import { restampRestoredRecord } from './restampRestoredRecord'
import { writeFileDurably } from './writeFileDurably'
import { readPlainBytesOrNull } from './readPlainFileSync'

/** What repair needs of the open library: to open it (which redoes intents) and to take in changed records. */
export interface RepairableStore {
  refresh(): Promise<void>
  /** Holds the library's write lock for the change: a restore writes no record while another process does. */
  mutate<T>(change: () => Promise<T>): Promise<T>
  scanFiles(): Promise<{ changed: number }>
  indexQueued(): Promise<void>
  /** Logs the item files it put back for other machines (see LibraryStore.logWritten). */
  logWritten(paths: string[]): Promise<void>
}

const DRIFT = new Set<LibraryProblem['kind']>(['index-missing', 'index-extra', 'index-stale', 'stale-intent'])

/**
 * Fixes what is safe to fix, and says for each problem what it did (keyed by kind and path):
 * leftovers of interrupted writes are removed; files that belong to no item, and damaged records
 * that a backup can replace, are moved to .local/<device>/set-aside/<time>/ (never deleted);
 * a damaged annotation file is moved aside too, never rewritten (another device may own it), and
 * its backup copy is merged into this device's own file (see foldBackupAnnotations);
 * the catalog and search index take in again every item they disagree with the records about.
 * What only a person can decide (a conflict copy, a damaged record no backup holds) is left.
 */
export async function repairLibrary(layout: LibraryLayout, problems: LibraryProblem[], { store, now = () => new Date() }: { store: RepairableStore; now?: () => Date }): Promise<Map<string, string>> {
  const done = new Map<string, string>()
  const setAsideRoot = join(layout.setAsideFiles, now().toISOString().slice(0, 19).replace(/:/g, '-') + 'Z')
  /** Moves a file (absolute path) to the same place under the set-aside folder; answers where. */
  const setAside = async (path: string): Promise<string> => {
    const target = join(setAsideRoot, localPath(layout, path))
    await mkdir(dirname(target), { recursive: true })
    await rename(path, target)
    return target
  }
  const moveAside = async (path: string): Promise<string> => localPath(layout, await setAside(join(layout.location, ...path.split('/'))))
  /** Damaged annotation files with a backup copy, by item: folded together once every problem is seen. */
  const damagedAnnotations = new Map<string, { problem: LibraryProblem; backup: string; file: DamagedAnnotationFile }[]>()
  for (const problem of problems) {
    const key = problemKey(problem)
    try {
      switch (problem.kind) {
        case 'leftover-temp':
          await rm(join(layout.location, ...problem.path.split('/')), { recursive: true, force: true })
          done.set(key, 'Removed.')
          break
        case 'stale-lock':
          await rm(join(layout.location, ...problem.path.split('/')), { recursive: true, force: true })
          done.set(key, 'The lock was removed.')
          break
        case 'orphan-folder':
        case 'annotations-without-item':
        case 'stray-file': {
          // An empty folder holds nothing to keep.
          if (problem.kind === 'orphan-folder' && (await rmdir(join(layout.location, problem.path)).then(() => true, () => false))) done.set(key, 'The empty folder was removed.')
          else done.set(key, `Moved to ${await moveAside(problem.path)}.`)
          break
        }
        case 'unreadable-record':
        case 'unreadable-annotations':
        case 'unreadable-settings': {
          // Not damage: another machine runs a newer Scriptorium. An older copy must not replace it.
          if (/newer Scriptorium/.test(problem.message)) {
            done.set(key, 'Update Scriptorium to read it; it was left as it is.')
            break
          }
          const copy = await newestGoodCopy(layout, problem.path)
          if (!copy) {
            done.set(key, 'No backup holds a readable copy of it: mend the file by hand, or restore an older backup.')
            break
          }
          if (problem.kind === 'unreadable-annotations' && problem.id) {
            const file = { path: join(layout.location, ...problem.path.split('/')), relative: problem.path, bytes: copy.bytes }
            damagedAnnotations.set(problem.id, [...(damagedAnnotations.get(problem.id) ?? []), { problem, backup: copy.backup, file }])
            break
          }
          const damaged = readPlainBytesOrNull(join(layout.location, ...problem.path.split('/')))
          const aside = await moveAside(problem.path)
          // Put back as new changes of this machine, counted past what the damaged file had reached (see stampRestoredValues).
          const floor = problem.id && problem.path.endsWith('/item.json') ? catalogRevision(layout, problem.id) : 0
          await writeFileDurably(join(layout.location, ...problem.path.split('/')), restampRestoredRecord(problem.path, copy.bytes, damaged, { device: layout.device, at: new Date().toISOString(), floor }))
          await store.logWritten([problem.path])
          done.set(key, `It was replaced by its copy in the backup ${copy.backup}; the damaged file was moved to ${aside}.`)
          break
        }
      }
    } catch (error) {
      done.set(key, repairFailed(error))
    }
  }

  for (const [id, damaged] of damagedAnnotations) {
    try {
      // Versions that lose to newer changes are kept in conflicts/, as at any merge, and shown there.
      const own = `items/${id}/${annotationFileName(layout.device)}`
      // Under the write lock, as every write of this device's own file: a highlight saved meanwhile is not overwritten.
      const { asides } = await store.mutate(async () => {
        const folded = await foldBackupAnnotations(layout, id, damaged.map(({ file }) => file), setAside)
        await store.logWritten([own])
        return folded
      })
      for (const [index, { problem, backup }] of damaged.entries()) {
        done.set(problemKey(problem), `Its copy in the backup ${backup} was merged into this device's own file ${own}, where newer changes win; the damaged file was moved to ${localPath(layout, asides[index])}.`)
      }
    } catch (error) {
      for (const { problem } of damaged) done.set(problemKey(problem), repairFailed(error))
    }
  }

  const drifted = new Set(problems.filter((problem) => DRIFT.has(problem.kind) && problem.id).map((problem) => problem.id!))
  const replaced = problems.filter((problem) => problem.kind.startsWith('unreadable-') && problem.id).map((problem) => problem.id!)
  // Opening the library redoes the intents it finds; then every disagreeing item is taken in again.
  await store.refresh()
  if (drifted.size || replaced.length) {
    markForRetake(layout, [...drifted, ...replaced])
    await store.scanFiles()
    await store.indexQueued()
  }
  for (const name of await readdir(layout.intents).catch(() => [] as string[])) {
    if (!isAlive(Number(name.split('.')[1]))) await unlink(join(layout.intents, name)).catch(() => {})
  }
  for (const problem of problems) if (DRIFT.has(problem.kind)) done.set(problemKey(problem), 'The catalog and search index took in the item again from its files.')
  return done
}

export function problemKey(problem: Pick<LibraryProblem, 'kind' | 'path'>): string {
  return `${problem.kind} ${problem.path}`
}

/**
 * Blanks the file stamps the catalog keeps for these items, so the store's catch-up (scanFiles)
 * reads their records again, and drops search entries of items the catalog does not list.
 */
function markForRetake(layout: LibraryLayout, ids: string[]): void {
  let db: Database.Database | undefined
  try {
    db = new Database(layout.catalogDatabase, { fileMustExist: true, timeout: 10_000 })
    db.exec('BEGIN IMMEDIATE')
    const items = db.prepare("UPDATE items SET file_stamp = '' WHERE id = ?")
    const setAside = db.prepare("UPDATE set_aside SET file_stamp = '' WHERE id = ?")
    const listed = db.prepare('SELECT 1 FROM items WHERE id = ?')
    for (const id of ids) {
      items.run(id)
      setAside.run(id)
      if (!listed.get(id)) removeSearchDocument(db, id)
    }
    db.prepare("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'").run()
    db.exec('COMMIT')
  } catch {
    if (db?.inTransaction) db.exec('ROLLBACK')
    // No catalog yet: the open that follows makes it from the records.
  } finally {
    db?.close()
  }
}

/** The revision this machine's catalog last read of an item's record: no device's write count on it is higher. 0 when unknown. */
function catalogRevision(layout: LibraryLayout, id: string): number {
  let db: Database.Database | undefined
  try {
    db = new Database(layout.catalogDatabase, { fileMustExist: true, readonly: true, timeout: 10_000 })
    const row = db.prepare('SELECT revision FROM items WHERE id = ?').get(id) as { revision?: unknown } | undefined
    return typeof row?.revision === 'number' ? row.revision : 0
  } catch {
    return 0
  } finally {
    db?.close()
  }
}

/** What a repair that failed says: the failure's own sentence, ending once. */
function repairFailed(error: unknown): string {
  return `Repairing it failed: ${(error as Error).message.replace(/\.$/, '')}.`
}
