import { AsyncLocalStorage } from 'node:async_hooks'
import { randomBytes } from 'node:crypto'
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
import { markCatalogFilled, openCatalogDatabase, type CatalogDatabase } from './catalogDatabase'
import { catalogRows, catalogWrites } from './catalogRows'
import { DurableJsonFile } from './durableJsonFile'
import { itemRecord, readItemRecord } from './itemRecord'
import { readChangeState, stampChanges, type ChangeState } from '../../core/sync/changeStamps'
import { itemFromValues, itemValues } from '../../core/sync/itemValues'
import type { ConflictEntry } from '../../core/sync/conflictEntry'
import { ANNOTATION_CHANGES, annotationValues, type StampedAnnotationFile } from '../../core/sync/mergeRecords'
import { hasConflictCopies, keepConflict, mergeItemConflicts, mergeSharedConflicts, tidyConflictsFolder } from './mergeConflictCopies'
import { writeStignore } from './migrateLibrary'
import { LIBRARY_SCHEMA_VERSION, libraryLayout } from './libraryLayout'
import { initializeLibrary, migrateLibrary, readMarker } from './migrateLibrary'
import { detectSyncTool } from './detectSyncTool'
import type { SearchBinding } from './searchBinding'
import { beginWrite } from './writeLock'
import { crashPoint } from './crashPoint'
import { syncFolder, writeFileDurably } from './writeFileDurably'
import { fileFailure } from '../fileFailure'
import { errorCode, storageError } from './storageError'

export interface LibraryStoreOptions {
  search: SearchBinding
  /** Told when a write waits for another process to finish its own. */
  onWaiting?: (message: string) => void
}

/** The store plus what only the node layer uses: catching up with files changed by a sync tool, and closing. */
export interface LibraryStore extends ArchiveStore {
  /**
   * Merges the conflict copies a sync tool left, then compares every record's file with the catalog
   * and takes in what changed outside Scriptorium.
   */
  scanFiles(): Promise<{ changed: number }>
  /** The same for a few items a watcher saw change (ids), and the library-wide records. */
  takeInChanges(ids: string[]): Promise<{ changed: number }>
  /** Indexes queued items (after a rebuild) a batch at a time; resolves when none are left. */
  indexQueued(options?: { onProgress?: (progress: { indexed: number; total: number }) => void }): Promise<void>
  close(): void
}

const INDEX_BATCH = 100
const TIDY_AFTER = 1000

/**
 * The library folder of DESIGN.md: items/<id>/item.json is each item's record (the truth, written
 * durably), beside its content, source and annotations; .local/<device>/catalog-v<format>.sqlite is the
 * catalog and search index this machine derives from them. A change holds SQLite's write lock (an
 * OS lock, released by the kernel when its holder dies, never taken over from a live one) for the
 * files it writes and the rows and index entries it updates, in one transaction.
 */
export function createLibraryStore(location: string, { search, onWaiting }: LibraryStoreOptions): LibraryStore {
  const layout = libraryLayout(location)
  const settingsFile = new DurableJsonFile<Partial<LibrarySettings>>(layout.settings)
  const inChange = new AsyncLocalStorage<true>()
  let database: CatalogDatabase | null = null
  let notConverted: { id: string; reason: string }[] = []
  let onDisk = false
  /** The library exists but its catalog cannot be written (read-only media): kept in memory until reopened. */
  let readOnly = false
  let opening: Promise<void> | null = null
  let settingsCache: { stamp: string; value: Partial<LibrarySettings> } = { stamp: 'absent', value: {} }
  let changes: Promise<unknown> = Promise.resolve()
  /** The intent files of the current change (named <id>.<pid>.<random>, so no process removes another's): cleared once it commits. */
  let intents = new Map<string, string>()

  function db(): CatalogDatabase {
    if (!database) throw new Error('The library was used before it was opened.')
    return database
  }
  const writing = () => inChange.getStore() === true
  const rows = () => catalogRows(writing() ? db().writer : db().reader)
  const writes = () => catalogWrites(db().writer)

  /** One change at a time in this process; other processes wait on SQLite's lock (see transaction). */
  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = changes.then(work)
    changes = run.catch(() => undefined)
    return run
  }

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

  /**
   * On disk once the library exists and can be written to; in memory for a new or read-only one.
   * The new catalog is filled before it replaces the old, so a read never finds none.
   */
  async function openDatabase(exists: boolean): Promise<void> {
    let opened: CatalogDatabase | null = null
    readOnly = false
    if (exists) {
      try {
        await mkdir(layout.deviceFolder, { recursive: true })
        opened = openCatalogDatabase(layout.catalogDatabase, search.createSchema)
      } catch (error) {
        if (!['EACCES', 'EPERM', 'EROFS', 'SQLITE_CANTOPEN', 'SQLITE_READONLY'].includes(errorCode(error) ?? '')) throw storageError(error, `open the catalog of ${location}`)
        readOnly = true
      }
    }
    const previous = database
    const next = opened ?? openCatalogDatabase(null, search.createSchema)
    if (next.fresh) await fillFromFiles(next, Boolean(opened))
    database = next
    onDisk = Boolean(opened)
    previous?.close()
    if (!next.fresh) await redoIntents()
  }

  async function ensureOpen(): Promise<void> {
    opening ??= serialized(open).catch((error) => {
      opening = null
      throw error
    })
    await opening
  }

  /** A new catalog: every readable record goes in, every item waits to be indexed, and only then is it marked made. */
  async function fillFromFiles(catalog: CatalogDatabase, durable: boolean): Promise<void> {
    const ids = await itemFolders()
    const previous = database
    database = catalog
    try {
      await transaction(async () => {
        for (const id of ids) await takeInRecord(id, { index: false })
        crashPoint('during-catalog-fill')
        if (durable) markCatalogFilled(catalog.writer)
      })
    } finally {
      database = previous
    }
  }

  /** Items whose write a crash interrupted: their files are the truth, the catalog follows them. */
  async function redoIntents(): Promise<void> {
    // Usually there are none, and opening the library then takes no lock at all.
    const names = onDisk ? await readdir(layout.intents).catch(() => [] as string[]) : []
    if (!names.length) return
    await transaction(async () => {
      for (const id of new Set(names.map((name) => name.split('.')[0]).filter(isSafeItemId))) await takeInRecord(id, { index: true })
      writes().bumpRevision()
    })
    await Promise.all(names.map((name) => unlink(join(layout.intents, name)).catch(() => {})))
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
    writes().annotationsStamp(id, await annotationsStamp(id))
    if (index) await indexItem(record.item)
    else writes().queueForIndex(id)
  }

  /** Like recordStamp, for annotations.json: a sync tool can change it alone. */
  async function annotationsStamp(id: string): Promise<string> {
    try {
      const info = await stat(join(layout.itemFolder(id), 'annotations.json'))
      return `${info.ino}:${info.mtimeMs}:${info.size}`
    } catch {
      return ''
    }
  }

  function setAside(id: string, problem: string, stamp: string): void {
    writes().setAside(id, `The record of item ${id} (items/${id}/item.json) cannot be read: ${problem}. Scriptorium set it aside and left the file untouched.`, stamp)
    search.remove(db().writer, id)
  }

  async function indexItem(item: Item, contentHtml?: string, annotations?: AnnotationFile): Promise<void> {
    // The archived text never changes once saved: an edit or a highlight reuses what the index holds.
    let text = contentHtml === undefined ? search.indexedText(db().writer, item.id) : undefined
    if (text === undefined) {
      try {
        text = (await readArticleStructure(contentHtml ?? (await readContent(item.id)))).text
      } catch {
        // An item whose content is missing is still found by its metadata.
        text = ''
      }
    }
    const file = annotations ?? (await readAnnotations(item.id).catch(() => emptyAnnotationFile()))
    // A damaged entry (a hand edit, a sync conflict) is left out, never allowed to hide the rest.
    const sound = { ...file, annotations: file.annotations.filter((annotation) => problemWith(annotation) === undefined) }
    search.index(db().writer, searchDocumentFor(item, text, sound))
    writes().unqueue(item.id)
  }

  /**
   * One change: one transaction on the writer, which the kernel's lock on the database keeps to one
   * process at a time. A change that fails is rolled back, and whatever files it had written by then
   * are taken in as they are (they are the truth); only when that succeeds are its intents cleared.
   */
  function writeTransaction<T>(change: () => Promise<T>): Promise<T> {
    return serialized(async () => {
      let settled = true
      try {
        return await transaction(change)
      } catch (error) {
        if (intents.size) {
          const touched = [...intents.keys()]
          settled = await transaction(async () => {
            for (const id of touched) await takeInRecord(id, { index: true })
            writes().bumpRevision()
          }).then(
            () => true,
            () => false,
          )
        }
        throw error instanceof ArchiveError ? error : storageError(error, `save to the library at ${location}`)
      } finally {
        const files = [...intents.values()]
        intents = new Map()
        // Kept when the catalog could not take the files in: the next open tries again.
        if (settled) await Promise.all(files.map((file) => unlink(file).catch(() => {})))
      }
    })
  }

  async function transaction<T>(change: () => Promise<T>): Promise<T> {
    const writer = db().writer
    await beginWrite(writer, onWaiting)
    try {
      const result = await inChange.run(true, change)
      writer.exec('COMMIT')
      return result
    } catch (error) {
      if (writer.inTransaction) writer.exec('ROLLBACK')
      throw error
    }
  }

  /** Notes, before an item's files change, that they are changing: a crash midway is redone at the next open. */
  async function intend(id: string): Promise<void> {
    if (!onDisk || intents.has(id)) return
    const file = join(layout.intents, `${id}.${process.pid}.${randomBytes(4).toString('hex')}`)
    try {
      await mkdir(layout.intents, { recursive: true })
      await writeFile(file, '')
    } catch (error) {
      throw storageError(error, `write to the library at ${location}`)
    }
    intents.set(id, file)
  }

  async function writeRecord(item: Item, revision: number, changes: ChangeState): Promise<string> {
    await writeFileDurably(join(layout.itemFolder(item.id), 'item.json'), `${JSON.stringify(itemRecord(item, revision, changes), null, 2)}\n`)
    return (await recordStamp(item.id))!
  }

  /** The change stamps of a write that turns the record on disk into `item`: every change path goes through here. */
  async function stampedRecordChanges(item: Item, before: Item): Promise<ChangeState> {
    let previous: ChangeState = { versions: {}, changes: {} }
    try {
      const record = readItemRecord(JSON.parse(await readFile(join(layout.itemFolder(item.id), 'item.json'), 'utf8')), item.id)
      if (!('problem' in record)) previous = record.changes
    } catch {
      // No stamps to build on: this write's own stand.
    }
    return stampChanges(previous, itemValues(before), itemValues(item), layout.device, new Date().toISOString())
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
    // Only folders made here are removed on failure: a leftover or a set-aside item's folder is never touched.
    const made = new Set<string>()
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
            made.add(folders[index])
            await writeFileDurably(join(folders[index], 'content.html'), files.contentHtml)
            await writeFileDurably(join(folders[index], `source.${files.sourceExtension}`), files.source)
            stamps[index] = await writeRecord(item, 1, { versions: { [layout.device]: 1 }, changes: {} })
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
      await Promise.all([...made].map((folder) => rm(folder, { recursive: true, force: true }).catch(() => {})))
      throw storageError(error, entries.length === 1 ? `save ${entries[0].item.source.fileName} into the library at ${location}` : `save ${entries.length} items into the library at ${location}`)
    }
  }

  /** Merges the conflict copies of these items and of the library-wide records; their files are then taken in as any outside change. */
  async function mergeConflicts(ids: string[]): Promise<number> {
    const now = new Date().toISOString()
    let merged = 0
    let kept = 0
    const shared = await mergeSharedConflicts(layout, now).catch(() => ({ merged: 0, kept: 0 }))
    merged += await tidyConflictsFolder(layout)
    merged += shared.merged
    kept += shared.kept
    for (const id of ids) {
      if (!(await hasConflictCopies(layout.itemFolder(id)))) continue
      // Under the write lock: no other process of this machine writes the item's files meanwhile.
      const outcome = await writeTransaction(async () => mergeItemConflicts(layout, id, now))
      merged += outcome.merged
      kept += outcome.kept
    }
    report.merged += merged
    report.kept += kept
    return merged
  }

  /**
   * Before a change to an item: a conflict copy beside its files is merged first (the CLI, which does
   * not scan at its start, merges this way), and the change is refused as any other that meets a
   * record changed under it, so it is made again on the merged version.
   */
  async function mergeBeforeChange(id: string): Promise<void> {
    if (!(await hasConflictCopies(layout.itemFolder(id)))) return
    await intend(id)
    const outcome = await mergeItemConflicts(layout, id, new Date().toISOString())
    report.merged += outcome.merged
    report.kept += outcome.kept
    throw new ArchiveError('conflict', `Item ${id} had a sync tool's conflict copy beside it, now merged; its merged version is shown now. Make your change again.`)
  }

  /** Takes in records changed outside this process; a citation key now held by two items goes to the first added. */
  async function takeInOutside(changed: string[]): Promise<void> {
    if (!changed.length) return
    report.lastOutsideChange = new Date().toISOString()
    await writeTransaction(async () => {
      for (const id of changed) await takeInRecord(id, { index: true })
      for (const id of changed) {
        const item = rows().get(id)?.item
        if (!item) continue
        const holders = rows().withCitekey(item.citekey)
        for (const other of holders.slice(1)) await renameCitekey(other, holders[0])
      }
      writes().bumpRevision()
    })
  }

  /** Two machines gave one key to two items: the later-added one gets a suffix, and the user is told in conflicts/. */
  async function renameCitekey(id: string, keeper: string): Promise<void> {
    const row = rows().get(id)
    if (!row) return
    const base = row.item.citekey
    let suffix = 0
    let key = base
    while (rows().hasCitekey(key)) key = `${base}${suffixLetters(++suffix)}`
    const item = { ...row.item, citekey: key }
    await intend(id)
    const stamp = await writeRecord(item, row.revision + 1, await stampedRecordChanges(item, row.item))
    writes().put(item, row.revision + 1, stamp)
    await indexItem(item)
    await keepConflict(layout, {
      itemId: id,
      file: 'citekey',
      keys: ['citekey'],
      savedAt: row.item.addedAt,
      from: `item ${keeper}`,
      title: `The citation key ${base} was given to two items on two machines; "${String(row.item.csl.title ?? id)}" is now ${key}. Keep this version to give it back ${base} (the other item then gets a suffix).`,
      version: itemRecord(row.item, row.revision, { versions: {}, changes: {} }),
    })
    report.kept++
  }

  async function readConflict(name: string): Promise<ConflictEntry | null> {
    if (!/^[A-Za-z0-9._-]+\.json$/.test(name)) return null
    try {
      const entry = JSON.parse(await readFile(join(layout.conflicts, name), 'utf8')) as ConflictEntry
      return entry && entry.format === 'scriptorium-conflict' && Array.isArray(entry.keys) ? entry : null
    } catch {
      return null
    }
  }

  /** "Keep this version": what the merge left out of it becomes the current value, as a new change that wins everywhere. */
  async function keepVersion(entry: ConflictEntry): Promise<void> {
    if (entry.itemId === null || !isSafeItemId(entry.itemId)) {
      const version = entry.version as Record<string, unknown>
      if (entry.file === 'settings.json') {
        const settings = { ...store.settings() } as Record<string, unknown>
        for (const key of entry.keys) settings[key] = version[key]
        await store.putSettings(settings as Partial<LibrarySettings>)
        return
      }
      // collections.json: its own module owns the format; the kept keys are put back as they were.
      const path = join(layout.location, 'collections.json')
      const current = JSON.parse(await readFile(path, 'utf8').catch(() => '{}')) as Record<string, unknown>
      for (const key of entry.keys) current[key] = version[key]
      await writeFileDurably(path, `${JSON.stringify(current, null, 2)}\n`)
      return
    }
    const current = rows().get(entry.itemId)?.item
    if (!current) throw new ArchiveError('not_found', `The item ${entry.itemId} of this kept version is no longer in the library.`)
    if (entry.file === 'annotations.json') {
      const file = await readAnnotations(entry.itemId)
      const now = new Date().toISOString()
      const kept = ((entry.version as StampedAnnotationFile).annotations ?? []).filter((annotation) => entry.keys.includes(annotation.id))
      const others = file.annotations.filter((annotation) => !entry.keys.includes(annotation.id))
      await store.writeAnnotations(entry.itemId, { ...file, annotations: [...others, ...kept.map((annotation) => ({ ...annotation, modified: now }))] })
      return
    }
    const version = readItemRecord(entry.version, entry.itemId)
    if ('problem' in version) throw new ArchiveError('damaged_library', `The kept version of item ${entry.itemId} cannot be read: ${version.problem}.`)
    const values = itemValues(current)
    const theirs = itemValues(version.item)
    for (const key of entry.keys) {
      if (theirs[key] === undefined) delete values[key]
      else values[key] = theirs[key]
    }
    const item = itemFromValues(values, current.id, new Date().toISOString(), current)
    if (entry.file === 'citekey') {
      // The key goes back to this item; whoever holds it now gets a suffix in turn.
      const holder = rows().withCitekey(item.citekey).find((other) => other !== item.id)
      await store.put(item)
      if (holder) await renameCitekey(holder, item.id)
      return
    }
    await store.put(item)
  }

  const report = { lastOutsideChange: null as string | null, merged: 0, kept: 0 }

  const store: LibraryStore = {
    location,
    schemaVersion: LIBRARY_SCHEMA_VERSION,

    async refresh() {
      await ensureOpen()
      // A library that had nothing on disk may have been made (or put back) since: open it again.
      if (!onDisk && !readOnly && (await exists(layout.marker) || (await exists(layout.legacyCatalog)))) {
        opening = serialized(open)
        await opening
      }
      await loadSettings()
    },

    revision: () => (database && onDisk ? `${rows().revision()}:${settingsCache.stamp}` : 'absent'),

    async mutate(change) {
      await ensureOpen()
      if (!onDisk) {
        // The first change to a new library makes its folder, marker files and catalog on disk.
        opening = serialized(async () => {
          try {
            await initializeLibrary(layout)
          } catch (error) {
            throw storageError(error, `write to the library at ${location}`)
          }
          await openDatabase(true)
        })
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
      await mergeBeforeChange(item.id)
      // Compare-and-swap against the file: a record changed under us (a sync tool) is taken in, and this change refused.
      if ((await recordStamp(item.id)) !== current.fileStamp) {
        // The rollback that follows takes the file in (see writeTransaction).
        await intend(item.id)
        throw new ArchiveError('conflict', `Item ${item.id} was changed outside this window (by a sync tool or another copy of Scriptorium) while you edited it; its new version is shown now. Make your change again.`)
      }
      await intend(item.id)
      try {
        const stamp = await writeRecord(item, current.revision + 1, await stampedRecordChanges(item, current.item))
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
        // Compare-and-swap, as put: a record a sync tool changed (restored, edited) is taken in, not deleted.
        const known = rows().get(id)
        if (known && (await recordStamp(id)) !== known.fileStamp) {
          await takeInRecord(id, { index: true })
          continue
        }
        await intend(id)
        // The record goes first: a folder without one is a leftover, never an item again.
        await unlink(join(folder, 'item.json')).catch((error: unknown) => {
          if (errorCode(error) !== 'ENOENT') throw storageError(error, `delete item ${id}`)
        })
        await syncFolder(folder).catch(() => {})
        crashPoint('after-record-removed')
        writes().remove(id)
        search.remove(db().writer, id)
        await rm(folder, { recursive: true, force: true }).catch((error: unknown) => {
          throw storageError(error, `delete the folder of item ${id}`)
        })
      }
      writes().bumpRevision()
    },

    readContent,
    readAnnotations,

    async writeAnnotations(id, file) {
      const path = join(layout.itemFolder(id), 'annotations.json')
      await mergeBeforeChange(id)
      await intend(id)
      try {
        const before = (await readAnnotations(id).catch(() => emptyAnnotationFile())) as StampedAnnotationFile
        const changes = stampChanges(readChangeState(before[ANNOTATION_CHANGES]), annotationValues(before), annotationValues(file), layout.device, new Date().toISOString())
        await writeFileDurably(path, annotationFileText({ ...file, [ANNOTATION_CHANGES]: changes } as StampedAnnotationFile))
      } catch (error) {
        throw storageError(error, `save the annotations ${path}`)
      }
      crashPoint('after-annotations')
      const item = rows().get(id)?.item
      if (item) await indexItem(item, undefined, file)
      writes().annotationsStamp(id, await annotationsStamp(id))
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
        throw new ArchiveError('storage_failed', `Could not write ${path}: ${fileFailure(error, 'write')}.`)
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
      const reader = db().reader
      const results = search.search(reader, query)
      const waiting = catalogWrites(db().writer).queueSize()
      if (waiting) {
        const total = catalogRows(reader).counts()
        results.indexing = { indexed: Math.max(0, total.items + total.trashed - waiting), total: total.items + total.trashed }
      }
      return results
    },

    async scanFiles() {
      await ensureOpen()
      if (!onDisk) return { changed: 0 }
      await writeStignore(layout).catch(() => {})
      const folders = await itemFolders()
      const merged = await mergeConflicts(folders)
      const known = catalogRows(db().reader).stamps()
      const changed: string[] = []
      for (const id of folders) {
        const stamp = `${await recordStamp(id)}|${await annotationsStamp(id)}`
        const was = known.get(id)
        // A set-aside record ('*' for its annotations) is compared by its record alone.
        if (was !== stamp && was !== `${stamp.split('|')[0]}|*`) changed.push(id)
        known.delete(id)
      }
      changed.push(...known.keys())
      await takeInOutside(changed)
      return { changed: Math.max(changed.length, merged) }
    },

    async takeInChanges(ids) {
      await ensureOpen()
      if (!onDisk) return { changed: 0 }
      const present = new Set(await itemFolders())
      const merged = await mergeConflicts(ids.filter((id) => present.has(id)))
      const known = catalogRows(db().reader)
      const changed: string[] = []
      for (const id of new Set(ids.filter(isSafeItemId))) {
        const row = known.get(id)
        const stamp = present.has(id) ? await recordStamp(id) : null
        if (!row ? stamp !== null : row.fileStamp !== stamp || row.annotationsStamp !== (await annotationsStamp(id))) changed.push(id)
      }
      await takeInOutside(changed)
      await loadSettings()
      return { changed: Math.max(changed.length, merged) }
    },

    async syncStatus() {
      const kept = (await readdir(layout.conflicts).catch(() => [] as string[])).filter((name) => name.endsWith('.json')).length
      return { tool: await detectSyncTool(location), device: layout.device, lastOutsideChange: report.lastOutsideChange, merged: report.merged, kept }
    },

    async listConflicts() {
      const names = (await readdir(layout.conflicts).catch(() => [] as string[])).filter((name) => name.endsWith('.json')).sort()
      const entries = []
      for (const name of names) {
        const entry = await readConflict(name)
        if (entry) entries.push({ name, entry })
      }
      return entries
    },

    async resolveConflict(name, keep) {
      const entry = await readConflict(name)
      if (!entry) throw new ArchiveError('not_found', `There is no kept version named "${name}".`)
      if (keep) await keepVersion(entry)
      await unlink(join(layout.conflicts, name)).catch((error: unknown) => {
        if (errorCode(error) !== 'ENOENT') throw storageError(error, `remove the kept version ${name}`)
      })
      writes().bumpRevision()
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
      if (indexed >= TIDY_AFTER) {
        while (await writeTransaction(async () => search.tidy(db().writer)));
        // A rebuild leaves a large write-ahead log, which every new process would read at its open.
        db().writer.pragma('wal_checkpoint(TRUNCATE)')
      }
    },

    close() {
      database?.close()
      database = null
      opening = null
      onDisk = false
    },
  }

  return store
}

/** a, b, …, z, aa, ab, …: the suffixes Better BibTeX gives. */
function suffixLetters(n: number): string {
  let text = ''
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) text = String.fromCharCode(97 + ((rest - 1) % 26)) + text
  return text
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}
