import { AsyncLocalStorage } from 'node:async_hooks'
import { mkdir, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { emptyAnnotationFile, type AnnotationFile } from '../../core/annotations/annotationModel'
import { problemWith } from '../../core/annotations/checkAnnotation'
import { annotationFileText, readAnnotationFile } from '../../core/annotations/readAnnotationFile'
import { locateAgainstLibrary } from '../insideLibrary'
import type { Item, LibrarySettings } from '../../core/archiveApi'
import { ArchiveError } from '../../core/archiveError'
import type { ArchiveStore, ItemFiles } from '../../core/archiveStore'
import { duplicateKeysOf } from '../../core/capture/findDuplicate'
import { readArticleStructure } from '../../core/readArticleStructure'
import { isSafeItemId } from '../../core/safeItemId'
import { searchDocumentFor } from '../../core/search/searchDocumentFor'
import { openCatalogDatabase, type CatalogDatabase } from './catalogDatabase'
import { catalogRows, catalogWrites } from './catalogRows'
import { DurableJsonFile } from './durableJsonFile'
import { itemRecord, readItemRecord } from './itemRecord'
import { LIBRARY_SCHEMA_VERSION, libraryLayout } from './libraryLayout'
import { initializeLibrary, migrateLibrary, readMarker } from './migrateLibrary'
import type { SearchBinding } from './searchBinding'
import { beginWrite } from './writeLock'
import { crashPoint } from './crashPoint'
import { syncFolder, writeFileDurably } from './writeFileDurably'
import { errorCode, exportWriteFailure, storageError } from './storageError'

export interface LibraryStoreOptions {
  search: SearchBinding
  /** Told when a write waits for another process to finish its own. */
  onWaiting?: (message: string) => void
}

/** The store plus what only the node layer uses: catching up with files changed by a sync tool, and closing. */
export interface LibraryStore extends ArchiveStore {
  /** Compares every record's file with the catalog and takes in what changed outside Scriptorium. */
  scanFiles(): Promise<{ changed: number }>
  /** Indexes queued items (after a rebuild) a batch at a time; resolves when none are left. */
  indexQueued(options?: { onProgress?: (progress: { indexed: number; total: number }) => void }): Promise<void>
  close(): void
}

const INDEX_BATCH = 100
const TIDY_AFTER = 1000

/**
 * The library folder of DESIGN.md: items/<id>/item.json is each item's record (the truth, written
 * durably), beside its content, source and annotations; .local/<device>/catalog.sqlite is the
 * catalog and search index this machine derives from them. A change holds SQLite's write lock (an
 * OS lock, released by the kernel when its holder dies, never taken over from a live one) for the
 * files it writes and the rows and index entries it updates, in one transaction.
 */
export function createLibraryStore(location: string, { search, onWaiting }: LibraryStoreOptions): LibraryStore {
  const layout = libraryLayout(location)
  const settingsFile = new DurableJsonFile<Partial<LibrarySettings>>(layout.settings)
  const inChange = new AsyncLocalStorage<true>()
  const committedListeners: (() => void)[] = []
  let database: CatalogDatabase | null = null
  let notConverted: { id: string; reason: string }[] = []
  let onDisk = false
  let opening: Promise<void> | null = null
  let settingsCache: { stamp: string; value: Partial<LibrarySettings> } = { stamp: 'absent', value: {} }
  let changes: Promise<unknown> = Promise.resolve()
  /** Items written in the current change: their intents are cleared once it commits. */
  let intents = new Set<string>()

  function db(): CatalogDatabase {
    if (!database) throw new Error('The library was used before it was opened.')
    return database
  }
  const writing = () => inChange.getStore() === true
  const rows = () => catalogRows(writing() ? db().writer : db().reader)
  const writes = () => catalogWrites(db().writer)

  async function open(): Promise<void> {
    let marker = null
    try {
      await migrateLibrary(layout)
      marker = await readMarker(layout)
      notConverted = marker?.notConverted ?? []
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw storageError(error, `open the library at ${location}`)
    }
    await openDatabase(Boolean(marker))
    await loadSettings()
  }

  /** On disk once the library exists and can be written to; in memory for a new or read-only one. */
  async function openDatabase(exists: boolean): Promise<void> {
    database?.close()
    database = null
    onDisk = false
    if (exists) {
      try {
        await mkdir(layout.deviceFolder, { recursive: true })
        database = openCatalogDatabase(layout.catalogDatabase, search.createSchema)
        onDisk = true
      } catch (error) {
        if (!['EACCES', 'EPERM', 'EROFS', 'SQLITE_CANTOPEN', 'SQLITE_READONLY'].includes(errorCode(error) ?? '')) throw storageError(error, `open the catalog of ${location}`)
      }
    }
    database ??= openCatalogDatabase(null, search.createSchema)
    if (database.fresh) await fillFromFiles()
    else await redoIntents()
  }

  async function ensureOpen(): Promise<void> {
    opening ??= open().catch((error) => {
      opening = null
      throw error
    })
    await opening
  }

  /** A new catalog: every readable record goes in, and every item waits to be indexed. */
  async function fillFromFiles(): Promise<void> {
    const ids = await itemFolders()
    await writeTransaction(async () => {
      for (const id of ids) await takeInRecord(id, { index: false })
    })
  }

  /** Items whose write a crash interrupted: their files are the truth, the catalog follows them. */
  async function redoIntents(): Promise<void> {
    // Usually there are none, and opening the library then takes no lock at all.
    if (onDisk && (await readdir(layout.intents).catch(() => [])).length) await writeTransaction(takeInIntents)
  }

  /** Inside a transaction: takes in every item named by an intent, then clears the intents. */
  async function takeInIntents(): Promise<void> {
    const names = onDisk ? await readdir(layout.intents).catch(() => [] as string[]) : []
    for (const id of names.filter(isSafeItemId)) await takeInRecord(id, { index: true })
    for (const name of names) intents.add(name)
    if (names.length) writes().bumpRevision()
  }

  async function itemFolders(): Promise<string[]> {
    try {
      return (await readdir(layout.items, { withFileTypes: true })).filter((entry) => entry.isDirectory() && isSafeItemId(entry.name)).map((entry) => entry.name)
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return []
      throw storageError(error, `read the items of ${location}`)
    }
  }

  async function recordStamp(id: string): Promise<string | null> {
    try {
      const info = await stat(join(layout.itemFolder(id), 'item.json'))
      // The inode changes with every rename into place, even where a coarse clock keeps the time.
      return `${info.ino}:${info.mtimeMs}:${info.size}`
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return null
      throw storageError(error, `read the record of item ${id}`)
    }
  }

  /**
   * Makes the catalog say what items/<id>/item.json says: the item, its absence, or why it is set
   * aside. Runs on the writer, inside a transaction.
   */
  async function takeInRecord(id: string, { index }: { index: boolean }): Promise<void> {
    const stamp = await recordStamp(id)
    if (stamp === null) {
      writes().remove(id)
      search.remove(db().writer, id)
      return
    }
    const path = join(layout.itemFolder(id), 'item.json')
    let parsed: unknown
    try {
      parsed = JSON.parse(await readFile(path, 'utf8'))
    } catch (error) {
      const reason = error instanceof SyntaxError ? 'it is not valid JSON' : storageError(error, `read ${path}`).message
      return setAside(id, reason, stamp)
    }
    const record = readItemRecord(parsed, id)
    if ('problem' in record) return setAside(id, record.problem, stamp)
    writes().put(record.item, record.revision, stamp)
    if (index) await indexItem(record.item)
    else writes().queueForIndex(id)
  }

  function setAside(id: string, problem: string, stamp: string): void {
    writes().setAside(id, `The record of item ${id} (items/${id}/item.json) cannot be read: ${problem}. Scriptorium set it aside and left the file untouched.`, stamp)
    search.remove(db().writer, id)
  }

  async function indexItem(item: Item, contentHtml?: string, annotations?: AnnotationFile): Promise<void> {
    let text = ''
    try {
      text = (await readArticleStructure(contentHtml ?? (await readContent(item.id)))).text
    } catch {
      // An item whose content is missing is still found by its metadata.
    }
    const file = annotations ?? (await readAnnotations(item.id).catch(() => emptyAnnotationFile()))
    // A damaged entry (a hand edit, a sync conflict) is left out, never allowed to hide the rest.
    const sound = { ...file, annotations: file.annotations.filter((annotation) => problemWith(annotation) === undefined) }
    search.index(db().writer, searchDocumentFor(item, text, sound))
    writes().unqueue(item.id)
  }

  /** One transaction on the writer; the kernel's lock on the database excludes every other process meanwhile. */
  async function writeTransaction<T>(change: () => Promise<T>): Promise<T> {
    const run = changes.then(async () => {
      try {
        return await transaction(change)
      } catch (error) {
        // Whatever files the failed change left, the catalog describes them as they are.
        if (intents.size) await transaction(takeInIntents).catch(() => {})
        throw error
      } finally {
        const done = [...intents]
        intents = new Set()
        await Promise.all(done.map((id) => unlink(join(layout.intents, id)).catch(() => {})))
      }
    })
    changes = run.catch(() => undefined)
    return run
  }

  async function transaction<T>(change: () => Promise<T>): Promise<T> {
    await beginWrite(db().writer, onWaiting)
    try {
      const result = await inChange.run(true, change)
      db().writer.exec('COMMIT')
      return result
    } catch (error) {
      if (db().writer.inTransaction) db().writer.exec('ROLLBACK')
      throw error
    }
  }

  /** Notes, before an item's files change, that they are changing: a crash midway is redone at the next open. */
  async function intend(id: string): Promise<void> {
    if (!onDisk || intents.has(id)) return
    try {
      await mkdir(layout.intents, { recursive: true })
      await writeFile(join(layout.intents, id), '')
    } catch (error) {
      throw storageError(error, `write to the library at ${location}`)
    }
    intents.add(id)
  }

  async function writeRecord(item: Item, revision: number): Promise<string> {
    await writeFileDurably(join(layout.itemFolder(item.id), 'item.json'), `${JSON.stringify(itemRecord(item, revision), null, 2)}\n`)
    return (await recordStamp(item.id))!
  }

  async function loadSettings(): Promise<void> {
    let stamp = 'absent'
    try {
      const info = await stat(layout.settings)
      stamp = `${info.ino}:${info.mtimeMs}:${info.size}`
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw storageError(error, `read the settings ${layout.settings}`)
    }
    if (stamp === settingsCache.stamp) return
    let value: Partial<LibrarySettings> | null
    try {
      value = await settingsFile.read()
    } catch (error) {
      if (error instanceof SyntaxError) throw new ArchiveError('damaged_library', `The settings file ${layout.settings} is damaged (not valid JSON); Scriptorium left it untouched. Restore it from a backup, or move it aside to start with default settings.`)
      throw storageError(error, `read the settings ${layout.settings}`)
    }
    settingsCache = { stamp, value: value && typeof value === 'object' && !Array.isArray(value) ? value : {} }
  }

  async function readContent(id: string): Promise<string> {
    const path = join(layout.itemFolder(id), 'content.html')
    try {
      return await readFile(path, 'utf8')
    } catch (error) {
      throw storageError(error, `read the archived article ${path}`)
    }
  }

  async function readAnnotations(id: string): Promise<AnnotationFile> {
    const path = join(layout.itemFolder(id), 'annotations.json')
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return emptyAnnotationFile()
      throw storageError(error, `read the annotations ${path}`)
    }
    return readAnnotationFile(text, path)
  }

  /** Every item's folder and record, then its rows and index entries; a failure removes the new folders. */
  async function addItems(entries: { item: Item; files: ItemFiles }[]): Promise<void> {
    if (!entries.length) return
    const folders = entries.map(({ item }) => layout.itemFolder(item.id))
    const stamps: string[] = []
    try {
      await mkdir(layout.items, { recursive: true })
      let next = 0
      // A few items at a time: each waits on its fsyncs, which the others can overlap.
      const writeSome = async () => {
        for (let index = next++; index < entries.length; index = next++) {
          const { item, files } = entries[index]
          try {
            await intend(item.id)
            await mkdir(folders[index])
            await writeFileDurably(join(folders[index], 'content.html'), files.contentHtml)
            await writeFileDurably(join(folders[index], `source.${files.sourceExtension}`), files.source)
            stamps[index] = await writeRecord(item, 1)
          } catch (error) {
            next = entries.length
            throw storageError(error, `save ${item.source.fileName} into the library at ${location}`)
          }
        }
      }
      const settled = await Promise.allSettled(Array.from({ length: Math.min(8, entries.length) }, writeSome))
      const failed = settled.find((result) => result.status === 'rejected')
      if (failed) throw failed.reason
      await syncFolder(layout.items)
      crashPoint('after-item-files')
      for (const [index, { item, files }] of entries.entries()) {
        writes().put(item, 1, stamps[index])
        await indexItem(item, files.contentHtml, emptyAnnotationFile())
      }
      writes().bumpRevision()
    } catch (error) {
      // Every writer has settled: none recreates a folder removed here.
      await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }).catch(() => {})))
      throw storageError(error, entries.length === 1 ? `save ${entries[0].item.source.fileName} into the library at ${location}` : `save ${entries.length} items into the library at ${location}`)
    }
  }

  const store: LibraryStore = {
    location,
    schemaVersion: LIBRARY_SCHEMA_VERSION,

    async refresh() {
      await ensureOpen()
      // A library that had nothing on disk may have been made (or put back) since: open it again.
      if (!onDisk) {
        opening = null
        await ensureOpen()
      }
      await loadSettings()
    },

    revision: () => (database && onDisk ? `${rows().revision()}:${settingsCache.stamp}` : 'absent'),

    async mutate(change) {
      await ensureOpen()
      if (!onDisk) {
        // The first change to a new library makes its folder, marker files and catalog on disk.
        try {
          await initializeLibrary(layout)
        } catch (error) {
          throw storageError(error, `write to the library at ${location}`)
        }
        opening = openDatabase(true)
        await opening
        if (!onDisk) throw new ArchiveError('read_only_library', `Scriptorium could not write to the library at ${location}: the library folder is read-only.`)
      }
      return writeTransaction(async () => {
        await loadSettings()
        const result = await change()
        crashPoint('before-commit')
        return result
      })
    },

    all: () => rows().all(),
    list: ({ trash, offset, limit }) => rows().list(trash, offset, limit),
    counts: () => rows().counts(),
    find: (id) => (isSafeItemId(id) ? rows().get(id)?.item : undefined),
    findByCitekey: (citekey) => rows().byCitekey(citekey),
    hasCitekey: (citekey) => rows().hasCitekey(citekey),
    findDuplicate: (keys) => rows().duplicate(duplicateKeysOf(keys)),
    setAside: () => [...notConverted, ...(database ? rows().setAside() : [])],

    async add(item, files) {
      await addItems([{ item, files }])
    },
    addMany: addItems,

    async put(item) {
      const current = rows().get(item.id)
      if (!current) throw new ArchiveError('not_found', `There is no item with id "${item.id}".`)
      // Compare-and-swap against the file: a record changed under us (a sync tool) is taken in, and this change refused.
      if ((await recordStamp(item.id)) !== current.fileStamp) {
        // The rollback that follows takes the file in (see writeTransaction).
        await intend(item.id)
        throw new ArchiveError('conflict', `Item ${item.id} was changed outside this window (by a sync tool or another copy of Scriptorium) while you edited it; its new version is shown now. Make your change again.`)
      }
      await intend(item.id)
      try {
        const stamp = await writeRecord(item, current.revision + 1)
        crashPoint('after-record')
        writes().put(item, current.revision + 1, stamp)
      } catch (error) {
        throw storageError(error, `save item ${item.id}`)
      }
      await indexItem(item)
      writes().bumpRevision()
    },

    async remove(ids) {
      for (const id of ids) {
        const folder = layout.itemFolder(id)
        await intend(id)
        // The record goes first: a folder without one is a leftover, never an item again.
        await unlink(join(folder, 'item.json')).catch((error: unknown) => {
          if (errorCode(error) !== 'ENOENT') throw storageError(error, `delete item ${id}`)
        })
        crashPoint('after-record-removed')
        writes().remove(id)
        search.remove(db().writer, id)
      }
      await syncFolder(layout.items).catch(() => {})
      writes().bumpRevision()
      for (const id of ids) await rm(layout.itemFolder(id), { recursive: true, force: true })
    },

    readContent,
    readAnnotations,

    async writeAnnotations(id, file) {
      const path = join(layout.itemFolder(id), 'annotations.json')
      await intend(id)
      try {
        await writeFileDurably(path, annotationFileText(file))
      } catch (error) {
        throw storageError(error, `save the annotations ${path}`)
      }
      crashPoint('after-annotations')
      const item = rows().get(id)?.item
      if (item) await indexItem(item, undefined, file)
      writes().bumpRevision()
    },

    settings: () => settingsCache.value,

    async putSettings(settings) {
      try {
        await settingsFile.write(settings)
      } catch (error) {
        throw storageError(error, `save the settings ${layout.settings}`)
      }
      settingsCache = { stamp: '', value: settings }
      await loadSettings()
      writes().bumpRevision()
    },

    async listUserStyles() {
      let names: string[]
      try {
        names = (await readdir(layout.styles)).filter((name) => name.endsWith('.csl')).sort()
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return []
        throw storageError(error, `read the citation styles in ${layout.styles}`)
      }
      return Promise.all(names.map(async (name) => ({ id: name.slice(0, -4), xml: await readFile(join(layout.styles, name), 'utf8') })))
    },

    async putUserStyle(id, xml) {
      const path = join(layout.styles, `${id}.csl`)
      try {
        await mkdir(layout.styles, { recursive: true })
        await writeFileDurably(path, xml)
      } catch (error) {
        throw storageError(error, `save the citation style ${path}`)
      }
    },

    async removeUserStyle(id) {
      await rm(join(layout.styles, `${id}.csl`), { force: true })
    },

    async writeExportFile(path, content) {
      try {
        await writeFileDurably(path, content)
      } catch (error) {
        throw new ArchiveError('storage_failed', `Could not write ${path}: ${exportWriteFailure(error)}.`)
      }
    },

    async inspectExportTarget(path) {
      const { path: target, insideLibrary } = await locateAgainstLibrary(path, location)
      const kind = await stat(target)
        .then((info) => (info.isDirectory() ? ('folder' as const) : ('file' as const)))
        .catch(() => 'none' as const)
      return { path: target, insideLibrary, kind }
    },

    async exportFileModified(path) {
      try {
        return (await stat(path)).mtime.toISOString()
      } catch {
        return null
      }
    },

    async search(query) {
      await ensureOpen()
      if (query.complete) await store.indexQueued()
      const results = search.search(db().reader, query)
      const waiting = onDisk || database ? catalogWrites(db().writer).queueSize() : 0
      if (waiting) {
        const total = rows().counts()
        results.indexing = { indexed: Math.max(0, total.items + total.trashed - waiting), total: total.items + total.trashed }
      }
      return results
    },

    onCommitted(listener) {
      committedListeners.push(listener)
    },

    async scanFiles() {
      await ensureOpen()
      if (!onDisk) return { changed: 0 }
      const known = catalogRows(db().reader).stamps()
      const changed: string[] = []
      for (const id of await itemFolders()) {
        const stamp = await recordStamp(id)
        if (stamp !== known.get(id)) changed.push(id)
        known.delete(id)
      }
      changed.push(...known.keys())
      if (changed.length) {
        await writeTransaction(async () => {
          for (const id of changed) await takeInRecord(id, { index: true })
          writes().bumpRevision()
        })
      }
      return { changed: changed.length }
    },

    async indexQueued({ onProgress } = {}) {
      await ensureOpen()
      let indexed = 0
      for (;;) {
        const ids = catalogWrites(db().writer).queued(INDEX_BATCH)
        if (!ids.length) break
        await writeTransaction(async () => {
          for (const id of ids) {
            const row = rows().get(id)
            if (row) await indexItem(row.item)
            else writes().unqueue(id)
          }
        })
        indexed += ids.length
        if (onProgress) {
          const total = rows().counts()
          const all = total.items + total.trashed
          onProgress({ indexed: all - catalogWrites(db().writer).queueSize(), total: all })
        }
      }
      // A rebuild leaves many small segments: merged a bounded step per transaction, between writers.
      if (indexed >= TIDY_AFTER) while (await writeTransaction(async () => search.tidy(db().writer)));
    },

    close() {
      database?.close()
      database = null
      opening = null
    },
  }

  // Told after each commit, outside the lock, so auto-export never holds up a writer.
  const commit = store.mutate
  store.mutate = async (change) => {
    const result = await commit(change)
    for (const listener of committedListeners) listener()
    return result
  }
  return store
}
