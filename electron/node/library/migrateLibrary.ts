import { mkdir, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { lock } from 'proper-lockfile'
import { ArchiveError } from '../../core/archiveError'
import { isSafeItemId } from '../../core/safeItemId'
import { isItemShaped, itemRecord } from './itemRecord'
import { LIBRARY_SCHEMA_VERSION, STIGNORE, type LibraryLayout } from './libraryLayout'
import { writeFileDurably } from './writeFileDurably'
import { crashPoint } from './crashPoint'

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
 * this writes items/<id>/item.json for each, settings.json, and then library.json, the commit point:
 * a crash before it leaves the old catalog in charge and the conversion runs again; after it, the
 * old catalog is kept as catalog.v1.json and catalog.json becomes a stub that older versions refuse.
 * Returns the entries that could not be converted, named.
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
  // Older processes still take this lock for every write: hold it so none writes the old catalog meanwhile.
  const release = await lock(layout.location, { lockfilePath: `${layout.legacyCatalog}.lock`, realpath: false, stale: 2_000, update: 1_000, retries: { retries: 60, minTimeout: 50, maxTimeout: 250 } }).catch((error: unknown) => {
    throw new ArchiveError('storage_failed', `The library at ${layout.location} needs converting to a new layout, but another Scriptorium process is using it: ${(error as Error).message}. Close the other process and try again.`)
  })
  try {
    if (await readMarker(layout)) return { migrated: false }
    const catalog = parseLegacyCatalog(await readFile(layout.legacyCatalog, 'utf8'), layout.legacyCatalog)
    const skipped: { id: string; reason: string }[] = []
    await mkdir(layout.items, { recursive: true })
    for (const [id, item] of Object.entries(catalog.items)) {
      if (!isSafeItemId(id) || !isItemShaped(item) || item.id !== id) {
        skipped.push({ id: id.slice(0, 80), reason: `The catalog entry "${id.slice(0, 80)}" was malformed and was not converted; it stays as it was in ${layout.legacyCatalogBackup}.` })
        continue
      }
      const folder = layout.itemFolder(id)
      await mkdir(folder, { recursive: true })
      await writeFileDurably(join(folder, 'item.json'), `${JSON.stringify(itemRecord(item, 1), null, 2)}\n`)
    }
    crashPoint('during-migration')
    if (catalog.settings && typeof catalog.settings === 'object') {
      await writeFileDurably(layout.settings, `${JSON.stringify(catalog.settings, null, 2)}\n`)
    }
    await writeFileDurably(layout.stignore, STIGNORE)
    await writeFileDurably(layout.legacyCatalogBackup, await readFile(layout.legacyCatalog))
    await writeMarker(layout, skipped)
    await writeLegacyStub(layout)
    // The old search index and its journal are derived data that this version keeps elsewhere.
    await rm(layout.legacyIndex, { recursive: true, force: true })
    return { migrated: true }
  } finally {
    await release().catch(() => {})
  }
}

/** Makes a new library's marker files; called before its first write. */
export async function initializeLibrary(layout: LibraryLayout): Promise<void> {
  if (await readMarker(layout)) return
  await mkdir(layout.items, { recursive: true })
  await writeFileDurably(layout.stignore, STIGNORE)
  await writeMarker(layout)
  await writeLegacyStub(layout)
}

async function writeMarker(layout: LibraryLayout, notConverted: LibraryMarker['notConverted'] = []): Promise<void> {
  const marker: LibraryMarker = { format: 'scriptorium-library', schemaVersion: LIBRARY_SCHEMA_VERSION, ...(notConverted.length ? { notConverted } : {}) }
  await writeFileDurably(layout.marker, `${JSON.stringify(marker, null, 2)}\n`)
}

/** Scriptorium 0.1 refuses a catalog.json of a higher schema, rather than starting an empty one beside the items. */
async function writeLegacyStub(layout: LibraryLayout): Promise<void> {
  const stub = { schemaVersion: LIBRARY_SCHEMA_VERSION, items: {}, note: 'This library is kept in items/<id>/item.json; catalog.v1.json is the catalog before the conversion.' }
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
