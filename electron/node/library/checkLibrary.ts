import Database from 'better-sqlite3'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { readAnnotationFile } from '../../core/annotations/readAnnotationFile'
import type { LibraryProblem } from '../../core/libraryHealth'
import { isSafeItemId } from '../../core/safeItemId'
import { isAnnotationFileName } from '../../core/sync/annotationFileName'
import { annotationFilesStamp } from './annotationFiles'
import { CATALOG_FORMAT } from './catalogDatabase'
import { unfinishedBackups } from './libraryBackups'
import type { LibraryLayout } from './libraryLayout'
import { intentIds } from './intentIds'
import { plainFileRefusal, readPlainBytesSync, readPlainFileSync } from './readPlainFileSync'
import { recordProblem } from './recordProblem'

export interface CheckOptions {
  /** Only what costs no reading of records: the app's check at every start. */
  quick?: boolean
  now?: () => Date
}

export interface CheckFindings {
  problems: LibraryProblem[]
  items: number
}

/** A temporary file is a leftover once its writer is gone, or after an hour whoever wrote it (another machine). */
const STALE_TEMP_MS = 60 * 60 * 1000
/** The conversion's lock is refreshed by its holder every few seconds while held (proper-lockfile). */
const STALE_LOCK_MS = 60 * 1000
/** Temp names of our writers: <file>.<pid>.<hex>.tmp (writeFileDurably; staging folders of additions); lowdb's (steno) are .<file>.tmp. */
const DURABLE_TEMP = /\.(\d+)\.[0-9a-f]{8,}\.tmp$/
const OTHER_TEMP = /^\..+\.tmp$/
const CONFLICT_COPY = /\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]+/

/**
 * Looks for what a crash, a sync tool or a hand edit can leave wrong, and changes nothing: files
 * that cannot be read, folders and files that belong to no item, leftovers of interrupted writes,
 * and where this machine's catalog and search index disagree with the records. Writes under way
 * in a live process (its intent file names it) are not problems and are skipped.
 */
export async function checkLibrary(layout: LibraryLayout, { quick = false, now = () => new Date() }: CheckOptions = {}): Promise<CheckFindings> {
  const problems: LibraryProblem[] = []
  const report = (problem: Omit<LibraryProblem, 'repaired'>) => problems.push({ ...problem, repaired: false })
  const clock = now().getTime()

  const isStaleTemp = async (path: string, name: string): Promise<boolean> => {
    const pid = DURABLE_TEMP.exec(name)?.[1]
    if (pid && !isAlive(Number(pid))) return true
    const info = await stat(path).catch(() => null)
    return !!info && clock - info.mtimeMs > STALE_TEMP_MS
  }
  // A folder changed within the hour may still be arriving from a sync tool, record last: not judged yet,
  // since moving it aside would make the tool delete it on every other machine.
  const isSettling = async (folder: string, names: string[]): Promise<boolean> => {
    const times = await Promise.all([folder, ...names.map((name) => join(folder, name))].map((path) => stat(path).then((info) => info.mtimeMs, () => 0)))
    return clock - Math.max(...times) < STALE_TEMP_MS
  }
  const checkTemp = async (folder: string, relative: string, name: string): Promise<boolean> => {
    if (!DURABLE_TEMP.test(name) && !OTHER_TEMP.test(name)) return false
    if (await isStaleTemp(join(folder, name), name)) {
      report({ kind: 'leftover-temp', path: relative + name, message: `${relative + name} is the temporary file of a write that was interrupted.` })
    }
    return true
  }

  // Intents: a live one marks an item whose files are changing right now.
  const busy = new Set<string>()
  // A dead process's undo journal: its change had not committed, so its files are to be put back.
  const journaled = new Set((await namesIn(layout.undo)).map((name) => name.split('.')[0]))
  for (const name of await namesIn(layout.intents)) {
    const [id, pid] = name.split('.')
    // A change of many items names them all in its one intent.
    const ids = [...new Set(intentIds(name, await readFile(join(layout.intents, name), 'utf8').catch(() => '')))]
    if (isAlive(Number(pid))) {
      for (const each of ids) busy.add(each)
    } else {
      report({ kind: 'stale-intent', path: localPath(layout, join(layout.intents, name)), id: isSafeItemId(id) ? id : undefined, message: interruptedChange(ids, journaled.has(pid)) })
    }
  }

  for (const name of await namesIn(layout.location)) await checkTemp(layout.location, '', name)
  for (const name of await namesIn(layout.styles)) await checkTemp(layout.styles, 'styles/', name)
  for (const name of await unfinishedBackups(layout, clock)) {
    report({ kind: 'leftover-temp', path: localPath(layout, join(layout.backups, name)), message: `The backup ${name.replace(/\.tar\.gz$/, '')} was interrupted before its manifest was written; it cannot be verified.` })
  }
  for (const name of await namesIn(layout.backups)) await checkTemp(layout.backups, `${localPath(layout, layout.backups)}/`, name)
  await checkConversionLock(layout, clock, report)
  await checkSettings(layout, report)

  const catalog = readCatalog(layout, quick)
  const folders = await itemEntries(layout)
  let items = 0
  for (const entry of folders) {
    const path = `items/${entry.name}`
    if (await checkTemp(layout.items, 'items/', entry.name)) continue
    if (!entry.folder || !isSafeItemId(entry.name)) {
      report({ kind: 'stray-file', path, message: `${path} belongs to no item${entry.folder ? ' (its name is not an item id)' : ''}.` })
      continue
    }
    const id = entry.name
    if (busy.has(id)) continue
    items++
    // Without a catalog (being made from the records at this open) the quick check has nothing to compare.
    if (quick && !catalog) continue
    const known = catalog?.items.get(id) ?? catalog?.setAside.get(id)
    // Quick: a folder the catalog knows is taken as it says; only the others are looked into.
    if (quick && known !== undefined) {
      if (catalog?.setAside.has(id)) report({ kind: 'unreadable-record', path: `${path}/item.json`, id, message: catalog.setAside.get(id)!.reason })
      continue
    }
    await checkItemFolder(layout, id, { quick, catalog, report, checkTemp, isSettling })
  }

  if (catalog) {
    const present = new Set(folders.filter((entry) => entry.folder).map((entry) => entry.name))
    for (const id of [...catalog.items.keys(), ...catalog.setAside.keys()]) {
      if (!present.has(id) && !busy.has(id)) report({ kind: 'index-extra', path: `items/${id}`, id, message: `The catalog lists item ${id}, whose folder is gone.` })
    }
    for (const id of catalog.searchDocs.keys()) {
      if (!catalog.items.has(id) && !busy.has(id)) report({ kind: 'index-extra', path: `items/${id}`, id, message: `The search index holds item ${id}, which the catalog does not list.` })
    }
  }
  return { problems, items }
}

interface CatalogView {
  items: Map<string, { revision: number; fileStamp: string; annotationsStamp: string; trashed: number }>
  setAside: Map<string, { reason: string }>
  searchDocs: Map<string, { trashed: number }>
  queued: Set<string>
}

/** This machine's catalog as it was last committed; null when there is none yet (the next open makes it from the records). */
function readCatalog(layout: LibraryLayout, quick: boolean): CatalogView | null {
  let db: Database.Database | undefined
  try {
    db = new Database(layout.catalogDatabase, { readonly: true, fileMustExist: true })
    if (Number(db.pragma('user_version', { simple: true })) !== CATALOG_FORMAT) return null
    const items = new Map(
      (db.prepare('SELECT id, revision, file_stamp, annotations_stamp, trashed FROM items').all() as { id: string; revision: number; file_stamp: string; annotations_stamp: string; trashed: number }[]).map((row) => [
        row.id,
        { revision: row.revision, fileStamp: row.file_stamp, annotationsStamp: row.annotations_stamp, trashed: row.trashed },
      ]),
    )
    const setAside = new Map((db.prepare('SELECT id, reason FROM set_aside').all() as { id: string; reason: string }[]).map((row) => [row.id, { reason: row.reason }]))
    // The quick check compares folders with the catalog only; the search index is the full check's.
    const indexed = (quick ? [] : db.prepare('SELECT id, trashed FROM search_docs').all()) as { id: string; trashed: number }[]
    const searchDocs = new Map(indexed.map((row) => [row.id, { trashed: row.trashed }]))
    const queued = new Set((db.prepare('SELECT id FROM index_queue').all() as { id: string }[]).map((row) => row.id))
    return { items, setAside, searchDocs, queued }
  } catch {
    return null
  } finally {
    db?.close()
  }
}

async function checkItemFolder(
  layout: LibraryLayout,
  id: string,
  context: {
    quick: boolean
    catalog: CatalogView | null
    report: (problem: Omit<LibraryProblem, 'repaired'>) => void
    checkTemp: (folder: string, relative: string, name: string) => Promise<boolean>
    isSettling: (folder: string, names: string[]) => Promise<boolean>
  },
): Promise<void> {
  const { quick, catalog, report, checkTemp, isSettling } = context
  const folder = layout.itemFolder(id)
  const path = `items/${id}`
  const names = await namesIn(folder)
  if (!names.includes('item.json')) {
    if (await isSettling(folder, names)) return
    if (!names.length) report({ kind: 'orphan-folder', path, id, message: `${path} is an empty folder that belongs to no item.` })
    else if (names.some(isAnnotationFileName)) report({ kind: 'annotations-without-item', path, id, message: `${path} holds highlights or notes (${names.filter(isAnnotationFileName).join(', ')}) but no item record (item.json): the item was deleted, or its addition was interrupted.` })
    else report({ kind: 'orphan-folder', path, id, message: `${path} holds ${names.join(', ')} but no item record (item.json): an addition or a deletion was interrupted.` })
    return
  }
  if (!quick) {
    for (const name of names) {
      if (await checkTemp(folder, `${path}/`, name)) continue
      if (CONFLICT_COPY.test(name)) report({ kind: 'conflict-copy', path: `${path}/${name}`, id, message: `${path}/${name} is a copy a sync tool made when the file changed on two machines; compare it with the file beside it, keep what you want, and delete the copy.` })
    }
  }
  const known = catalog?.items.get(id)
  if (quick) {
    if (catalog && !known && !catalog.setAside.has(id)) report({ kind: 'index-missing', path: `${path}/item.json`, id, message: `The catalog does not list item ${id}, whose record is in the library.` })
    return
  }
  const recordBytes = plainBytesOrWhyNot(join(folder, 'item.json'))
  const recordIssue = typeof recordBytes === 'string' ? recordBytes : recordProblem(`${path}/item.json`, recordBytes)
  if (recordIssue) {
    report({ kind: 'unreadable-record', path: `${path}/item.json`, id, message: `The record of item ${id} (${path}/item.json) cannot be used: ${recordIssue}.` })
  }
  // Every device's file, and the legacy annotations.json: each is read on its own, and named.
  for (const name of names.filter(isAnnotationFileName).sort()) {
    const file = `${path}/${name}`
    const bytes = plainBytesOrWhyNot(join(folder, name))
    const issue = typeof bytes === 'string' ? bytes : recordProblem(file, bytes)
    if (issue || typeof bytes === 'string') report({ kind: 'unreadable-annotations', path: file, id, message: `The highlights and notes of item ${id} (${file}) cannot be read: ${issue}.` })
    else {
      for (const entry of readAnnotationFile(bytes.toString('utf8'), file).setAside ?? []) {
        report({ kind: 'damaged-annotation', path: file, id, message: `Item ${id}: ${entry.reason}` })
      }
    }
  }
  if (recordIssue || typeof recordBytes === 'string' || !catalog) return
  const record = JSON.parse(recordBytes.toString('utf8')) as { revision?: number; item: { trashedAt?: string | null } }
  if (!known) {
    report({ kind: 'index-missing', path: `${path}/item.json`, id, message: `The catalog does not list item ${id}, whose record is in the library.` })
    return
  }
  const [recordStamp, annotationsStamp] = await Promise.all([stampOf(join(folder, 'item.json')), annotationFilesStamp(folder)])
  if (known.revision !== (record.revision ?? 0) || known.fileStamp !== recordStamp) {
    report({ kind: 'index-stale', path: `${path}/item.json`, id, message: `The catalog holds an older version of item ${id} (revision ${known.revision}) than its record (revision ${record.revision ?? 0}).` })
  } else if (known.annotationsStamp !== annotationsStamp) {
    report({ kind: 'index-stale', path: `${path}/${names.find(isAnnotationFileName) ?? 'annotations.json'}`, id, message: `The catalog and search index hold older highlights and notes of item ${id} than its annotation files.` })
  }
  const indexed = catalog.searchDocs.get(id)
  if (!indexed && !catalog.queued.has(id)) report({ kind: 'index-missing', path: `${path}/item.json`, id, message: `The search index does not hold item ${id}, so searches cannot find it.` })
  else if (indexed && indexed.trashed !== (record.item.trashedAt ? 1 : 0)) report({ kind: 'index-stale', path: `${path}/item.json`, id, message: `The search index has item ${id} ${indexed.trashed ? 'in' : 'out of'} the trash, where its record says otherwise.` })
}

/** A record's or annotation file's bytes, or why they cannot be read: a FIFO or a huge file is refused unread (see readPlainFileSync). */
function plainBytesOrWhyNot(path: string): Buffer | string {
  try {
    return readPlainBytesSync(path)
  } catch (error) {
    return plainFileRefusal(error) ?? 'it cannot be read'
  }
}

async function checkSettings(layout: LibraryLayout, report: (problem: Omit<LibraryProblem, 'repaired'>) => void): Promise<void> {
  // A synced-in file, read as records are: a FIFO is named, never waited on.
  let text: string
  try {
    text = readPlainFileSync(layout.settings)
  } catch (error) {
    const refusal = plainFileRefusal(error)
    if (refusal) report({ kind: 'unreadable-settings', path: 'settings.json', message: `The settings file (settings.json) cannot be read: ${refusal}.` })
    return
  }
  try {
    JSON.parse(text)
  } catch {
    report({ kind: 'unreadable-settings', path: 'settings.json', message: 'The settings file (settings.json) is not valid JSON, so the library cannot be opened.' })
  }
}

async function checkConversionLock(layout: LibraryLayout, clock: number, report: (problem: Omit<LibraryProblem, 'repaired'>) => void): Promise<void> {
  const lockPath = `${layout.legacyCatalog}.lock`
  const info = await stat(lockPath).catch(() => null)
  if (!info) return
  let pid: number | undefined
  try {
    pid = (JSON.parse(await readFile(join(lockPath, 'scriptorium-conversion.json'), 'utf8')) as { pid?: number }).pid
  } catch {
    // a lock of Scriptorium 0.1, which names no owner
  }
  if ((pid !== undefined && !isAlive(pid)) || clock - info.mtimeMs > STALE_LOCK_MS) {
    report({ kind: 'stale-lock', path: 'catalog.json.lock', message: 'The lock of an old-layout library (catalog.json.lock) was left by a process that is gone.' })
  }
}

async function itemEntries(layout: LibraryLayout): Promise<{ name: string; folder: boolean }[]> {
  try {
    return (await readdir(layout.items, { withFileTypes: true })).map((entry) => ({ name: entry.name, folder: entry.isDirectory() })).sort((a, b) => a.name.localeCompare(b.name))
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return []
    throw error
  }
}

async function namesIn(folder: string): Promise<string[]> {
  return readdir(folder).catch(() => [] as string[])
}

/** The same stamp the store keeps for a file (libraryStore's recordStamp): inode, time and size. */
async function stampOf(path: string): Promise<string> {
  const info = await stat(path).catch(() => null)
  return info ? `${info.ino}:${info.mtimeMs}:${info.size}` : ''
}

export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** A path under the library folder, relative to it with "/". */
export function localPath(layout: LibraryLayout, path: string): string {
  return path.slice(layout.location.length + 1).split(/[\\/]/).join('/')
}

/** What a dead process's intent left to do, naming every item it lists (a bulk change names them all). */
function interruptedChange(ids: string[], journaled: boolean): string {
  if (ids.length === 1) {
    return journaled
      ? `A change to item ${ids[0]} was interrupted before it was saved (its process is gone); the item's files must be put back as they were before it.`
      : `A change to item ${ids[0]} was interrupted (its process is gone); the catalog must take in the item's files as they are.`
  }
  const named = (ids.length > 5 ? [...ids.slice(0, 5), '…'] : ids).join(', ')
  return journaled
    ? `A change to ${ids.length} items (${named}) was interrupted before it was saved (its process is gone); their files must be put back as they were before it.`
    : `A change to ${ids.length} items (${named}) was interrupted (its process is gone); the catalog must take in their files as they are.`
}
