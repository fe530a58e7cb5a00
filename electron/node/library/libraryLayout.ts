import { hostname } from 'node:os'
import { join } from 'node:path'
import { ArchiveError } from '../../core/archiveError'
import { isSafeItemId } from '../../core/safeItemId'
import { CATALOG_FORMAT } from './catalogDatabase'

/** Bump with a migration in migrateLibrary.ts. */
export const LIBRARY_SCHEMA_VERSION = 2

/**
 * Where everything lives in a library folder. The truth is plain files (items/<id>/…, settings.json,
 * styles/); .local/ holds what each machine derives from them, named per device and left out of
 * folder sync by .stignore.
 */
export function libraryLayout(location: string) {
  const local = join(location, '.local')
  // SCRIPTORIUM_DEVICE names this machine where the host name does not tell two apart (tests, cloned machines).
  const device = (process.env.SCRIPTORIUM_DEVICE || hostname()).replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 48) || 'device'
  return {
    location,
    /** This machine's name in change stamps and its folder under .local/. */
    device,
    /** Versions a merge of conflict copies could not keep, each a file for the user to keep or dismiss. */
    conflicts: join(location, 'conflicts'),
    /** One marker per kept version the user kept or dismissed, named as it was (see settledConflicts.ts). */
    settledConflicts: join(location, 'conflicts', 'settled'),
    /** The format marker: present once the library is in this layout. */
    marker: join(location, 'library.json'),
    settings: join(location, 'settings.json'),
    /** The collections' names and nesting (memberships are in each item's record). */
    collections: join(location, 'collections.json'),
    savedSearches: join(location, 'searches.json'),
    items: join(location, 'items'),
    styles: join(location, 'styles'),
    stignore: join(location, '.stignore'),
    /** The catalog of schema 1, and its copy kept after the conversion. */
    legacyCatalog: join(location, 'catalog.json'),
    legacyCatalogBackup: join(location, 'catalog.v1.json'),
    legacyIndex: join(location, 'index'),
    local,
    deviceFolder: join(local, device),
    // Named by its format: another version of Scriptorium on this machine keeps a catalog of its own.
    catalogDatabase: join(local, device, `catalog-v${CATALOG_FORMAT}.sqlite`),
    /** One empty file per item whose write is under way: redone at the next open after a crash. */
    intents: join(local, device, 'intents'),
    /** The before-bytes of the files a change is replacing (undoJournal.ts): put back if its process dies. */
    undo: join(local, device, 'undo'),
    /** Verified copies of the records (see libraryBackups.ts), per machine like the rest of .local. */
    backups: join(local, device, 'backups'),
    /** Where `check --repair` moves files it cannot use, rather than deleting them. */
    setAsideFiles: join(local, device, 'set-aside'),
    /** Every path of an item's folder goes through here, so no id from a file can leave the library. */
    itemFolder(id: string): string {
      if (!isSafeItemId(id)) throw new ArchiveError('damaged_library', `The library names an item "${String(id).slice(0, 80)}", which is not a valid item id; Scriptorium will not use it as a path.`)
      return join(location, 'items', id)
    },
  }
}

export type LibraryLayout = ReturnType<typeof libraryLayout>

// Folder-sync tools that read this pattern list (Syncthing) skip what is local to each machine: the catalog,
// search index, write intents and locks under .local/, files being written (*.tmp, writeFileDurably's
// .<name>.<random>.tmp), and SQLite's journals should one ever be left beside a record.
export const STIGNORE = `// Scriptorium: each machine keeps its own catalog, search index, intents and locks here.
.local
*.tmp
.*.tmp
*.sqlite-wal
*.sqlite-shm
*.sqlite-journal
*.lock
`
