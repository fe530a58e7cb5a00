import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { Low } from 'lowdb'
import { JSONFile } from 'lowdb/node'
import { lock } from 'proper-lockfile'
import { emptyAnnotationFile } from '../core/annotations/annotationModel'
import { annotationFileText, readAnnotationFile } from '../core/annotations/readAnnotationFile'
import type { Item, LibrarySettings } from '../core/archiveApi'
import { ArchiveError } from '../core/archiveError'
import type { ArchiveStore, ItemFiles } from '../core/archiveStore'
import { locateAgainstLibrary } from './insideLibrary'
import { appendSearchChanges, readSearchChanges, saveSearchIndex } from './searchChangesJournal'

export const SCHEMA_VERSION = 1

const LOCK_OPTIONS = {
  realpath: false,
  stale: 15_000,
  onCompromised: () => {}, // a lost lock must not crash the app; the catalog write itself is atomic
}
// Another process holding the lock is saving one change: wait for it, about five seconds at most.
const LOCK_WAITS_MS = [5, 10, 20, 40, 80, 120, 160, 200, 250, 250, 250, 250, 250, 250, 250, 250, 250, 250, 250, 250, 250, 250, 250, 250, 250, 250]

/** Takes the library's write lock, waiting only while another process holds it. */
async function acquireLock(location: string): Promise<() => Promise<void>> {
  for (const wait of [...LOCK_WAITS_MS, undefined]) {
    try {
      return await lock(location, { ...LOCK_OPTIONS, lockfilePath: join(location, 'catalog.json.lock') })
    } catch (error) {
      if (errorCode(error) !== 'ELOCKED' || wait === undefined) throw error
      await new Promise((resolve) => setTimeout(resolve, wait))
    }
  }
  throw new Error('unreachable')
}

export interface Catalog {
  schemaVersion: number
  items: Record<string, Item>
  settings?: Partial<LibrarySettings>
}

/**
 * The library folder of DESIGN.md: catalog.json (lowdb, atomic temp-file-and-rename writes) plus
 * items/<id>/ with the archived content and the original source. Nothing is written until the first
 * change, so browsing a read-only or damaged library never alters it.
 */
export function createLibraryStore(location: string): ArchiveStore {
  const catalogPath = join(location, 'catalog.json')
  const db = new Low<Catalog>(new JSONFile<Catalog>(catalogPath), { schemaVersion: SCHEMA_VERSION, items: {} })
  const citekeys = new Set<string>()
  let loadedStamp: string | undefined

  async function catalogStamp(): Promise<string> {
    try {
      const info = await stat(catalogPath)
      // Every write renames a new file into place, so the inode changes even where a coarse
      // clock (FAT, network shares) leaves the modification time and the size unchanged.
      return `${info.ino}:${info.mtimeMs}:${info.size}`
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return 'absent'
      throw storageError(error, `read the library catalog ${catalogPath}`)
    }
  }

  async function load(stamp: string): Promise<void> {
    let data: Catalog = { schemaVersion: SCHEMA_VERSION, items: {} }
    if (stamp !== 'absent') {
      let text: string
      try {
        text = await readFile(catalogPath, 'utf8')
      } catch (error) {
        throw storageError(error, `read the library catalog ${catalogPath}`)
      }
      data = parseCatalog(text, catalogPath)
    }
    db.data = data
    citekeys.clear()
    for (const item of Object.values(data.items)) citekeys.add(item.citekey)
    loadedStamp = stamp
  }

  async function refresh(): Promise<void> {
    const stamp = await catalogStamp()
    if (stamp !== loadedStamp) await load(stamp)
  }

  async function persist(): Promise<void> {
    try {
      await db.write()
    } catch (error) {
      throw storageError(error, `save the library catalog ${catalogPath}`)
    }
    loadedStamp = await catalogStamp()
  }

  /** Every item's folder first, then one catalog write; a failure anywhere removes them all. */
  async function addItems(entries: { item: Item; files: ItemFiles }[]): Promise<void> {
    if (!entries.length) return
    const folders = entries.map(({ item }) => join(location, 'items', item.id))
    const removeFolders = () => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }).catch(() => {})))
    let next = 0
    // A few folders at a time: each write waits on its fsync, which the others can overlap.
    const writeFolders = async () => {
      for (let index = next++; index < entries.length; index = next++) {
        const { item, files } = entries[index]
        try {
          await ensureDir(folders[index])
          await writeFileAtomic(join(folders[index], 'content.html'), files.contentHtml)
          await writeFileAtomic(join(folders[index], `source.${files.sourceExtension}`), files.source)
        } catch (error) {
          next = entries.length
          throw storageError(error, `save ${item.source.fileName} into the library at ${location}`)
        }
      }
    }
    // Every writer is let finish before cleaning up, so none recreates a folder just removed.
    const settled = await Promise.allSettled(Array.from({ length: Math.min(8, entries.length) }, writeFolders))
    const failed = settled.find((result) => result.status === 'rejected')
    if (failed) {
      await removeFolders()
      throw failed.reason
    }
    const items = data().items
    for (const { item } of entries) items[item.id] = item
    try {
      await persist()
    } catch (error) {
      for (const { item } of entries) delete items[item.id]
      await removeFolders()
      throw error
    }
    for (const { item } of entries) citekeys.add(item.citekey)
  }

  function data(): Catalog {
    if (!db.data || loadedStamp === undefined) throw new Error('The library was used before it was loaded.')
    return db.data
  }

  return {
    location,
    schemaVersion: SCHEMA_VERSION,

    refresh,
    revision: () => loadedStamp ?? 'absent',

    async mutate(change) {
      let release: () => Promise<void>
      try {
        await ensureDir(location)
        release = await acquireLock(location)
      } catch (error) {
        if (errorCode(error) === 'ELOCKED') {
          throw new ArchiveError('storage_failed', `The library at ${location} is busy: another Scriptorium process is saving to it. Try again in a moment.`)
        }
        throw storageError(error, `write to the library at ${location}`)
      }
      try {
        await refresh()
        return await change()
      } finally {
        await release().catch(() => {})
      }
    },

    all: () => Object.values(data().items),
    find: (id) => (Object.hasOwn(data().items, id) ? data().items[id] : undefined),
    hasCitekey: (citekey) => citekeys.has(citekey),

    async add(item, files: ItemFiles) {
      await addItems([{ item, files }])
    },

    addMany: addItems,

    async put(item) {
      const items = data().items
      const previous = items[item.id]
      items[item.id] = item
      try {
        await persist()
      } catch (error) {
        items[item.id] = previous
        throw error
      }
      if (previous && previous.citekey !== item.citekey) {
        citekeys.delete(previous.citekey)
        citekeys.add(item.citekey)
      }
    },

    settings: () => data().settings ?? {},

    async putSettings(settings) {
      const catalog = data()
      const previous = catalog.settings
      catalog.settings = settings
      try {
        await persist()
      } catch (error) {
        catalog.settings = previous
        throw error
      }
    },

    async readAnnotations(id) {
      const path = join(location, 'items', id, 'annotations.json')
      let text: string
      try {
        text = await readFile(path, 'utf8')
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return emptyAnnotationFile()
        throw storageError(error, `read the annotations ${path}`)
      }
      return readAnnotationFile(text, path)
    },

    async writeAnnotations(id, file) {
      const path = join(location, 'items', id, 'annotations.json')
      try {
        await writeFileAtomic(path, annotationFileText(file))
      } catch (error) {
        throw storageError(error, `save the annotations ${path}`)
      }
    },

    async remove(ids) {
      const items = data().items
      const removed = ids.filter((id) => Object.hasOwn(items, id)).map((id) => [id, items[id]] as const)
      for (const [id] of removed) delete items[id]
      try {
        await persist()
      } catch (error) {
        for (const [id, item] of removed) items[id] = item
        throw error
      }
      for (const [id, item] of removed) {
        citekeys.delete(item.citekey)
        await rm(join(location, 'items', id), { recursive: true, force: true })
      }
    },

    async listUserStyles() {
      const folder = join(location, 'styles')
      let names: string[]
      try {
        names = (await readdir(folder)).filter((name) => name.endsWith('.csl')).sort()
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return []
        throw storageError(error, `read the citation styles in ${folder}`)
      }
      return Promise.all(names.map(async (name) => ({ id: name.slice(0, -4), xml: await readFile(join(folder, name), 'utf8') })))
    },

    async putUserStyle(id, xml) {
      const path = join(location, 'styles', `${id}.csl`)
      try {
        await ensureDir(dirname(path))
        await writeFileAtomic(path, xml)
      } catch (error) {
        throw storageError(error, `save the citation style ${path}`)
      }
    },

    async removeUserStyle(id) {
      await rm(join(location, 'styles', `${id}.csl`), { force: true })
    },

    async writeExportFile(path, content) {
      try {
        await writeFileAtomic(path, content)
      } catch (error) {
        throw new ArchiveError('storage_failed', `Could not write ${path}: ${exportWriteFailure(error)}.`)
      }
    },

    async inspectExportTarget(path) {
      const { path: target, insideLibrary } = await locateAgainstLibrary(path, location)
      const kind = await stat(target).then((info) => (info.isDirectory() ? ('folder' as const) : ('file' as const))).catch(() => 'none' as const)
      return { path: target, insideLibrary, kind }
    },

    async exportFileModified(path) {
      try {
        return (await stat(path)).mtime.toISOString()
      } catch {
        return null
      }
    },

    async readSearchIndex() {
      try {
        return splitLines(await readFile(join(location, 'index', 'search-index.json')))
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return null
        throw storageError(error, `read the search index in ${location}`)
      }
    },

    async writeSearchIndex(lines) {
      const path = join(location, 'index', 'search-index.json')
      try {
        await ensureDir(dirname(path))
        await writeFileAtomic(path, linesOf(lines))
      } catch (error) {
        throw storageError(error, `save the search index ${path}`)
      }
    },

    async appendSearchChanges(ids) {
      await ensureDir(join(location, 'index'))
      await appendSearchChanges(location, ids, () => acquireLock(location))
    },

    readSearchChanges: (since) => readSearchChanges(location, since),

    async saveSearchIndex(lines, since, generation) {
      try {
        await ensureDir(join(location, 'index'))
        return await saveSearchIndex(location, (path) => writeFileAtomic(path, linesOf(lines)), since, generation, () => acquireLock(location), writeFileAtomic)
      } catch (error) {
        throw storageError(error, `save the search index in ${location}`)
      }
    },

    async readContent(id) {
      const path = join(location, 'items', id, 'content.html')
      try {
        return await readFile(path, 'utf8')
      } catch (error) {
        throw storageError(error, `read the archived article ${path}`)
      }
    },
  }
}

function parseCatalog(text: string, path: string): Catalog {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new ArchiveError(
      'damaged_library',
      `The library catalog ${path} is damaged (not valid JSON: ${reason}); Scriptorium left it untouched. Restore it from a backup, or move it aside to start a new catalog.`,
    )
  }
  const catalog = parsed as Partial<Catalog> | null
  if (!catalog || typeof catalog !== 'object' || typeof catalog.schemaVersion !== 'number' || typeof catalog.items !== 'object' || catalog.items === null || Array.isArray(catalog.items)) {
    throw new ArchiveError(
      'damaged_library',
      `The library catalog ${path} is damaged (it lacks a schema version or an item table); Scriptorium left it untouched.`,
    )
  }
  if (catalog.schemaVersion > SCHEMA_VERSION) {
    throw new ArchiveError(
      'newer_library',
      `The library at ${path} was written by a newer Scriptorium (schema ${catalog.schemaVersion}); update Scriptorium to open it.`,
    )
  }
  for (const [id, item] of Object.entries(catalog.items)) {
    if (!isItemShaped(item, id)) {
      throw new ArchiveError(
        'damaged_library',
        `The library catalog ${path} is damaged (the entry for item "${id}" is malformed); Scriptorium left it untouched.`,
      )
    }
  }
  return catalog as Catalog
}

function isItemShaped(item: unknown, id: string): item is Item {
  const candidate = item as Partial<Item> | null
  return (
    !!candidate &&
    typeof candidate === 'object' &&
    candidate.id === id &&
    typeof candidate.citekey === 'string' &&
    !!candidate.csl &&
    typeof candidate.csl === 'object' &&
    Array.isArray(candidate.tags) &&
    typeof candidate.addedAt === 'string' &&
    !!candidate.source
  )
}

/**
 * mkdir -p that reports the real cause: Node's recursive mkdir says ENOENT on a read-only or full
 * file system (nodejs/node#47098), where a plain mkdir says EROFS or ENOSPC.
 */
async function ensureDir(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true })
  } catch (error) {
    if (errorCode(error) !== 'ENOENT' || dirname(path) === path) throw error
    await ensureDir(dirname(path))
    await mkdir(path).catch((inner: unknown) => {
      if (errorCode(inner) !== 'EEXIST') throw inner
    })
  }
}

/**
 * Temp file, flushed to disk, then renamed: a crash or power cut leaves the old file or the new one,
 * never half of each. Annotations are often the user's only copy of their reading.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array | Iterable<string>): Promise<void> {
  const temp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`
  try {
    const file = await open(temp, 'w')
    try {
      if (typeof data === 'string' || data instanceof Uint8Array) await file.writeFile(data)
      else {
        // Written a megabyte at a time: the whole may not fit in one string.
        let batch: string[] = []
        let size = 0
        for (const piece of data) {
          batch.push(piece)
          size += piece.length
          if (size >= 1 << 20) {
            await file.write(batch.join(''))
            batch = []
            size = 0
          }
        }
        if (batch.length) await file.write(batch.join(''))
      }
      await file.sync()
    } finally {
      await file.close()
    }
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {})
    throw error
  }
}

function* linesOf(lines: Iterable<string>): Iterable<string> {
  for (const line of lines) yield `${line}\n`
}

/** The lines of a UTF-8 file, decoded one by one: the whole may be longer than a JavaScript string can be. */
function splitLines(bytes: Buffer): string[] {
  const lines: string[] = []
  let start = 0
  for (let end = bytes.indexOf(10); end !== -1; end = bytes.indexOf(10, start)) {
    lines.push(bytes.toString('utf8', start, end))
    start = end + 1
  }
  if (start < bytes.length) lines.push(bytes.toString('utf8', start))
  return lines
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code
}

/** Turns a file-system failure into one sentence a user can act on. */
function storageError(error: unknown, action: string): ArchiveError {
  if (error instanceof ArchiveError) return error
  switch (errorCode(error)) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new ArchiveError('read_only_library', `Scriptorium could not ${action}: the library folder is read-only.`)
    case 'ENOSPC':
      return new ArchiveError('storage_failed', `Scriptorium could not ${action}: the disk is full.`)
    case 'ENOENT':
      return new ArchiveError('storage_failed', `Scriptorium could not ${action}: the file is missing.`)
    default:
      return new ArchiveError('storage_failed', `Scriptorium could not ${action}: ${(error as Error)?.message ?? error}.`)
  }
}

/** Why an export file could not be written, in words about that file rather than about the library. */
function exportWriteFailure(error: unknown): string {
  switch (errorCode(error)) {
    case 'ENOENT':
      return 'its folder does not exist'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EROFS':
      return 'the disk is read-only'
    case 'ENOSPC':
      return 'the disk is full'
    case 'EISDIR':
      return 'it is a folder'
    default:
      return error instanceof Error ? error.message : String(error)
  }
}
