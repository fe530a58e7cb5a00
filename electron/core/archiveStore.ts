import type { AnnotationFile } from './annotations/annotationModel'
import type { Item, LibrarySettings } from './archiveApi'

/** The files of one item, written once when it is added. */
export interface ItemFiles {
  /** The sanitized archived article; never rewritten after saving. */
  contentHtml: string
  /** The original bytes as received, for provenance and re-extraction. */
  source: Uint8Array
  sourceExtension: string
}

/** Persistence as the archive service sees it; electron/node implements it on lowdb and plain files. */
export interface ArchiveStore {
  readonly location: string
  readonly schemaVersion: number
  /** Loads the catalog, or reloads it when another process (the CLI, the app) has changed it. */
  refresh(): Promise<void>
  /** Changes whenever the catalog on disk does, whoever wrote it: lets a window see another process's edits. */
  revision(): string
  /**
   * Runs a change while holding the library's write lock, which the app and every CLI process share,
   * after reloading the catalog if another process changed it.
   */
  mutate<T>(change: () => Promise<T>): Promise<T>
  all(): Item[]
  find(id: string): Item | undefined
  hasCitekey(citekey: string): boolean
  /** Writes the item's folder, then the catalog; on failure neither is left behind. */
  add(item: Item, files: ItemFiles): Promise<void>
  /** Adds several items with one catalog write, as a chunk of a reference file arrives; on failure none is left behind. */
  addMany(entries: { item: Item; files: ItemFiles }[]): Promise<void>
  /** Replaces an item and persists the catalog; on failure the previous version stays. */
  put(item: Item): Promise<void>
  /** Drops items from the catalog, then deletes their folders; the catalog is written first, so a crash leaves stray folders, never entries without files. */
  remove(ids: string[]): Promise<void>
  readContent(id: string): Promise<string>
  /** The item's annotations; an empty file when it has none yet. */
  readAnnotations(id: string): Promise<AnnotationFile>
  /** Replaces the item's annotations file atomically; the catalog is not touched. */
  writeAnnotations(id: string, file: AnnotationFile): Promise<void>
  /** Library-wide preferences kept in the catalog; undefined until first changed. */
  settings(): Partial<LibrarySettings>
  putSettings(settings: Partial<LibrarySettings>): Promise<void>
  /** The user's own CSL styles, kept as styles/<id>.csl in the library folder. */
  listUserStyles(): Promise<{ id: string; xml: string }[]>
  putUserStyle(id: string, xml: string): Promise<void>
  removeUserStyle(id: string): Promise<void>
  /** Writes a file outside the library atomically, as auto-export keeps a .bib or CSL-JSON file current. */
  writeExportFile(path: string, content: string): Promise<void>
  /** Where an auto-export would write: the path made whole and normal, whether it lies in the library, and what is there now. */
  inspectExportTarget(path: string): Promise<{ path: string; insideLibrary: boolean; kind: 'file' | 'folder' | 'none' }>
  /** When that file was last changed (ISO), or null when it does not exist. */
  exportFileModified(path: string): Promise<string | null>
  /** The lines of the persisted search index (derived data, index/search-index.json); null when there is none. */
  readSearchIndex?(): Promise<string[] | null>
  /** Replaces the persisted search index atomically, one line per entry. */
  writeSearchIndex?(lines: string[]): Promise<void>
  /** Records that these items changed (index/search-changes.log), for the search index of every process. */
  appendSearchChanges?(ids: string[]): Promise<void>
  /** The items recorded as changed since a position in that journal. */
  readSearchChanges?(since: SearchChangesPosition): Promise<SearchChanges>
  /**
   * Saves the index and keeps of the journal only the lines after `since`, under `generation`;
   * false, saving nothing, when another process saved the index since this one last read it.
   */
  saveSearchIndex?(lines: string[], since: SearchChangesPosition, generation: string): Promise<boolean>
}

/** How far a process has read the journal of search changes. */
export interface SearchChangesPosition {
  /** Named in the journal's first line; '' for a journal without one. */
  generation: string
  /** Which file was read (a save replaces it); undefined when none was read yet. */
  file?: string
  /** Bytes read, up to the end of the last complete line. */
  offset: number
}

export interface SearchChanges {
  position: SearchChangesPosition
  ids: string[]
  /** The journal is of another generation: another process saved the index, which should be loaded again. */
  superseded: boolean
}
