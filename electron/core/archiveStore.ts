import type { AnnotationFile } from './annotations/annotationModel'
import type { Item, ItemMatches, LibrarySettings, SearchQuery, SearchResults, TagCount } from './archiveApi'
import type { DuplicateKeys } from './capture/findDuplicate'
import type { CollectionRecord } from './organize/collectionTree'
import type { SavedSearchRecord } from './organize/savedSearchRecord'
import type { ConflictEntry } from './sync/conflictEntry'
import type { SyncStatus } from './archiveApi'

/** The files of one item, written once when it is added. */
export interface ItemFiles {
  /** The sanitized archived article; never rewritten after saving. */
  contentHtml: string
  /** The original bytes as received, for provenance and re-extraction. */
  source: Uint8Array
  sourceExtension: string
  /** The article's text as readArticleStructure reads contentHtml, when the importer has read it already: the index takes it instead of parsing the HTML again. */
  text?: string
}

/** New items' folders written ahead of their change; `release` removes those the change did not add. */
export interface PreparedItems {
  release(): Promise<void>
}

/**
 * Persistence as the archive service sees it; electron/node implements it with one record file per
 * item (the truth) and a per-machine SQLite catalog and search index derived from them.
 *
 * Reads answer from the last committed state and never wait for a write. Writes happen inside
 * `mutate`, which holds the library's write lock only for the change itself.
 */
export interface ArchiveStore {
  readonly location: string
  readonly schemaVersion: number
  /** Opens the library (converting an older layout once) and catches up with changes made elsewhere. */
  refresh(): Promise<void>
  /** Changes whenever the catalog does, whoever wrote it: lets a window see another process's edits. */
  revision(): string
  /**
   * Runs a change while holding the library's write lock, which the app and every CLI process share.
   * Inside it, reads see the change so far; outside, the last committed state.
   */
  mutate<T>(change: () => Promise<T>): Promise<T>
  /** Every item; O(library), for exports. */
  all(): Item[]
  /** Items in or out of the trash, most recently added first. */
  list(options: { trash: boolean; offset?: number; limit?: number }): Item[]
  counts(): { items: number; trashed: number }
  find(id: string): Item | undefined
  findByCitekey(citekey: string): Item | undefined
  hasCitekey(citekey: string): boolean
  /** The item outside the trash that a new one with these keys would repeat, and why. */
  findDuplicate(keys: DuplicateKeys): { item: Item; reason: string } | undefined
  /** Items whose record could not be read: set aside, named, and left untouched on disk. */
  setAside(): { id: string; reason: string }[]
  /** Writes the item's folder and record; on failure nothing is left behind. */
  add(item: Item, files: ItemFiles): Promise<void>
  /** Adds several items at once, as a chunk of a reference file arrives; on failure none is left behind. */
  addMany(entries: { item: Item; files: ItemFiles }[]): Promise<void>
  /**
   * Writes new items' files (content, source, record) before the write lock is taken, called outside
   * `mutate`: `add`/`addMany` of an item with the same id and files inside it then only publish them,
   * and the lock is held for the commit alone. Call `release` when the change is over, whatever its outcome.
   */
  prepareItems(entries: { item: Item; files: ItemFiles }[]): Promise<PreparedItems>
  /** Replaces an item's record; on failure the previous version stays. */
  put(item: Item): Promise<void>
  /**
   * Deletes items for good, record first, then their folders. An item whose record changed on disk
   * since it was read (a sync tool restored or edited it) is not deleted but taken in again: its id
   * is in `changed`, for the caller to decide again on what it now holds.
   */
  remove(ids: string[]): Promise<{ changed: string[] }>
  readContent(id: string): Promise<string>
  /** The item's source.pdf as it was received. */
  readPdf(id: string): Promise<Uint8Array>
  /** The item's annotations; an empty file when it has none yet. Malformed entries are set aside. */
  readAnnotations(id: string): Promise<AnnotationFile>
  /** Replaces the item's annotations file atomically and re-indexes the item. */
  writeAnnotations(id: string, file: AnnotationFile): Promise<void>
  /** Library-wide preferences (settings.json); undefined until first changed. */
  settings(): Partial<LibrarySettings>
  putSettings(settings: Partial<LibrarySettings>): Promise<void>
  /** The user's own CSL styles, kept as styles/<id>.csl in the library folder. */
  listUserStyles(): Promise<{ id: string; xml: string }[]>
  putUserStyle(id: string, xml: string): Promise<void>
  removeUserStyle(id: string): Promise<void>
  /** Writes a file outside the library atomically, as auto-export keeps a .bib or CSL-JSON file current. */
  writeExportFile(path: string, content: string): Promise<void>
  /** Where an export would write: the path made whole and normal, whether it lies in the library, and what is there now. */
  inspectExportTarget(path: string): Promise<{ path: string; insideLibrary: boolean; kind: 'file' | 'folder' | 'none' }>
  /** When that file was last changed (ISO), or null when it does not exist. */
  exportFileModified(path: string): Promise<string | null>
  /** What this process saw of folder sync since it opened the library. */
  syncStatus(): Promise<SyncStatus>
  /** This machine's name in change stamps and on the annotations it makes. */
  readonly device: string
  /** The names users gave their devices (see setDeviceName), by device. */
  deviceNames(): Promise<Record<string, string>>
  /** Inside `mutate`: names this device; '' takes the name away. */
  putDeviceName(name: string): Promise<void>
  /** The versions merges kept in conflicts/, by file name. */
  listConflicts(): Promise<{ name: string; entry: ConflictEntry }[]>
  /** Inside `mutate`: puts the kept version's values back (keep) or just forgets it, then removes it. */
  resolveConflict(name: string, keep: boolean): Promise<void>
  /** Full-text search over the derived index; malformed queries throw an ArchiveError in words. */
  search(query: SearchQuery): Promise<SearchResults>

  /**
   * Replaces several items' records in one change, their files written side by side. `reindex: false`
   * when the change touches nothing the search index holds (collections), so their index entries stay.
   */
  putMany(items: Item[], options?: { reindex?: boolean }): Promise<void>
  /** collections.json, tombstones included; [] until the first collection is made. */
  collectionRecords(): CollectionRecord[]
  putCollectionRecords(records: CollectionRecord[]): Promise<void>
  /** searches.json, tombstones included. */
  savedSearchRecords(): SavedSearchRecord[]
  putSavedSearchRecords(records: SavedSearchRecord[]): Promise<void>
  /** Items outside the trash in any of these collections, most recently added first. */
  listInCollections(collectionIds: string[], page?: { offset?: number; limit?: number }): Item[]
  /** The ids of the items outside the trash in any of these collections. */
  idsInCollections(collectionIds: string[]): string[]
  /** How many items outside the trash are in any of these collections. */
  countInCollections(collectionIds: string[]): number
  /** The ids of every item outside the trash that a query matches (collection: included). */
  matchIds(query: string): Promise<string[]>
  /** The same, or the items it does not match when those are fewer: for a table that filters the items it holds. */
  matchCompactly(query: string): Promise<ItemMatches>
  tagCounts(): TagCount[]
  /** The items with this tag, whatever its case, the trash included. */
  idsWithTag(tag: string): string[]
}
