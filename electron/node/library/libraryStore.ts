import { AsyncLocalStorage } from 'node:async_hooks'
import { randomBytes } from 'node:crypto'
import { lstatSync, mkdirSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join, sep } from 'node:path'
import { performance } from 'node:perf_hooks'
import { emptyAnnotationFile, type AnnotationFile } from '../../core/annotations/annotationModel'
import { problemWith } from '../../core/annotations/checkAnnotation'
import { locateAgainstLibrary } from '../insideLibrary'
import type { Item, LibrarySettings } from '../../core/archiveApi'
import { ArchiveError } from '../../core/archiveError'
import type { ArchiveStore, ItemFiles, PreparedItems } from '../../core/archiveStore'
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
import { readConflictCopyName } from '../../core/sync/conflictCopyName'
import { ANNOTATION_CHANGES, annotationValues, type StampedAnnotationFile } from '../../core/sync/mergeRecords'
import { annotationFileName, ANNOTATIONS_CONFLICT_FILE } from '../../core/sync/annotationFileName'
import { annotationFilesStamp, ownAnnotationPath, ownAnnotationText, readItemAnnotations, type ItemAnnotations } from './annotationFiles'
import { markSettled } from './settledConflicts'
import { hasConflictCopies, keepConflict, keepLostAnnotations, mergeItemConflicts, mergeSharedConflicts, tidyConflictsFolder, type MergeOutcome } from './mergeConflictCopies'
import { writeStignore } from './migrateLibrary'
import { LIBRARY_SCHEMA_VERSION, libraryLayout } from './libraryLayout'
import { initializeLibrary, migrateLibrary, readMarker } from './migrateLibrary'
import { detectSyncTool } from './detectSyncTool'
import { readDeviceNames, writeDeviceName } from './deviceNames'
import type { SearchBinding } from './searchBinding'
import { beginWrite } from './writeLock'
import { quietCheckpoint } from './quietCheckpoint'
import { crashPoint } from './crashPoint'
import { intentIds } from './intentIds'
import { rollBackDeadJournals, createUndoJournal } from './undoJournal'
import { startSyncFolder, syncFolder, writeFileDurably, writeFilesDurably, writeStagedFolder } from './writeFileDurably'
import { FLUSHES_IN_FLIGHT, replaceFilesDurably } from './replaceFilesDurably'
import { linkOnTheWay, refuseLinkOnTheWay } from './foldersWithoutLinks'
import { readPlainFile } from './readPlainFile'
import { linkRefusal, plainFileRefusal, readPlainBytesOrNull, readPlainBytesSync, readPlainFileSync } from './readPlainFileSync'
import { eachAtMost } from './eachAtMost'
import { fileHolds } from './fileHolds'
import { fileFailure } from '../fileFailure'
import { errorCode, storageError } from './storageError'
import { logEvent } from '../log/logEvent'
import { summarizeError } from '../log/summarizeError'
import { SharedRecordFile } from './sharedRecordFile'
import { createChangeLogWriter } from './changeLogWriter'
import { findCollection, isCollectionRecord, withDescendants, type CollectionRecord } from '../../core/organize/collectionTree'
import { isSavedSearchRecord, type SavedSearchRecord } from '../../core/organize/savedSearchRecord'
import type { SearchScope } from '../search'

export interface LibraryStoreOptions {
  search: SearchBinding
  /** Told when a write waits for another process to finish its own. */
  onWaiting?: (message: string) => void
  /** Told how long each transaction held the write lock (ms): the bench watches that none holds it long. */
  onLockReleased?: (heldMs: number) => void
  /**
   * A long-running process (the app, `serve`) answers a change of many items once their records are
   * written and indexes their words right after; a CLI command, which exits, indexes them in the change.
   */
  indexInBackground?: boolean
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
  /**
   * Builds the search's impact lists of a large library a short transaction at a time, resuming a
   * build an earlier process left; resolves when they are complete or not needed. For long-running
   * processes, after indexQueued: no one-shot command waits for it.
   */
  buildSearchLists(): Promise<void>
  /**
   * Merges the search index into one piece a short transaction at a time, as a long-running process
   * does by itself a moment after a change of many items is indexed: queries then read one segment.
   * Resolves when it is one piece (or the store is closed).
   */
  mergeSearchIndex(): Promise<void>
  /**
   * Appends to this device's change log the item files (library-relative paths) that something other
   * than a change of the store wrote: a restore, a repair. Other machines then re-read just those.
   */
  logWritten(paths: string[]): Promise<void>
  close(): void
}

const INDEX_BATCH = 100
/** Records a bulk change writes and flushes together: bounds the undo lines it holds in memory. */
const RECORD_CHUNK = 512
/** Catalog rows written between two returns to the event loop while a chunk's records flush. */
const CATALOG_SLICE = 16
/** A change of more items than this indexes their words after it answers (see putMany). */
const INLINE_INDEX_LIMIT = 100
/** <item id>.<pid>.<random>: whose change it is, and the name of the folder it may have written ahead. */
const INTENT_NAME = /^[A-Za-z0-9_-]+\.\d+\.[0-9a-f]+$/
const TIDY_AFTER = 1000
/** How long after a change of many items is indexed its index is merged whole: a user tagging again meanwhile does not wait on it. */
const MERGE_WHOLE_AFTER_MS = 2000
/** How long after the last commit the write-ahead log is copied into the catalog (see quietCheckpoint). */
const CHECKPOINT_QUIET_MS = 1000
/** The longest quiet waited for after merges that gave way: a change restarts FTS5's merge, so one that keeps being interrupted waits longer. */
const MERGE_WHOLE_AFTER_MAX_MS = 64_000
/**
 * An outside change of this many items or more holds the index's merging until the store is quiet
 * (SearchBinding.holdMerges): a sync's pick-up of 1,000 items is found by search sooner.
 */
const HOLD_MERGES_FROM = 100
/** Between two steps of the merge: another process's writer, which polls for the lock, gets it in this gap. */
const MERGE_STEP_PAUSE_MS = 50
/** Items whose files are read ahead at once when a batch of records is taken in: enough to overlap the reads, little held in memory. */
const READ_AHEAD = 256

/** An item's files as takeInRecord reads them: no record (stamp null), a record that cannot be read, or its text. */
type RecordFiles =
  | { stamp: null }
  | { stamp: string; unreadable: string }
  | { stamp: string; text: string; annotationsStamp: string; annotations?: ItemAnnotations }

/**
 * The library folder of DESIGN.md: items/<id>/item.json is each item's record (the truth, written
 * durably), beside its content, source and annotations; .local/<device>/catalog-v<format>.sqlite is the
 * catalog and search index this machine derives from them. A change holds SQLite's write lock (an
 * OS lock, released by the kernel when its holder dies, never taken over from a live one) for the
 * files it writes and the rows and index entries it updates, in one transaction; new items' folders
 * are written before it (prepareItems) and only renamed into place under it.
 */
export function createLibraryStore(location: string, { search, onWaiting, onLockReleased, indexInBackground = false }: LibraryStoreOptions): LibraryStore {
  const layout = libraryLayout(location)
  const settingsFile = new DurableJsonFile<Partial<LibrarySettings>>(layout.settings)
  const collectionsFile = new SharedRecordFile<CollectionRecord>(layout.collections, 'scriptorium-collections', isCollectionRecord)
  const savedSearchesFile = new SharedRecordFile<SavedSearchRecord>(layout.savedSearches, 'scriptorium-searches', isSavedSearchRecord)
  const loadSharedRecords = () => Promise.all([collectionsFile.load(), savedSearchesFile.load()])
  const searchScope: SearchScope = {
    collectionIds: (name) => {
      const records = collectionsFile.records()
      return withDescendants(records, findCollection(records, name).id)
    },
  }
  const inChange = new AsyncLocalStorage<true>()
  let database: CatalogDatabase | null = null
  let notConverted: { id: string; reason: string }[] = []
  let onDisk = false
  /** The library exists but its catalog cannot be written (read-only media): kept in memory until reopened. */
  let readOnly = false
  let opening: Promise<void> | null = null
  /** The impact lists' build under way in this process, if any (buildSearchLists). */
  let building: Promise<void> | null = null
  /** The index's merge in the background under way, if any, and the timer that starts it (mergeSoon). */
  let mergingWhole: Promise<void> | null = null
  /** Whether that merge goes on to one piece, or only does the merging held changes owe. */
  let wholeWanted = false
  let mergeWholeTimer: ReturnType<typeof setTimeout> | null = null
  let mergeWholeAfter = MERGE_WHOLE_AFTER_MS
  /** Changes and searches asked for, counted: the merge in the background gives way when one came meanwhile. */
  let asked = 0
  // PASSIVE: never waits for another process's reader or writer; what it cannot copy now, a later one does.
  const checkpoint = quietCheckpoint({
    checkpoint: () =>
      serialized(async () => {
        if (database && onDisk) db().writer.pragma('wal_checkpoint(PASSIVE)')
      }).catch((error: unknown) => logEvent({ event: 'unexpected-error', where: 'archive', error: summarizeError(error) })),
    quietMs: CHECKPOINT_QUIET_MS,
    asked: () => asked,
  })
  let settingsCache: { stamp: string; value: Partial<LibrarySettings> } = { stamp: 'absent', value: {} }
  let changes: Promise<unknown> = Promise.resolve()
  /** The intent files of the current change (named <id>.<pid>.<random>, so no process removes another's): cleared once it commits. */
  let intents = new Map<string, string>()
  /** How to put back what the current change wrote, should it fail: run newest first, under the lock. */
  let undo: (() => Promise<void>)[] = []
  /** The same, on disk: put back by the next writer should this process die before the change commits. */
  let journal = createUndoJournal(layout.undo, layout.location)
  /** The bytes each file held before the current change, as keepForUndo read them, for the journal's lines. */
  let replaced = new Map<string, Buffer | null>()
  /** What the current change wrote in each file's place (null: removed), so that an undo leaves a file another writer changed since. */
  let wrote = new Map<string, { after?: string | null }>()
  /** Intents of this process's changes whose files could not be put back: redone by its next change, as a dead process's are. */
  const abandoned = new Set<string>()
  /** The folder flushes of the current change's files, still under way (writeChangeFile). */
  let folderFlushes: Promise<void>[] = []
  /** What the current change leaves to do once committed, outside the lock (removing deleted folders). */
  let afterCommit: (() => Promise<void>)[] = []
  /** Indexes queued items a batch per transaction, until none is left (see LibraryStore.indexQueued). */
  async function indexQueuedNow({ onProgress }: { onProgress?: (progress: { indexed: number; total: number }) => void } = {}): Promise<void> {
    await ensureOpen()
    let indexed = 0
    for (;;) {
      const ids = catalogWrites(db().writer).queued(INDEX_BATCH)
      if (!ids.length) break
      await writeTransaction(async () => {
        for (const id of search.indexOrder(db().writer, ids)) {
          const row = rows().get(id)
          if (row) await indexItem(row.item)
          else writes().unqueue(id)
        }
      })
      indexed += ids.length
      if (onProgress) {
        const total = rows().counts()
        const all = total.items + total.trashed
        onProgress({ indexed: all - rows().queueSize(), total: all })
      }
    }
    // A rebuild leaves many small segments: merged a bounded step per transaction, between writers.
    if (indexed >= TIDY_AFTER) {
      while (await writeTransaction(async () => search.tidy(db().writer)));
      // A rebuild leaves a large write-ahead log, which every new process would read at its open.
      db().writer.pragma('wal_checkpoint(TRUNCATE)')
      // A long-running process merges the rest into one piece once it is quiet; a command that exits leaves it.
      if (indexInBackground && search.worthMerging(db().reader)) mergeSoon({ whole: true })
    }
  }

  /**
   * Merges the index once nothing was asked of the store for a moment, into one piece or (`whole` false)
   * only as far as held changes owe; started again after whatever interrupts it.
   */
  function mergeSoon({ whole = false }: { whole?: boolean } = {}): void {
    wholeWanted ||= whole
    if (mergeWholeTimer) clearTimeout(mergeWholeTimer)
    const seen = asked
    mergeWholeTimer = setTimeout(() => {
      mergeWholeTimer = null
      if (mergingWhole) return
      // Asked for something meanwhile: the store is not quiet yet.
      if (asked !== seen) return mergeSoon()
      mergeWhole({ givingWay: true }).catch((error: unknown) => logEvent({ event: 'unexpected-error', where: 'archive', error: summarizeError(error) }))
    }, mergeWholeAfter)
    // Never what keeps a process alive.
    mergeWholeTimer.unref?.()
  }

  /**
   * Does the merging held changes owe, then merges the search index into one piece when that is wanted,
   * a short step per transaction. Giving way, it stops at the
   * first change or search asked for meanwhile (each would wait for a step: typing into the table's
   * filter must not) and tries again once it is quiet.
   */
  function mergeWhole({ givingWay }: { givingWay: boolean }): Promise<void> {
    mergingWhole ??= (async () => {
      await ensureOpen()
      if (!onDisk || readOnly) return
      let merged = false
      for (;;) {
        const before = asked
        if (!(await writeTransaction(async () => search.payMerges(db().writer) || (wholeWanted && search.mergeWhole(db().writer))))) break
        merged = true
        // Between steps, whatever waits (a search, a change, IPC, another process's writer) goes first.
        await new Promise((resolve) => setTimeout(resolve, MERGE_STEP_PAUSE_MS))
        // Closed meanwhile (the app quitting): the next bulk change starts it again.
        if (!database) return
        if (givingWay && asked !== before + 1) {
          mergeWholeAfter = Math.min(mergeWholeAfter * 2, MERGE_WHOLE_AFTER_MAX_MS)
          mergeSoon()
          return
        }
      }
      mergeWholeAfter = MERGE_WHOLE_AFTER_MS
      wholeWanted = false
      // The merge rewrote the index through the write-ahead log, which every new process would read at its
      // open. Checkpointed between changes: SQLite refuses it on a connection inside a transaction.
      if (merged) await serialized(async () => database && db().writer.pragma('wal_checkpoint(TRUNCATE)'))
    })().finally(() => (mergingWhole = null))
    return mergingWhole
  }

  /** The background indexing of queued items, started after a change commits; one run at a time, run again when asked meanwhile. */
  let indexing: Promise<void> | null = null
  let indexAgain = false
  async function indexQueuedSoon(): Promise<void> {
    if (indexing) {
      indexAgain = true
      return
    }
    indexing = (async () => {
      try {
        crashPoint('before-queued-index')
        do {
          indexAgain = false
          await indexQueuedNow()
        } while (indexAgain)
      } catch (error) {
        // The queue is durable: what is left is indexed by the next run, or the next open.
        logEvent({ event: 'unexpected-error', where: 'archive', error: summarizeError(error) })
      } finally {
        indexing = null
      }
    })()
  }
  /** Item folders written ahead of their change (prepareItems), by item id, until addItems publishes them. */
  const prepared = new Map<string, { staging: string; intent: string; record: string; text: string; published: boolean }>()
  /** What each change wrote, appended to this device's change log as it commits: other machines re-read just those items. */
  const changeLog = createChangeLogWriter(location, layout.device)

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
    await loadSharedRecords()
    // An index left in pieces by another process (a command's bulk import) is joined once this long-running one is quiet.
    if (indexInBackground && onDisk && search.worthMerging(db().reader)) mergeSoon({ whole: true })
    // As is the merging that held changes left undone when their process ended.
    else if (indexInBackground && onDisk && search.owesMerges(db().reader)) mergeSoon()
  }

  /**
   * On disk once the library exists and can be written to; in memory for a new or read-only one.
   * The new catalog is filled before it replaces the old, so a read never finds none.
   */
  async function openDatabase(exists: boolean): Promise<void> {
    let opened: CatalogDatabase | null = null
    readOnly = false
    if (exists) {
      // SQLite and the app's writers follow links: one a sync tool brought in place of this machine's
      // folder, its catalog or a folder the app reads and writes in would lead them to any file of the machine.
      const own = [...['', '-wal', '-shm'].map((suffix) => layout.catalogDatabase + suffix), layout.intents, layout.undo, layout.backups, layout.setAsideFiles, layout.items, layout.styles, layout.conflicts, layout.settledConflicts, join(location, 'devices')]
      const link = own.map((path) => linkOnTheWay(location, path)).find(Boolean)
      if (link) throw storageError(linkRefusal(link), `open the library at ${location}`)
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
    const started = performance.now()
    const ids = await itemFolders()
    const previous = database
    database = catalog
    try {
      await transaction(async () => {
        await takeInRecords(ids, { index: false })
        crashPoint('during-catalog-fill')
        if (durable) markCatalogFilled(catalog.writer)
      })
    } finally {
      database = previous
    }
    if (durable && ids.length) logEvent({ event: 'catalog-rebuilt', items: ids.length, ms: Math.round(performance.now() - started) })
  }

  /** A live process's intents are its change under way (or paused): only a dead one's are redone. */
  async function deadIntents(): Promise<string[]> {
    return onDisk ? (await readdir(layout.intents).catch(() => [] as string[])).filter((name) => INTENT_NAME.test(name) && (abandoned.has(name) || !isLive(Number(name.split('.')[1])))) : []
  }

  /** At open: usually nothing was interrupted, and opening then takes no lock at all; else the next transaction redoes it. */
  async function redoIntents(): Promise<void> {
    if ((await deadIntents()).length) await transaction(async () => {})
  }

  /**
   * Under the write lock, before any change: a change whose process died midway has its files put back
   * as they were (its undo journal), or left as they are if it got past its commit; the catalog then
   * follows the files. Gives the intents to remove once this transaction commits.
   */
  async function redoDeadChanges(): Promise<string[]> {
    const names = await deadIntents()
    const { restored, failed } = onDisk ? await rollBackDeadJournals(layout.undo, layout.location, isLive) : { restored: [], failed: [] }
    if (!names.length && !restored.length && !failed.length) return []
    const intended = (await Promise.all(names.map(intendedIds))).flat()
    const ids = [...new Set([...intended, ...restored.map((path) => path.split(sep)[1])].filter(isSafeItemId))]
    for (const id of ids) {
      await clearLeftovers(id)
      await takeInRecord(id, { index: true })
    }
    // A folder written ahead of its change, which never came.
    await Promise.all(names.map((name) => rm(join(layout.items, `${name}.tmp`), { recursive: true, force: true })))
    // Other machines re-read what was put back (the dead change may have logged its own version of it).
    await changeLog.logFiles(restored.map((path) => path.split(sep).join('/')))
    writes().bumpRevision()
    logEvent({ event: 'repair', what: 'interrupted-write', ids, restored: restored.length, notRestored: failed.length })
    return names
  }

  /** After a crash: an item folder without a record (an interrupted add or delete) goes, and so do dead writers' temp files in it. */
  async function clearLeftovers(id: string): Promise<void> {
    const folder = layout.itemFolder(id)
    const names = await readdir(folder).catch(() => null)
    if (!names) return
    if (!names.includes('item.json')) return void (await rm(folder, { recursive: true, force: true }))
    await Promise.all(names.filter((name) => name.endsWith('.tmp') && !isLive(Number(name.split('.').at(-3)))).map((name) => rm(join(folder, name), { force: true })))
  }

  async function itemFolders(): Promise<string[]> {
    try {
      return (await readdir(layout.items, { withFileTypes: true })).filter((entry) => entry.isDirectory() && isSafeItemId(entry.name)).map((entry) => entry.name)
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return []
      throw storageError(error, `read the items of ${location}`)
    }
  }

  /** Only a plain folder is an item's: one a sync tool turned into a link is read as gone, never followed out of the library. */
  function isPlainFolder(id: string): boolean {
    return itemFolderInfo(id)?.isDirectory() ?? false
  }


  /** The item folder as it is, not followed; null when it is not there. */
  function itemFolderInfo(id: string): Stats | null {
    try {
      return lstatSync(layout.itemFolder(id))
    } catch {
      return null
    }
  }

  /** The stamp of an item folder a sync tool turned into a link (set aside once, until that link changes), or null for any other. */
  const linkStamp = (info: Stats | null): string | null => (info?.isSymbolicLink() ? `link:${info.ino}:${info.mtimeMs}` : null)

  async function recordStamp(id: string): Promise<string | null> {
    try {
      const info = statSync(join(layout.itemFolder(id), 'item.json'))
      // The inode changes with every rename into place, even where a coarse clock keeps the time.
      return `${info.ino}:${info.mtimeMs}:${info.size}`
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return null
      throw storageError(error, `read the record of item ${id}`)
    }
  }

  /**
   * What takeInRecord reads of an item's folder, in the order it reads it (the stamp before the
   * bytes), read ahead for a batch. The record's stat and bytes are read on this thread: through the
   * thread pool they were six hand-overs between threads an item, which cost a 1,000-item pick-up at
   * 100,000 items about as much system time as the rest of it (0.4–1 s).
   */
  async function readRecordFiles(id: string, { annotations: withAnnotations }: { annotations: boolean }): Promise<RecordFiles> {
    const info = itemFolderInfo(id)
    const link = linkStamp(info)
    // Set aside with the reason, not read as gone: the user learns why the item left the list.
    if (link) return { stamp: link, unreadable: plainFileRefusal(linkRefusal(layout.itemFolder(id)))! }
    const stamp = info?.isDirectory() ? await recordStamp(id) : null
    if (stamp === null) return { stamp }
    const path = join(layout.itemFolder(id), 'item.json')
    let text: string
    try {
      text = readPlainFileSync(path)
    } catch (error) {
      return { stamp, unreadable: storageError(error, `read ${path}`).message }
    }
    const folder = layout.itemFolder(id)
    // The stamp before the files it stands for: a file a sync tool replaces meanwhile is then taken in
    // at the next look, never marked as seen unread. An unreadable file is not read ahead: indexing reads it again.
    const annotationsStamp = await annotationFilesStamp(folder)
    const annotations = withAnnotations ? await readItemAnnotations(folder, layout.device).catch(() => undefined) : undefined
    return { stamp, text, annotationsStamp, annotations }
  }

  /**
   * Makes the catalog say what items/<id>/item.json says: the item, its absence, or why it is set
   * aside. Runs on the writer, inside a transaction.
   */
  async function takeInRecord(id: string, { index }: { index: boolean }, read?: RecordFiles): Promise<void> {
    const files = read ?? (await readRecordFiles(id, { annotations: index }))
    const { stamp } = files
    if (stamp === null) {
      writes().remove(id)
      search.remove(db().writer, id)
      return
    }
    if (!('text' in files)) return setAside(id, files.unreadable, stamp)
    let parsed: unknown
    try {
      parsed = JSON.parse(files.text)
    } catch {
      return setAside(id, 'it is not valid JSON', stamp)
    }
    const record = readItemRecord(parsed, id)
    if ('problem' in record) return setAside(id, record.problem, stamp)
    writes().put(record.item, record.revision, stamp)
    writes().annotationsStamp(id, files.annotationsStamp)
    if (index) await indexItem(record.item, undefined, await settledAnnotations(id, files.annotations).catch(() => emptyAnnotationFile()))
    else writes().queueForIndex(id)
  }

  /** Takes in each item's record, reading a slice of them ahead at a time (readRecordFiles). */
  async function takeInRecords(ids: string[], options: { index: boolean }): Promise<void> {
    for (let start = 0; start < ids.length; start += READ_AHEAD) {
      // Again before each batch: a full scan of a large library takes seconds, in which a link can arrive.
      refuseLinksOutOfLibrary()
      const slice = ids.slice(start, start + READ_AHEAD)
      const reads = new Map<string, RecordFiles>()
      await inParallel(slice, async (id) => void reads.set(id, await readRecordFiles(id, { annotations: options.index })))
      for (const id of slice) await takeInRecord(id, options, reads.get(id))
    }
  }

  /** Like recordStamp, for the item's annotation files (every device's): a sync tool can change one alone. */
  function annotationsStamp(id: string): Promise<string> {
    return annotationFilesStamp(layout.itemFolder(id))
  }

  function setAside(id: string, problem: string, stamp: string): void {
    writes().setAside(id, `The record of item ${id} (items/${id}/item.json) cannot be read: ${problem}. Scriptorium set it aside and left the file untouched.`, stamp)
    logEvent({ event: 'repair', what: 'record-set-aside', ids: [id] })
    search.remove(db().writer, id)
  }

  /** The article's text for the index; '' for an item whose content is missing (it is still found by its metadata). */
  async function searchTextOf(contentHtml: string | Promise<string>): Promise<string> {
    try {
      return (await readArticleStructure(await contentHtml)).text
    } catch {
      return ''
    }
  }

  async function indexItem(item: Item, content?: { html: string } | { text: string }, annotations?: AnnotationFile): Promise<void> {
    // The archived text never changes once saved: an edit or a highlight reuses what the index holds.
    let text = content === undefined ? search.indexedText(db().writer, item.id) : 'text' in content ? content.text : undefined
    text ??= await searchTextOf(content && 'html' in content ? content.html : readContent(item.id))
    const file = annotations ?? (await settledAnnotations(item.id).catch(() => emptyAnnotationFile()))
    // A damaged entry (a hand edit, a sync conflict) is left out, never allowed to hide the rest.
    const sound = { ...file, annotations: file.annotations.filter((annotation) => problemWith(annotation) === undefined) }
    search.index(db().writer, searchDocumentFor(item, text, sound))
    writes().unqueue(item.id)
  }

  /**
   * The item's annotations, as indexing reads them (under the write lock). Where two devices changed
   * one highlight or note before either saw the other's change, the version that lost is kept in
   * conflicts/ and this device's own file takes the folded view, which has seen both: the clash is
   * settled once, not met again at every read (a kept version the user dismissed stays dismissed).
   */
  async function settledAnnotations(id: string, readAhead?: ItemAnnotations): Promise<AnnotationFile> {
    const folder = layout.itemFolder(id)
    // What was read ahead serves unless a clash must be settled: this device's file is then written
    // from a read made now, under the lock, so no file that changed since the read ahead is passed over.
    const read = readAhead && !readAhead.lost.length ? readAhead : await readItemAnnotations(folder, layout.device)
    if (!read.lost.length || !onDisk) return read.merged
    try {
      report.kept += await keepLostAnnotations(layout, id, read.lost)
      await writeFileDurably(ownAnnotationPath(folder, layout.device), ownAnnotationText(read.merged, read.ownSetAside))
      await logWritten([`items/${id}/${annotationFileName(layout.device)}`])
      writes().annotationsStamp(id, await annotationsStamp(id))
    } catch (error) {
      // Nothing is lost meanwhile: each version stays in its own device's file until the next try.
      logEvent({ event: 'unexpected-error', where: 'archive', error: summarizeError(error) })
    }
    return read.merged
  }

  /**
   * One change: one transaction on the writer, which the kernel's lock on the database keeps to one
   * process at a time. A change that fails is rolled back: the files it wrote get their old bytes
   * back (undo), the catalog then follows the files; only when that succeeds are its intents cleared.
   */
  function writeTransaction<T>(change: () => Promise<T>): Promise<T> {
    asked++
    return serialized(async () => {
      let settled = true
      let recovered = false
      // The files the change wrote are put back as they were, still under the lock, and the catalog
      // then follows the files (a restored file is a new one: its stamp changes).
      const recover = {
        async run() {
          const steps = undo.reverse()
          undo = []
          for (const step of steps) await step()
          for (const id of intents.keys()) await takeInRecord(id, { index: true })
          writes().bumpRevision()
        },
        // Only once the catalog that follows the put-back files is committed: a full disk may refuse that commit too.
        committed: () => (recovered = true),
      }
      try {
        const result = await transaction(async () => {
          const value = await change()
          // Under the lock, so two processes of this machine never rotate the log at once.
          if (onDisk) await changeLog.flush()
          // The commit point of the files: a crash from here on leaves them, and the catalog follows.
          // The journal's removal is flushed (beside the commit) before the change is acknowledged.
          if (await journal.clear()) folderFlushes.push(quietly((await startSyncFolder(layout.undo)).done))
          return value
        }, recover)
        // Acknowledged only once every renamed file's folder is on disk too.
        await Promise.all(folderFlushes)
        crashPoint('after-commit')
        for (const step of afterCommit) await step().catch(() => (settled = false))
        return result
      } catch (error) {
        // Files not put back (the undo failed, or could not run): their journal and intents stay for the next writer.
        if (!recovered) settled = false
        throw error instanceof ArchiveError ? error : storageError(error, `save to the library at ${location}`)
      } finally {
        // An intent of many items (intendAll) is one file.
        const files = [...new Set(intents.values())]
        intents = new Map()
        changeLog.discard()
        undo = []
        replaced = new Map()
        wrote = new Map()
        afterCommit = []
        folderFlushes = []
        // Kept when the files could not be put back: this process's next change (or the next process) redoes them.
        if (settled) {
          removeIntents(files)
          await journal.clear().catch(() => {})
        } else {
          for (const file of files) abandoned.add(basename(file))
          await journal.release().catch(() => {})
        }
        journal = createUndoJournal(layout.undo, layout.location)
      }
    })
  }

  /**
   * One transaction under the write lock. When the change fails, `recover` runs under the same lock
   * after its catalog writes are undone, so no other process ever sees the half-made change.
   */
  async function transaction<T>(change: () => Promise<T>, recover?: { run: () => Promise<void>; committed: () => void }): Promise<T> {
    const writer = db().writer
    await beginWrite(writer, onWaiting)
    const held = performance.now()
    let redone: string[] = []
    try {
      writer.exec('SAVEPOINT change')
      const result = await inChange.run(true, async () => {
        redone = await redoDeadChanges()
        return change()
      })
      writer.exec('COMMIT')
      checkpoint.afterCommit()
      await Promise.all(redone.map((name) => unlink(join(layout.intents, name)).catch(() => {})))
      for (const name of redone) abandoned.delete(name)
      return result
    } catch (error) {
      if (recover) {
        try {
          if (writer.inTransaction) writer.exec('ROLLBACK TO change')
          // SQLite rolled the whole transaction back itself (a full disk, an I/O error): the files are
          // put back under a transaction of their own, taken as any change takes it (another process may
          // hold it meanwhile). A closed store throws here, and recover never runs.
          else await beginWrite(writer, onWaiting)
          await inChange.run(true, recover.run)
          writer.exec('COMMIT')
          recover.committed()
        } catch {
          // The change's own failure is what the user is told; this process's next change (or the
          // next process) puts back what is left, from the journal and intents kept for it.
        }
      }
      throw error
    } finally {
      if (writer.inTransaction) writer.exec('ROLLBACK')
      onLockReleased?.(performance.now() - held)
    }
  }

  /** Remembers a file's bytes (or its absence) before the change replaces it, to put back on failure. */
  function keepForUndo(path: string): Buffer | null {
    let before: Buffer | null
    try {
      // A small record, read at once: under the write lock a thread-pool round trip costs more. Never
      // a FIFO's blocking open on this thread, which nothing could end (readPlainBytesSync).
      before = readPlainBytesSync(path)
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw storageError(error, `read ${path}`)
      before = null
    }
    // One per replacement: a file the change replaces twice goes back a step at a time.
    const replacement: { after?: string | null } = {}
    wrote.set(path, replacement)
    undo.push(async () => {
      // Another writer may have changed it since (after SQLite rolled the change back itself, the lock
      // was free for a moment; or a sync tool): its version stays, as rollBackDeadJournals leaves it.
      if (replacement.after !== undefined && !(await fileHolds(path, replacement.after))) return
      await (before === null ? rm(path, { force: true }) : writeFileDurably(path, before))
    })
    replaced.set(path, before)
    return before
  }

  /** On disk for a change whose process is killed (the undo above is for one that fails): before `path` becomes `after`. */
  async function journalReplacing(path: string, after: string | null): Promise<void> {
    const replacement = wrote.get(path)
    if (replacement) replacement.after = after
    if (!onDisk || !replaced.has(path)) return
    await journal.replacing(path, replaced.get(path)!, after).catch((error: unknown) => Promise.reject(storageError(error, `write to the library at ${location}`)))
  }

  /**
   * A file of the change, flushed and renamed into place; its folder's flush (which makes the rename
   * durable) runs beside the rest of the change and the catalog's commit, and is awaited before the
   * change returns: a highlight waits for two disk flushes in a row, not three.
   */
  async function writeChangeFile(path: string, text: string): Promise<void> {
    // A link brought in place of items/ or the item's folder since the open would lead the write out of the library.
    refuseLinkOnTheWay(location, dirname(path))
    await journalReplacing(path, text)
    await writeFileDurably(path, text, { syncFolder: false })
    await flushFolderSoon(dirname(path))
  }

  /** Starts the flush of a folder the change renamed a file into; the change is acknowledged once all are done. */
  async function flushFolderSoon(folder: string): Promise<void> {
    // A bulk change keeps a bounded number of folders open and flushes queued.
    if (folderFlushes.length >= FLUSHES_IN_FLIGHT) await folderFlushes[folderFlushes.length - FLUSHES_IN_FLIGHT]
    folderFlushes.push(quietly((await startSyncFolder(folder)).done))
  }

  /** Notes, before an item's files change, that they are changing: a crash midway is redone at the next open. */
  async function intend(id: string): Promise<void> {
    await intendAll([id])
  }

  /**
   * The same for many items in one file, named for the first and listing them all (a bulk tag's
   * thousand): creating a file waits on the file system's journal, while other writes flush.
   */
  async function intendAll(ids: string[]): Promise<void> {
    const fresh = [...new Set(ids)].filter((id) => !intents.has(id))
    if (!onDisk || !fresh.length) return
    const file = join(layout.intents, `${fresh[0]}.${process.pid}.${randomBytes(4).toString('hex')}`)
    try {
      writeIntent(file, fresh.length > 1 ? `${fresh.join('\n')}\n` : '')
    } catch (error) {
      throw storageError(error, `write to the library at ${location}`)
    }
    for (const id of fresh) intents.set(id, file)
  }

  /**
   * An intent is a small file (empty: the item its name starts with; else the items it lists), made at
   * once: a thread-pool round trip costs more than the write. Its folder is made only when missing.
   */
  function writeIntent(file: string, text = ''): void {
    try {
      writeFileSync(file, text)
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error
      mkdirSync(layout.intents, { recursive: true })
      writeFileSync(file, text)
    }
  }

  /** The items a dead process's intent names: the one its name starts with, and any it lists (intendAll). */
  async function intendedIds(name: string): Promise<string[]> {
    return intentIds(name, await readFile(join(layout.intents, name), 'utf8').catch(() => ''))
  }

  /** Removes intent files whose changes are settled; one already gone is fine. */
  function removeIntents(files: string[]): void {
    for (const file of files) {
      try {
        unlinkSync(file)
      } catch {
        // gone already, or left for the next open to redo
      }
    }
  }

  /** A new item's change stamps: written once, by this machine. */
  const newItemChanges = (): ChangeState => ({ versions: { [layout.device]: 1 }, changes: {} })

  async function writeRecord(item: Item, revision: number, changes: ChangeState): Promise<string> {
    await writeChangeFile(join(layout.itemFolder(item.id), 'item.json'), recordText(item, revision, changes))
    changeLog.note({ id: item.id, file: 'item.json', versions: changes.versions })
    return (await recordStamp(item.id))!
  }

  /**
   * The change stamps of a write that turns the record on disk into `item`: every change path goes
   * through here. `recordBytes` are the record's bytes when the caller has just read them (for undo, or to
   * compare its stamp with the catalog's); only their stamps are read, the item is the caller's.
   */
  function stampedRecordChanges(item: Item, before: Item, recordBytes?: Buffer | null): ChangeState {
    let previous: unknown = null
    try {
      const bytes = recordBytes === undefined ? readPlainBytesOrNull(join(layout.itemFolder(item.id), 'item.json')) : recordBytes
      previous = bytes && (JSON.parse(bytes.toString('utf8')) as { changes?: unknown }).changes
    } catch {
      // No stamps to build on: this write's own stand.
    }
    return stampChanges(readChangeState(previous), itemValues(before), itemValues(item), layout.device, new Date().toISOString())
  }

  /** The library exists on disk once a first change made it. */
  async function ensureOnDisk(): Promise<void> {
    if (onDisk) return
    // The first change to a new library makes its folder, marker files and catalog on disk.
    opening = serialized(async () => {
      if (onDisk) return
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

  /**
   * Writes new items' folders (content, source, record) under temporary names, outside the lock, each
   * noted by an intent: a crash leaves nothing that the next open does not remove.
   */
  async function prepareItems(entries: { item: Item; files: ItemFiles }[]): Promise<PreparedItems> {
    await ensureOpen()
    await ensureOnDisk()
    const mine: string[] = []
    const release = async () => {
      for (const id of mine.splice(0)) {
        const ready = prepared.get(id)
        prepared.delete(id)
        if (!ready || ready.published) continue
        await rm(ready.staging, { recursive: true, force: true }).catch(() => {})
        removeIntents([ready.intent])
      }
    }
    try {
      // New items are made in items/: never through a link brought in its place since the open.
      refuseLinkOnTheWay(location, layout.items)
      await mkdir(layout.items, { recursive: true })
      await mkdir(layout.intents, { recursive: true })
      await inParallel(entries, async ({ item, files }) => {
        const token = `${layout.itemFolder(item.id).slice(layout.items.length + 1)}.${process.pid}.${randomBytes(4).toString('hex')}`
        // Its text for the index is read from the article now too: under the lock it is only stored.
        const ready = { staging: join(layout.items, `${token}.tmp`), intent: join(layout.intents, token), record: recordText(item, 1, newItemChanges()), text: files.text ?? (await searchTextOf(files.contentHtml)), published: false }
        writeIntent(ready.intent)
        prepared.set(item.id, ready)
        mine.push(item.id)
        mkdirSync(ready.staging)
        await writeStagedFolder(ready.staging, [['content.html', files.contentHtml], [`source.${files.sourceExtension}`, files.source], ['item.json', ready.record]])
      })
      crashPoint('after-prepare')
    } catch (error) {
      await release()
      throw storageError(error, `write to the library at ${location}`)
    }
    return { release }
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
      return (await readPlainFile(path)).toString('utf8')
    } catch (error) {
      throw storageError(error, `read the archived article ${path}`)
    }
  }

  async function readPdf(id: string): Promise<Uint8Array> {
    const path = join(layout.itemFolder(id), 'source.pdf')
    try {
      return new Uint8Array(await readPlainFile(path))
    } catch (error) {
      throw storageError(error, `read the PDF ${path}`)
    }
  }

  /** Every device's annotation file of the item, folded into one (annotationFiles.ts). */
  async function readAnnotations(id: string): Promise<AnnotationFile> {
    return (await readItemAnnotations(layout.itemFolder(id), layout.device)).merged
  }

  /**
   * Every item's folder and record, then its rows and index entries. A folder written ahead
   * (prepareItems) is only renamed into place; a failure of the change removes every new folder.
   */
  async function addItems(entries: { item: Item; files: ItemFiles }[]): Promise<void> {
    if (!entries.length) return
    const stamps = new Map<string, string>()
    // Only folders made here are removed on failure: a leftover or a set-aside item's folder is never touched.
    const made = (folder: string) => undo.push(() => rm(folder, { recursive: true, force: true }))
    try {
      await mkdir(layout.items, { recursive: true })
      await inParallel(entries, async ({ item, files }) => {
        const folder = layout.itemFolder(item.id)
        const ready = prepared.get(item.id)
        try {
          if (ready && !ready.published) {
            // Only its record is rewritten, when the lock found its citation key taken meanwhile.
            const record = recordText(item, 1, newItemChanges())
            if (record !== ready.record) await writeFileDurably(join(ready.staging, 'item.json'), record)
            intents.set(item.id, ready.intent)
            await rename(ready.staging, folder)
            ready.published = true
            made(folder)
            stamps.set(item.id, (await recordStamp(item.id))!)
            return
          }
          await intend(item.id)
          await mkdir(folder)
          made(folder)
          await writeFilesDurably(folder, [['content.html', files.contentHtml], [`source.${files.sourceExtension}`, files.source], ['item.json', recordText(item, 1, newItemChanges())]])
          stamps.set(item.id, (await recordStamp(item.id))!)
        } catch (error) {
          throw storageError(error, `save ${item.source.fileName} into the library at ${location}`)
        }
      })
      await syncFolder(layout.items)
      crashPoint('after-item-files')
      for (const { item, files } of entries) {
        changeLog.note({ id: item.id, file: 'item.json', versions: newItemChanges().versions })
        writes().put(item, 1, stamps.get(item.id)!)
        const ready = prepared.get(item.id)
        await indexItem(item, ready ? { text: ready.text } : files.text !== undefined ? { text: files.text } : { html: files.contentHtml }, emptyAnnotationFile())
      }
      writes().bumpRevision()
    } catch (error) {
      throw storageError(error, entries.length === 1 ? `save ${entries[0].item.source.fileName} into the library at ${location}` : `save ${entries.length} items into the library at ${location}`)
    }
  }

  /**
   * The folders of items whose records a committed change deleted. Between that commit and now a
   * merge (of this or another process) may have brought a record back, from a conflict copy: under the
   * write lock no merge of ours runs, and a folder holding a record or a copy of one is left and taken
   * in. A sync tool takes no lock: the folder is emptied file by file, never its record, and removed
   * only if then empty, so a record it writes meanwhile stays.
   */
  async function removeDeletedFolders(ids: string[]): Promise<void> {
    await transaction(async () => {
      let revived = false
      for (const id of ids) {
        const folder = layout.itemFolder(id)
        const names = await readdir(folder).catch(() => null)
        if (!names) continue
        if (!names.some(isRecordOrCopy)) {
          for (const name of names) if (!isRecordOrCopy(name)) await rm(join(folder, name), { recursive: true, force: true })
          const removed = await rmdir(folder).then(
            () => true,
            (error: unknown) => errorCode(error) === 'ENOENT',
          )
          if (removed) continue
        }
        if (!(await exists(join(folder, 'item.json')))) {
          if (!(await hasConflictCopies(folder))) continue
          // Only a copy is there: the merge puts it in place as the record (nothing else to merge it with).
          await mergeItem(id)
        }
        logEvent({ event: 'repair', what: 'record-back-before-folder-removed', ids: [id] })
        await takeInRecord(id, { index: true })
        revived = true
      }
      if (revived) writes().bumpRevision()
    })
    await syncFolder(layout.items)
  }

  /** Merges the conflict copies of these items and of the library-wide records; their files are then taken in as any outside change. */
  async function mergeConflicts(ids: string[]): Promise<number> {
    const now = new Date().toISOString()
    let merged = 0
    let kept = 0
    // Under the write lock, as every merge: no change of this machine writes those files meanwhile.
    const shared = await writeTransaction(async () => {
      const outcome = await mergeSharedConflicts(layout, now)
      await logWritten(outcome.written)
      if (outcome.merged) await Promise.all([loadSettings(), loadSharedRecords()])
      return outcome
    }).catch((error: unknown) => {
      logEvent({ event: 'unexpected-error', where: 'archive', error: summarizeError(error) })
      return { merged: 0, kept: 0 }
    })
    merged += await tidyConflictsFolder(layout)
    merged += shared.merged
    kept += shared.kept
    // Looked for a few folders at a time: a scan asks this of every item.
    const found = new Set<string>()
    await inParallel(ids, async (id) => {
      if (await hasConflictCopies(layout.itemFolder(id))) found.add(id)
    })
    for (const id of ids) {
      if (!found.has(id)) continue
      // One item that cannot be merged (a full disk, a copy we cannot read) holds up none of the others.
      const outcome = await writeTransaction(async () => mergeItem(id)).catch((error: unknown) => {
        logEvent({ event: 'unexpected-error', where: 'archive', error: summarizeError(error) })
        return { merged: 0, kept: 0 }
      })
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
    const outcome = await mergeItem(id)
    report.merged += outcome.merged
    report.kept += outcome.kept
    // A copy that could not be merged (unreadable, or of a newer Scriptorium) stays for check to report; the change goes on.
    if (!outcome.merged) return
    throw new ArchiveError('conflict', `Item ${id} had a sync tool's conflict copy beside it, now merged; its merged version is shown now. Make your change again.`)
  }

  /** Every merge of an item's conflict copies (under the write lock): what it wrote is logged at once, whatever becomes of the change it runs in. */
  async function mergeItem(id: string): Promise<MergeOutcome> {
    const outcome = await mergeItemConflicts(layout, id)
    await logWritten(outcome.written)
    return outcome
  }

  /**
   * Item files written outside a change of this store (a merge, a restore, a repair) go in this
   * device's change log (changeLogWriter.logFiles): at once under the write lock held, else in a
   * change of their own, which takes it.
   */
  async function logWritten(paths: string[]): Promise<void> {
    if (!paths.length) return
    if (writing()) {
      if (onDisk) await changeLog.logFiles(paths)
      return
    }
    await ensureOpen()
    if (onDisk) await writeTransaction(() => changeLog.logFiles(paths))
  }

  /** Takes in records changed outside this process; a citation key now held by two items goes to the first added. */
  async function takeInOutside(changed: string[]): Promise<void> {
    if (!changed.length) return
    report.lastOutsideChange = new Date().toISOString()
    const holding = changed.length >= HOLD_MERGES_FROM
    await writeTransaction(async () => {
      const endHold = holding ? search.holdMerges(db().writer) : null
      await takeInRecords(search.indexOrder(db().writer, changed), { index: true })
      for (const id of changed) {
        const item = rows().get(id)?.item
        if (!item) continue
        const holders = rows().withCitekey(item.citekey)
        for (const other of holders.slice(1)) await renameCitekey(other, holders[0])
      }
      writes().bumpRevision()
      endHold?.()
    })
    // The merging it held is done once the store is quiet; a command's process leaves it to the next long-running one.
    if (holding && indexInBackground) mergeSoon()
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
    await keepForUndo(join(layout.itemFolder(id), 'item.json'))
    const stamp = await writeRecord(item, row.revision + 1, stampedRecordChanges(item, row.item))
    writes().put(item, row.revision + 1, stamp)
    await indexItem(item)
    const kept = await keepConflict(layout, {
      itemId: id,
      file: 'citekey',
      keys: ['citekey'],
      savedAt: row.item.addedAt,
      from: `item ${keeper}`,
      title: `The citation key ${base} was given to two items on two machines; "${String(row.item.csl.title ?? id)}" is now ${key}. Keep this version to give it back ${base} (the other item then gets a suffix).`,
      version: itemRecord(row.item, row.revision, { versions: {}, changes: {} }),
    })
    if (kept) report.kept++
  }

  async function readConflict(name: string): Promise<ConflictEntry | null> {
    if (!/^[A-Za-z0-9._-]+\.json$/.test(name)) return null
    try {
      const entry = JSON.parse(readPlainFileSync(join(layout.conflicts, name))) as ConflictEntry
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
      let text = '{}'
      try {
        text = readPlainFileSync(path)
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') throw storageError(error, `read ${path}`)
      }
      const current = JSON.parse(text) as Record<string, unknown>
      for (const key of entry.keys) current[key] = version[key]
      await writeFileDurably(path, `${JSON.stringify(current, null, 2)}\n`)
      return
    }
    const current = rows().get(entry.itemId)?.item
    if (!current) throw new ArchiveError('not_found', `The item ${entry.itemId} of this kept version is no longer in the library.`)
    if (entry.file === ANNOTATIONS_CONFLICT_FILE) {
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

  /**
   * Why changes made elsewhere cannot be read now, or null: a link a sync tool brought in place of
   * items/ or devices/ while the app runs (one found at open is refused there) would lead those reads
   * out of the library. Looked at each time (two lstats), so the Sync panel clears once the link is gone.
   */
  function outsideChangesRefusal(): ArchiveError | null {
    const link = [layout.items, join(location, 'devices')].map((path) => linkOnTheWay(location, path)).find(Boolean)
    return link ? storageError(linkRefusal(link), `take in the changes made elsewhere in ${location}`) : null
  }

  function refuseLinksOutOfLibrary(): void {
    const refusal = outsideChangesRefusal()
    if (refusal) throw refusal
  }

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
      await loadSharedRecords()
    },

    // The shared records' stamps too: collections or saved searches that another machine changed alter no row here.
    revision: () => (database && onDisk ? `${rows().revision()}:${settingsCache.stamp}:${collectionsFile.stamp}:${savedSearchesFile.stamp}` : 'absent'),

    async mutate(change) {
      await ensureOpen()
      await ensureOnDisk()
      return writeTransaction(async () => {
        await loadSettings()
        await loadSharedRecords()
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
    prepareItems,

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
      const onDisk = await keepForUndo(join(layout.itemFolder(item.id), 'item.json'))
      try {
        const stamp = await writeRecord(item, current.revision + 1, stampedRecordChanges(item, current.item, onDisk))
        crashPoint('after-record')
        writes().put(item, current.revision + 1, stamp)
      } catch (error) {
        throw storageError(error, `save item ${item.id}`)
      }
      await indexItem(item)
      writes().bumpRevision()
    },

    async remove(ids) {
      const gone = new Set<string>()
      const changed: string[] = []
      // The files first, a few at a time (each waits on the disk), then the rows.
      await inParallel(ids, async (id) => {
        const folder = layout.itemFolder(id)
        // Compare-and-swap, as put: a record a sync tool changed (restored, edited) is taken in, not deleted.
        const known = rows().get(id)
        if (known && (await recordStamp(id)) !== known.fileStamp) {
          changed.push(id)
          return void (await intend(id))
        }
        await intend(id)
        await keepForUndo(join(folder, 'item.json'))
        await journalReplacing(join(folder, 'item.json'), null)
        // The record goes first: a folder without one is a leftover, never an item again.
        await unlink(join(folder, 'item.json')).catch((error: unknown) => {
          if (errorCode(error) !== 'ENOENT') throw storageError(error, `delete item ${id}`)
        })
        gone.add(id)
      })
      crashPoint('after-record-removed')
      for (const id of ids) {
        if (gone.has(id)) {
          changeLog.note({ id, deleted: true })
          writes().remove(id)
          search.remove(db().writer, id)
        } else await takeInRecord(id, { index: true })
      }
      // The rest of each folder goes once the change is committed (its intent stays until then).
      if (gone.size) afterCommit.push(() => removeDeletedFolders([...gone]))
      writes().bumpRevision()
      return { changed }
    },

    async putMany(items, { reindex = true } = {}) {
      if (!items.length) return
      const current = items.map((item) => {
        const row = rows().get(item.id)
        if (!row) throw new ArchiveError('not_found', `There is no item with id "${item.id}".`)
        return row
      })
      // Compare-and-swap, as put: one record changed under us (or with a conflict copy beside it) refuses
      // the whole change. The records are looked at a few at a time; a change of a thousand items waits
      // on a thousand folders.
      await inParallel([...items.keys()], async (index) => {
        const { id } = items[index]
        await mergeBeforeChange(id)
        if ((await recordStamp(id)) !== current[index].fileStamp) {
          await intend(id)
          throw new ArchiveError('conflict', `Item ${id} was changed outside this window (by a sync tool or another copy of Scriptorium) meanwhile; its new version is shown now. Make your change again.`)
        }
      })
      // A change of many items (a tag on a thousand) answers once its records and the catalog are
      // written; their words are indexed from the durable queue right after, a batch per transaction,
      // and a search meanwhile says how far indexing is. Tags are in the index at once, for tag:.
      const inline = !indexInBackground || items.length <= INLINE_INDEX_LIMIT
      if (reindex && !inline) afterCommit.push(indexQueuedSoon)
      // One intent names them all. Then a chunk of records at a time: their old bytes in the undo
      // journal in one append, all written and flushed together (replaceFilesDurably), then catalogued.
      await intendAll(items.map((item) => item.id))
      // Chunked in the index's order, so that an inline index takes its items in that order (indexOrder).
      const rank = new Map(search.indexOrder(db().writer, items.map((item) => item.id)).map((id, at) => [id, at]))
      const order = [...items.keys()].sort((a, b) => rank.get(items[a].id)! - rank.get(items[b].id)!)
      // Their folders are flushed after the last rename: a flush under way makes every file create
      // and rename on this thread wait for the file system's journal.
      const folders: string[] = []
      for (let start = 0; start < items.length; start += RECORD_CHUNK) {
        const chunk = order.slice(start, start + RECORD_CHUNK)
        const files = chunk.map((index) => {
          const item = items[index]
          const path = join(layout.itemFolder(item.id), 'item.json')
          const before = keepForUndo(path)
          const changes = stampedRecordChanges(item, current[index].item, before)
          return { path, before, changes, text: recordText(item, current[index].revision + 1, changes) }
        })
        // The catalog's rows are written (in this uncommitted transaction) while the records flush; an
        // inline index waits for them, as its reads of the content would compete with the flushes.
        const catalogue = async (stamps: string[]) => {
          for (const [at, index] of chunk.entries()) {
            const item = items[index]
            changeLog.note({ id: item.id, file: 'item.json', versions: files[at].changes.versions })
            writes().put(item, current[index].revision + 1, stamps[at])
            if (reindex && !inline) {
              search.retag(db().writer, item.id, item.tags)
              writes().queueForIndex(item.id)
            }
            // Now and then back to the event loop, which hands the thread pool its next flushes.
            if (at % CATALOG_SLICE === CATALOG_SLICE - 1) await new Promise(setImmediate)
          }
          // The rows are written and the records' temp files may still be flushing: none is renamed yet.
          crashPoint('after-records-catalogued')
        }
        try {
          // Not through a link brought in place of items/ since the open (an item folder that is a link is no item).
          refuseLinkOnTheWay(location, layout.items)
          for (const { path, text } of files) wrote.get(path)!.after = text
          if (onDisk) await journal.replacingAll(files.map(({ path, before, text }) => ({ file: path, before, after: text })))
          await replaceFilesDurably(files, catalogue)
        } catch (error) {
          throw storageError(error, chunk.length === 1 ? `save item ${items[chunk[0]].id}` : `save ${chunk.length} items`)
        }
        folders.push(...files.map(({ path }) => dirname(path)))
        if (reindex && inline) for (const index of chunk) await indexItem(items[index])
        crashPoint('after-record-chunk')
      }
      for (const folder of folders) await flushFolderSoon(folder)
      crashPoint('after-record')
      writes().bumpRevision()
    },

    collectionRecords: () => collectionsFile.records(),
    async putCollectionRecords(records) {
      await collectionsFile.write(records)
      writes().bumpRevision()
    },
    savedSearchRecords: () => savedSearchesFile.records(),
    async putSavedSearchRecords(records) {
      await savedSearchesFile.write(records)
      writes().bumpRevision()
    },
    listInCollections: (collectionIds, { offset, limit } = {}) => rows().listInCollections(collectionIds, offset, limit),
    idsInCollections: (collectionIds) => rows().idsInCollections(collectionIds),
    countInCollections: (collectionIds) => rows().countInCollections(collectionIds),
    tagCounts: () => rows().tagCounts(),
    idsWithTag: (tag) => rows().idsWithTag(tag),
    async matchIds(query) {
      asked++
      await ensureOpen()
      return search.matchIds(db().reader, query, searchScope)
    },
    async matchCompactly(query) {
      asked++
      await ensureOpen()
      return search.matchCompactly(db().reader, query, searchScope)
    },

    readContent,
    readPdf,
    readAnnotations,

    async writeAnnotations(id, file) {
      // This device's own file only: another device's (or the legacy annotations.json) is read, never written.
      const path = ownAnnotationPath(layout.itemFolder(id), layout.device)
      await mergeBeforeChange(id)
      await intend(id)
      await keepForUndo(path)
      try {
        // The stamps build on every device's file: what this write leaves unchanged keeps its newest version.
        const { merged: before, lost, ownSetAside } = await readItemAnnotations(layout.itemFolder(id), layout.device)
        // A version that lost a clash between two files is in no file once this one (which has seen both) is folded in first.
        report.kept += await keepLostAnnotations(layout, id, lost)
        const changes = stampChanges(readChangeState(before[ANNOTATION_CHANGES]), annotationValues(before), annotationValues(file), layout.device, new Date().toISOString())
        await writeChangeFile(path, ownAnnotationText({ ...file, [ANNOTATION_CHANGES]: changes } as StampedAnnotationFile, ownSetAside))
        changeLog.note({ id, file: annotationFileName(layout.device), versions: changes.versions })
      } catch (error) {
        throw storageError(error, `save the annotations ${path}`)
      }
      crashPoint('after-annotations')
      const item = rows().get(id)?.item
      // The app answers a highlight once it is on disk and queued durably in the catalog: re-indexing
      // the item costs as much as its text is long (a 300-page PDF), and follows at once, outside the change.
      if (item && indexInBackground) {
        writes().queueForIndex(id)
        afterCommit.push(indexQueuedSoon)
      } else if (item) await indexItem(item, undefined, file)
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
      // Plain files only, in a folder that is no link: a sync tool's link would have a file of the machine read as a style.
      if (linkOnTheWay(location, layout.styles)) return []
      try {
        names = (await readdir(layout.styles, { withFileTypes: true })).filter((entry) => entry.isFile() && entry.name.endsWith('.csl')).map((entry) => entry.name).sort()
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return []
        throw storageError(error, `read the citation styles in ${layout.styles}`)
      }
      return Promise.all(names.map(async (name) => ({ id: name.slice(0, -4), xml: (await readPlainFile(join(layout.styles, name))).toString('utf8') })))
    },

    async putUserStyle(id, xml) {
      const path = join(layout.styles, `${id}.csl`)
      try {
        refuseLinkOnTheWay(location, layout.styles)
        await mkdir(layout.styles, { recursive: true })
        await writeFileDurably(path, xml)
      } catch (error) {
        throw storageError(error, `save the citation style ${path}`)
      }
    },

    async removeUserStyle(id) {
      const path = join(layout.styles, `${id}.csl`)
      try {
        refuseLinkOnTheWay(location, layout.styles)
        await rm(path, { force: true })
      } catch (error) {
        throw storageError(error, `remove the citation style ${path}`)
      }
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
      asked++
      await ensureOpen()
      if (query.complete) await store.indexQueued()
      const reader = db().reader
      const results = search.search(reader, query, searchScope)
      // Both from the reader: the writer would count the queue of a change not yet committed against the committed items.
      const waiting = catalogRows(reader).queueSize()
      if (waiting) {
        const total = catalogRows(reader).counts()
        results.indexing = { indexed: Math.max(0, total.items + total.trashed - waiting), total: total.items + total.trashed }
      }
      return results
    },

    async scanFiles() {
      await ensureOpen()
      if (!onDisk) return { changed: 0 }
      refuseLinksOutOfLibrary()
      await writeStignore(layout).catch(() => {})
      const folders = await itemFolders()
      const merged = await mergeConflicts(folders)
      const known = catalogRows(db().reader).stamps()
      const changed: string[] = []
      const stamps = new Map<string, string>()
      await inParallel(folders, async (id) => void stamps.set(id, `${await recordStamp(id)}|${await annotationsStamp(id)}`))
      for (const id of folders) {
        const stamp = stamps.get(id)!
        const was = known.get(id)
        // A set-aside record ('*' for its annotations) is compared by its record alone.
        if (was !== stamp && was !== `${stamp.split('|')[0]}|*`) changed.push(id)
        known.delete(id)
      }
      // Gone, or a link set aside already (a link is not listed as a folder): the latter is not taken in again at every scan.
      for (const [id, was] of known) if (was !== `${linkStamp(itemFolderInfo(id))}|*`) changed.push(id)
      await takeInOutside(changed)
      return { changed: Math.max(changed.length, merged) }
    },

    async takeInChanges(ids) {
      await ensureOpen()
      if (!onDisk) return { changed: 0 }
      refuseLinksOutOfLibrary()
      // Only these items' folders are looked at (no listing of items/): a change costs the same at any library size.
      const unique = [...new Set(ids.filter(isSafeItemId))]
      // Only plain folders are items, as in a full scan: a link (which a sync tool can carry) would lead writes outside the library.
      const present = new Set(unique.filter(isPlainFolder))
      const merged = await mergeConflicts(unique.filter((id) => present.has(id)))
      const known = catalogRows(db().reader)
      const differ = new Set<string>()
      await inParallel(unique, async (id) => {
        const row = known.get(id)
        const stamp = present.has(id) ? await recordStamp(id) : null
        if (!row ? stamp !== null : row.fileStamp !== stamp || row.annotationsStamp !== (await annotationsStamp(id))) differ.add(id)
      })
      const changed = unique.filter((id) => differ.has(id))
      await takeInOutside(changed)
      await loadSettings()
      return { changed: Math.max(changed.length, merged) }
    },

    async syncStatus() {
      const kept = (await readdir(layout.conflicts).catch(() => [] as string[])).filter((name) => name.endsWith('.json')).length
      const deviceName = (await readDeviceNames(location))[layout.device] ?? null
      return { tool: await detectSyncTool(location), device: layout.device, deviceName, lastOutsideChange: report.lastOutsideChange, merged: report.merged, kept, problem: outsideChangesRefusal()?.message ?? changeLog.problem() }
    },

    device: layout.device,
    deviceNames: () => readDeviceNames(location),
    async putDeviceName(name) {
      try {
        await writeDeviceName(location, layout.device, name)
      } catch (error) {
        throw storageError(error, `save the name of this device in ${location}`)
      }
      writes().bumpRevision()
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
      // Settled here, it stays settled on a machine that meets the same clash later.
      await markSettled(layout, name)
      await unlink(join(layout.conflicts, name)).catch((error: unknown) => {
        if (errorCode(error) !== 'ENOENT') throw storageError(error, `remove the kept version ${name}`)
      })
      writes().bumpRevision()
    },

    async indexQueued(options = {}) {
      // A background run under way finishes first: its items are not indexed twice, nor counted done early.
      while (indexing) await indexing
      await indexQueuedNow(options)
    },

    logWritten,

    buildSearchLists() {
      building ??= (async () => {
        await ensureOpen()
        if (!onDisk || readOnly) return
        while (await writeTransaction(async () => search.buildLists(db().writer))) {
          crashPoint('after-search-lists-step')
          // Between steps, whatever waits (a search, a change, IPC) goes first.
          await new Promise((resolve) => setImmediate(resolve))
          // Closed meanwhile (the app quitting): the next process resumes from the marker.
          if (!database) return
        }
      })().finally(() => (building = null))
      return building
    },

    async mergeSearchIndex() {
      // A merge in the background may give way before the end: this one goes on to one piece.
      while (mergingWhole) await mergingWhole
      wholeWanted = true
      await mergeWhole({ givingWay: false })
    },

    close() {
      checkpoint.cancel()
      if (mergeWholeTimer) clearTimeout(mergeWholeTimer)
      mergeWholeTimer = null
      database?.close()
      database = null
      opening = null
      onDisk = false
    },
  }

  return store
}

/** item.json, or a sync tool's conflict copy of it: what a deleted item's folder must never lose. */
function isRecordOrCopy(name: string): boolean {
  return name === 'item.json' || readConflictCopyName(name)?.original === 'item.json'
}

function recordText(item: Item, revision: number, changes: ChangeState): string {
  return `${JSON.stringify(itemRecord(item, revision, changes), null, 2)}\n`
}

/** A flush awaited later: a failure then is the change's, never an unhandled rejection meanwhile. */
function quietly(flush: Promise<void>): Promise<void> {
  flush.catch(() => {})
  return flush
}

/** Whether a process of this machine still runs (intents are per device); a pid taken again by another program counts as live. */
function isLive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return errorCode(error) === 'EPERM'
  }
}

/** Reads and writes of many item folders, a few at a time: enough to overlap their waits on the disk. */
function inParallel<T>(entries: T[], work: (entry: T) => Promise<void>): Promise<void> {
  return eachAtMost(entries.length, 8, (index) => work(entries[index]))
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
