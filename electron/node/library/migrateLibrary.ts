import { lstat, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { lock } from 'proper-lockfile'
import type { Item } from '../../core/archiveApi'
import { ArchiveError } from '../../core/archiveError'
import { isSafeItemId } from '../../core/safeItemId'
import { isItemShaped, itemRecord } from './itemRecord'
import { LIBRARY_SCHEMA_VERSION, STIGNORE, type LibraryLayout } from './libraryLayout'
import { writeFileDurably } from './writeFileDurably'
import { crashPoint } from './crashPoint'
import { takeBackup } from './libraryBackups'
import { logEvent } from '../log/logEvent'

export interface LibraryMarker {
  format: 'scriptorium-library'
  schemaVersion: number
  /** Entries of an older catalog that could not be converted: named, and kept in its backup. */
  notConverted?: { id: string; reason: string }[]
}

/** What Scriptorium 0.1 (schema 1) kept in catalog.json. */
interface LegacyCatalog {
  schemaVersion: number
  items: Record<string, unknown>
  settings?: unknown
}

/**
 * Brings a library folder to the current layout, once. Schema 1 kept every item in one catalog.json;
 * this writes items/<id>/item.json for each and settings.json, keeps the catalog's bytes as
 * catalog.v1.json, replaces catalog.json by a stub that older versions refuse, and writes
 * library.json last, the commit point. A crash anywhere before it runs the conversion again at the
 * next start, from catalog.v1.json once the stub is in place. Entries that cannot be converted are
 * named in the marker and stay in the backup.
 */
export async function migrateLibrary(layout: LibraryLayout): Promise<{ migrated: boolean }> {
  const marker = await readMarker(layout)
  if (marker) {
    if (marker.schemaVersion > LIBRARY_SCHEMA_VERSION) {
      throw new ArchiveError('newer_library', `The library at ${layout.location} was written by a newer Scriptorium (schema ${marker.schemaVersion}); update Scriptorium to open it.`)
    }
    return { migrated: false }
  }
  if (!(await exists(layout.legacyCatalog))) return { migrated: false }
  // Scriptorium 0.1 takes this lock for every write and counts it stale after 15 s: a longer
  // staleness here never takes it from a 0.1 process that is still saving. A conversion of ours that
  // died leaves its pid in the lock, and is not waited for.
  const lockPath = `${layout.legacyCatalog}.lock`
  await clearDeadConversionLock(lockPath)
  const release = await lock(layout.location, { lockfilePath: `${layout.legacyCatalog}.lock`, realpath: false, stale: 20_000, retries: { retries: 120, minTimeout: 100, maxTimeout: 250 } }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new ArchiveError('storage_failed', `The library at ${layout.location} needs converting to a new layout, but another Scriptorium process is saving to it. Close the other process and try again.`)
    }
    throw error
  })
  await writeFile(join(lockPath, OWNER_FILE), JSON.stringify({ pid: process.pid, host: hostname() })).catch(() => {})
  const started = performance.now()
  try {
    if (await readMarker(layout)) return { migrated: false }
    const bytes = await readFile(layout.legacyCatalog)
    const converting = await exists(layout.legacyCatalogBackup)
    // A stub with neither marker nor backup is a new library that another process is making (or
    // stopped making) this moment: initializeLibrary writes the stub, then the marker. Nothing to convert.
    if (isStub(bytes) && !converting) {
      await writeMarker(layout)
      return { migrated: false }
    }
    // The records as they were, restorable with restore-backup or by hand, before anything changes.
    await takeBackup(layout, { reason: 'before-migration' })
    // A stub without a marker: a conversion stopped after replacing the catalog; its backup is the source.
    const source = isStub(bytes) && converting ? await readFile(layout.legacyCatalogBackup) : bytes
    const catalog = parseLegacyCatalog(source.toString('utf8'), layout.legacyCatalog)
    const skipped: { id: string; reason: string }[] = []
    await mkdir(layout.items, { recursive: true })
    const converted: Item[] = []
    for (const [id, item] of Object.entries(catalog.items)) {
      if (!isSafeItemId(id) || !isItemShaped(item) || item.id !== id) {
        skipped.push({ id: id.slice(0, 80), reason: `The catalog entry "${id.slice(0, 80)}" was malformed and was not converted; it stays as it was in ${layout.legacyCatalogBackup}.` })
        continue
      }
      // A folder that is a link (a downloaded library) could lead a write outside the library.
      if (await lstat(layout.itemFolder(id)).then((info) => !info.isDirectory(), () => false)) {
        skipped.push({ id, reason: `The folder of item ${id} (items/${id}) is not a plain folder; its entry was not converted and stays in ${layout.legacyCatalogBackup}.` })
        continue
      }
      converted.push(item)
    }
    // Sixteen records at a time: each waits on its own fsyncs, which the others overlap.
    let next = 0
    const writeSome = async () => {
      for (let index = next++; index < converted.length; index = next++) {
        const folder = layout.itemFolder(converted[index].id)
        await mkdir(folder, { recursive: true })
        await writeFileDurably(join(folder, 'item.json'), `${JSON.stringify(itemRecord(converted[index], 1), null, 2)}\n`)
      }
    }
    await Promise.all(Array.from({ length: 16 }, writeSome))
    crashPoint('during-migration')
    if (catalog.settings && typeof catalog.settings === 'object') {
      await writeFileDurably(layout.settings, `${JSON.stringify(catalog.settings, null, 2)}\n`)
    }
    await writeStignore(layout)
    if (source === bytes) {
      await writeFileDurably(layout.legacyCatalogBackup, bytes)
      // Held against 0.1 by the lock above; checked all the same before the catalog is replaced.
      if (!(await readFile(layout.legacyCatalog)).equals(bytes)) {
        throw new ArchiveError('storage_failed', `The catalog of ${layout.location} changed while it was being converted; nothing was lost. Close any other Scriptorium and open the library again.`)
      }
      await writeLegacyStub(layout)
    }
    crashPoint('before-migration-marker')
    await writeMarker(layout, skipped)
    // The old search index and its journal are derived data that this version keeps elsewhere.
    await rm(layout.legacyIndex, { recursive: true, force: true })
    logEvent({ event: 'migration', fromSchema: catalog.schemaVersion, toSchema: LIBRARY_SCHEMA_VERSION, items: converted.length, notConverted: skipped.length, ms: Math.round(performance.now() - started) })
    return { migrated: true }
  } finally {
    // proper-lockfile removes its lock folder only when it is empty.
    await rm(join(lockPath, OWNER_FILE), { force: true }).catch(() => {})
    await release().catch(() => {})
  }
}

/** Makes a new library's marker files; called before its first write. */
export async function initializeLibrary(layout: LibraryLayout): Promise<void> {
  if (await readMarker(layout)) return
  await mkdir(layout.items, { recursive: true })
  await writeStignore(layout)
  await writeLegacyStub(layout)
  await writeMarker(layout)
}

const OWNER_FILE = 'scriptorium-conversion.json'

/** Removes the lock of a conversion whose process on this machine is gone. */
async function clearDeadConversionLock(lockPath: string): Promise<void> {
  let owner: { pid?: unknown; host?: unknown }
  try {
    owner = JSON.parse(await readFile(join(lockPath, OWNER_FILE), 'utf8'))
  } catch {
    return
  }
  if (owner.host !== hostname() || typeof owner.pid !== 'number') return
  try {
    process.kill(owner.pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') return
    await rm(lockPath, { recursive: true, force: true })
    logEvent({ event: 'lock-takeover', lock: 'library-conversion', deadPid: owner.pid })
  }
}

/** The user's own .stignore is left as it is; one an older Scriptorium wrote is brought up to date. */
export async function writeStignore(layout: LibraryLayout): Promise<void> {
  const current = await readFile(layout.stignore, 'utf8').catch(() => null)
  if (current === null || (current !== STIGNORE && current.startsWith('// Scriptorium:'))) await writeFileDurably(layout.stignore, STIGNORE)
}

const STUB_NOTE = 'This library is kept in items/<id>/item.json; catalog.v1.json is the catalog before the conversion.'

function isStub(bytes: Buffer): boolean {
  try {
    return (JSON.parse(bytes.toString('utf8')) as { note?: unknown }).note === STUB_NOTE
  } catch {
    return false
  }
}

async function writeMarker(layout: LibraryLayout, notConverted: LibraryMarker['notConverted'] = []): Promise<void> {
  const marker: LibraryMarker = { format: 'scriptorium-library', schemaVersion: LIBRARY_SCHEMA_VERSION, ...(notConverted.length ? { notConverted } : {}) }
  await writeFileDurably(layout.marker, `${JSON.stringify(marker, null, 2)}\n`)
}

/** Scriptorium 0.1 refuses a catalog.json of a higher schema, rather than starting an empty one beside the items. */
async function writeLegacyStub(layout: LibraryLayout): Promise<void> {
  const stub = { schemaVersion: LIBRARY_SCHEMA_VERSION, items: {}, note: STUB_NOTE }
  await writeFileDurably(layout.legacyCatalog, `${JSON.stringify(stub, null, 2)}\n`)
}

export async function readMarker(layout: LibraryLayout): Promise<LibraryMarker | null> {
  let text: string
  try {
    text = await readFile(layout.marker, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  try {
    const marker = JSON.parse(text) as LibraryMarker
    if (marker?.format === 'scriptorium-library' && typeof marker.schemaVersion === 'number') return marker
  } catch {
    // reported below
  }
  throw new ArchiveError('damaged_library', `The library marker ${layout.marker} is damaged; Scriptorium left the library untouched. Restore it from a backup.`)
}

function parseLegacyCatalog(text: string, path: string): LegacyCatalog {
  let parsed: LegacyCatalog
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new ArchiveError(
      'damaged_library',
      `The library catalog ${path} is damaged (not valid JSON: ${(error as Error).message}); Scriptorium left it untouched. Restore it from a backup, or move it aside to start a new catalog.`,
    )
  }
  if (!parsed || typeof parsed !== 'object' || typeof parsed.schemaVersion !== 'number' || !parsed.items || typeof parsed.items !== 'object' || Array.isArray(parsed.items)) {
    throw new ArchiveError('damaged_library', `The library catalog ${path} is damaged (it lacks a schema version or an item table); Scriptorium left it untouched.`)
  }
  if (parsed.schemaVersion > 1) {
    throw new ArchiveError('newer_library', `The library at ${path} was written by a newer Scriptorium (schema ${parsed.schemaVersion}); update Scriptorium to open it.`)
  }
  return parsed
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}
