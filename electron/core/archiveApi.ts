import type { StoredAnnotation, HighlightColor } from './annotations/annotationModel'
import type { CslItem, CslName, CslType } from './cslItem'
import type { SearchSnippet } from './search/makeSnippets'
import type { PdfArea } from './pdf/pdfAreaSelector'
import type { PdfPages } from './pdf/pdfPages'
import type { PageSpan } from './pdf/pageSpan'
import type { ReferenceEntry, ReferenceFormat as ReferenceFileFormat } from './references/referenceFormat'
import type { LibraryBackup, LibraryCheck, RestoreReport } from './libraryHealth'
import type { ConflictSummary } from './sync/conflictEntry'

export type { SearchSnippet, ReferenceEntry, ReferenceFileFormat, PdfPages, PageSpan, PdfArea, ConflictSummary }

/** How the library folder is synced, as far as this machine can tell. */
export interface SyncStatus {
  /** The sync tool the folder seems to be in: a .stfolder (Syncthing), or a Dropbox or Nextcloud folder above it; null when none is seen. */
  tool: 'syncthing' | 'dropbox' | 'nextcloud' | null
  /** This machine's name in change stamps. */
  device: string
  /** The name its user gave it, shown on the highlights and notes it makes; null when none was given. */
  deviceName: string | null
  /** When a change made elsewhere was last taken in by this process (ISO), or null. */
  lastOutsideChange: string | null
  /** Conflict copies merged since the app started. */
  merged: number
  /** Versions kept in conflicts/ for the user, now. */
  kept: number
  /** What keeps this machine from taking in changes made elsewhere, or from announcing its own, in words; null when nothing does. */
  problem: string | null
}

/** How an item was received, kept for provenance. */
export interface ItemSource {
  fileName: string
  mediaType: string
  /** The character encoding the text was decoded from, e.g. "utf-8" or "windows-1252". */
  encoding: string
  byteLength: number
}

/** One archived source as every transport returns it: JSON-safe, dates as ISO strings. */
export interface Item {
  id: string
  /** Pinned when the item is added; edits to the metadata never change it. */
  citekey: string
  csl: CslItem
  tags: string[]
  addedAt: string
  modifiedAt: string
  /** Set while the item is in the trash. */
  trashedAt: string | null
  source: ItemSource
  /** Set while the title is the importer's guess from the first sentence, until the user edits it. */
  titleInferred?: boolean
  wordCount: number
  paragraphCount: number
  /** A fingerprint of the archived text, to find the same article saved twice. */
  contentDigest?: string
  /** The ids of the collections it is in (see Collection); absent when it is in none. */
  collections?: string[]
  /** Set for a PDF (kept unchanged as source.pdf): its pages, their labels and where each begins in the archived text. */
  pdf?: PdfPages
}

/** A collection as every transport shows it; collections nest, and an item can be in several. */
export interface Collection {
  /** Stable across renames and moves, so a sync tool can merge collections.json field by field. */
  id: string
  name: string
  /** The collection it is nested in; null at the top. */
  parentId: string | null
  modifiedAt: string
  /** The items (not in the trash) in it or in its subcollections. */
  itemCount: number
}

/** A query kept under a name: a live list, run again each time it is opened. */
export interface SavedSearch {
  id: string
  name: string
  query: string
  modifiedAt: string
}

export interface TagCount {
  tag: string
  /** Items outside the trash that carry it. */
  count: number
}

/** Which items listItems and matchItems answer with; all of them given together must hold. */
export interface ItemFilter {
  /** A collection's id: its items and those of its subcollections. */
  collectionId?: string
  /** A query in the search language; every match, not only the first page. */
  query?: string
}

/**
 * The items a filter lets through: their ids, or, when a query matches more than half of the library
 * (a word's first letters), the ids of the items it leaves out; 100,000 ids cost more to send and to
 * look up than the few left out. See matchesOf for the test a table applies.
 */
export type ItemMatches = { ids: string[] } | { except: string[] }

export interface ArticleContent {
  id: string
  /** Sanitized at import: paragraphs carry data-para="N" (1-based, headings not counted). */
  html: string
}

/** A PDF's own file (source.pdf), unchanged, for the reader to draw its pages. */
export interface PdfFileContent {
  id: string
  dataBase64: string
}

export interface FileUpload {
  name: string
  dataBase64: string
}

export interface ImportFailure {
  name: string
  message: string
  /** Set when the file repeats an item already in the library. */
  duplicateOf?: string
  /** For addReferences: the place of the refused entry in the chunk's entries, to add it anyway. */
  entry?: number
}

export interface ImportReport {
  added: Item[]
  failed: ImportFailure[]
  /** What changed on the way in that the user must know: a citation key that could not be kept as written. */
  notes?: ImportFailure[]
}

/** A .bib, .ris or CSL-JSON file as read, before anything is added. */
export interface ReferenceFileContents {
  format: ReferenceFileFormat
  /** The character encoding the file was decoded from, kept as each item's provenance. */
  encoding: string
  entries: ReferenceEntry[]
  /** One sentence per entry that could not be read, naming its key or line. */
  problems: string[]
}

/** One chunk of a reference file's entries, added under one lock with one catalog write. */
export interface ReferenceChunk {
  /** The file's name, kept as each item's source. */
  name: string
  format: ReferenceFileFormat
  encoding?: string
  entries: ReferenceEntry[]
  allowDuplicate?: boolean
}

/** A metadata edit: only the fields present change; "" (or an empty list) clears a field. */
export interface ItemPatch {
  title?: string
  author?: CslName[]
  /** The editors and translators, as the author list; [] clears them. */
  editor?: CslName[]
  translator?: CslName[]
  /** "YYYY", "YYYY-MM" or "YYYY-MM-DD"; "" clears it. */
  issued?: string
  containerTitle?: string
  URL?: string
  type?: CslType
  language?: string
  tags?: string[]
  /** A new citation key; it must be unique, and only ever changes this way. */
  citekey?: string
  /** "10.xxxx/…"; a doi.org address or "doi:" prefix is reduced to the DOI itself. */
  DOI?: string
  volume?: string
  issue?: string
  /** A page or a range, as "45-67". */
  page?: string
  publisher?: string
}

/** A highlight as every transport shows it. */
export interface Highlight {
  id: string
  quote: string
  color: HighlightColor
  /** Markdown; "" when there is none. */
  note: string
  /** The 1-based paragraph of the archived text, as an APA "para. N" locator cites it. */
  paragraph: number | null
  /** The paragraph it ends in: the same as paragraph unless it runs across several. */
  lastParagraph: number | null
  heading: string | null
  /** On a PDF: the pages it runs over, with the labels they print ("iv", "12"), which a citation gives as "p. 12". */
  pages?: PageSpan
  /** An area highlight: the rectangle on its page, in PDF points; its quote is "" and its range null, and it is never an orphan. */
  area?: PdfArea
  /** Where the highlight lies in the current archived text; null for an orphan. */
  range: { start: number; end: number } | null
  /** True when its quote can no longer be found: shown with its quote, never dropped. */
  orphan: boolean
  created: string
  modified: string
  /** The W3C selectors, as stored. */
  target: StoredAnnotation['target']
  madeBy?: MadeBy
}

/**
 * The device whose copy of the library made a highlight or note: in a library several people share,
 * who made it. `name` is the name its user gave it, else the device itself. Absent on one made before
 * Scriptorium recorded this.
 */
export interface MadeBy {
  device: string
  name: string
}

/** A Markdown note on the item as a whole. */
export interface ItemNote {
  id: string
  note: string
  created: string
  modified: string
  madeBy?: MadeBy
}

export interface ItemAnnotations {
  itemId: string
  /** In reading order; orphans last. */
  highlights: Highlight[]
  notes: ItemNote[]
  /** Entries of annotations.json too damaged to show; they stay in the file untouched. */
  damaged: number
  /** One sentence per damaged entry, naming it and what is wrong with it. */
  setAside: string[]
}

export interface NewHighlight {
  id: string
  /** The exact text; curly and straight quotes match each other. */
  quote: string
  prefix?: string
  suffix?: string
  /** 1-based, among the quote's occurrences. */
  occurrence?: number
  /** Offsets in the archived text, as a selection in the reader gives them. */
  start?: number
  end?: number
  color?: HighlightColor
  note?: string
}

/** A rectangle drawn on a page of a PDF (a figure, a table): highlighted without text. */
export interface NewAreaHighlight {
  id: string
  area: PdfArea
  color?: HighlightColor
  note?: string
}

export interface ExportedFile {
  fileName: string
  mediaType: string
  content: string
  /** What a reader of the file will miss, e.g. a reference without the date its entry type needs. */
  warnings?: string[]
}

export interface HighlightColorLabel {
  color: HighlightColor
  label: string
}

export interface LibrarySettings {
  highlightColors: HighlightColorLabel[]
  /** The style quotes and bibliographies use unless a call names another: "apa" (APA 7) by default. */
  citationStyle: string
  /** "en-US" by default; each citation or export can name another. */
  citationLocale: string
  /** Files kept current on every change to the library, for LaTeX and Pandoc users. */
  autoExports: AutoExport[]
}

export interface CitationStyle {
  id: string
  title: string
  /** Added by the user from a .csl file. */
  custom: boolean
}

export type CitationFormat = 'text' | 'html' | 'markdown' | 'pandoc' | 'latex'

/** A quote with its citation (or, without a highlight, the item's reference) in every output format. */
export type Citation = Record<CitationFormat, string> & { citekey: string; style: string; locale: string }

export type ReferenceFormat = 'bibtex' | 'biblatex' | 'ris' | 'csl-json' | 'bibliography' | 'bibliography-html'

export interface ReferenceExport {
  format: ReferenceFormat
  /** The selection; without it, the items with `tag`, or else the whole library (not the trash). */
  ids?: string[]
  tag?: string
  style?: string
  locale?: string
}

export interface AutoExport {
  /** A full path outside the library. */
  path: string
  format: 'bibtex' | 'biblatex' | 'csl-json'
}

export interface AutoExportStatus extends AutoExport {
  /** When this process last wrote it; null before the first change since start. */
  lastWritten: string | null
  /** Why the last write failed, or null. */
  error: string | null
  /** How many references the last write held; null when another process or an earlier run wrote it. */
  itemCount: number | null
}

export interface LibraryInfo {
  location: string
  /** Changes whenever the catalog changes, in this process or another (the CLI, a sync tool). */
  revision: string
  schemaVersion: number
  itemCount: number
  trashCount: number
  /** Items whose record could not be read: left untouched on disk, named with the reason. */
  setAside: { id: string; reason: string }[]
}

/** Where this machine's log files are (Settings → Open log folder). */
export interface LogFolder {
  path: string
  /** The desktop app can show the folder in the file manager; a browser can only show its path. */
  canOpen: boolean
}

/** A browser extension asking to save to Scriptorium: it shows the same code (see electron/node/connector). */
export interface PairingRequest {
  code: string
  client: string
  origin: string
  expiresAt: string
}

export interface SearchQuery {
  /** Words, "phrases", OR, -exclusions, author: title: tag: type: lang: year: and in:notes / in:highlights. */
  query: string
  /** At most this many hits (20 unless given). */
  limit?: number
  /** By relevance (BM25) unless sorted by date, newest first. */
  sort?: 'relevance' | 'date'
  /** Wait for a background rebuild of the index to finish rather than answer from part of it. */
  complete?: boolean
}

export interface SearchHit {
  id: string
  citekey: string
  score: number
  title: string
  authors: string[]
  year: number | null
  type: string
  /** Passages with the matched words marked; a hit in a highlight or a note says so in `source`. */
  snippets: SearchSnippet[]
}

export interface SearchResults {
  query: string
  /** How many items match, of which `hits` holds the first `limit`. */
  total: number
  hits: SearchHit[]
  /** Set while the index is being rebuilt: results then come from the items indexed so far. */
  indexing: { indexed: number; total: number } | null
}

/** Two items the duplicate rule says are one work; `keep` is the suggested keeper. */
export interface DuplicatePair {
  keep: Item
  other: Item
  /** As an import refusal words it: "the same DOI", "the same text", … */
  reason: string
}

/** What a merge added to the kept item (CSL field names, tags, collection ids, the copied annotations' ids), so that unmergeItems takes exactly that away. */
export interface MergeAddition {
  fields: string[]
  tags: string[]
  collections: string[]
  annotationIds: string[]
}

export interface MergeResult {
  kept: Item
  /** The other item, now in the trash. */
  trashed: Item
  added: MergeAddition
}

/**
 * Every operation of the archive. Each takes one JSON-safe argument and returns JSON-safe data,
 * so Electron IPC, the HTTP bridge and the CLI can carry it unchanged.
 */
export interface ArchiveApi {
  getLibraryInfo(arg: Record<string, never>): Promise<LibraryInfo>
  getLogFolder(arg: Record<string, never>): Promise<LogFolder>
  /** Shows the log folder in the file manager; only the desktop app can. */
  openLogFolder(arg: Record<string, never>): Promise<LogFolder>
  /** Browser extensions waiting for the user to approve their code. */
  listPairingRequests(arg: Record<string, never>): Promise<PairingRequest[]>
  /** Lets the extension showing this code save pages, and do nothing else. */
  approvePairing(arg: { code: string }): Promise<{ id: string; client: string; origin: string }>
  /** Newest first; a page of them with offset and limit, so a large library's first rows come at once. */
  listItems(arg: { trash?: boolean; offset?: number; limit?: number } & ItemFilter): Promise<Item[]>
  /** Every item (not in the trash) that the filter lets through, for a table to filter the items it holds: by ids, or by the ids it leaves out. */
  matchItems(arg: ItemFilter): Promise<ItemMatches>
  getItem(arg: { id: string }): Promise<Item>
  getContent(arg: { id: string }): Promise<ArticleContent>
  /** The PDF as it was added; refused for an item that is no PDF. */
  getPdf(arg: { id: string }): Promise<PdfFileContent>
  /** A page that repeats an item (same address, DOI or text) is refused unless allowDuplicate. */
  importFiles(arg: { files: FileUpload[]; allowDuplicate?: boolean }): Promise<ImportReport>
  /** Reads a reference file without adding anything, so a client can add its entries in chunks with progress. */
  readReferenceFile(arg: FileUpload): Promise<ReferenceFileContents>
  /** Adds entries read by readReferenceFile; each repeating an item already there is refused unless allowDuplicate. */
  addReferences(arg: ReferenceChunk): Promise<ImportReport>
  /**
   * Saves a web page: fetched over http(s) when only its address is given, or as the browser sent it
   * (a bookmarklet, the connector) when html is given too, or as the PDF the browser's tab showed
   * (pdfBase64, from the connector).
   */
  addWebPage(arg: { url: string; html?: string; pdfBase64?: string; allowDuplicate?: boolean }): Promise<Item>
  /** Adds a reference by its DOI, with the metadata its registrar gives through citation-js. */
  addDoi(arg: { doi: string; allowDuplicate?: boolean }): Promise<Item>
  addSampleArticle(arg: Record<string, never>): Promise<Item>
  updateItem(arg: { id: string; patch: ItemPatch }): Promise<Item>
  trashItem(arg: { id: string }): Promise<Item>
  restoreItem(arg: { id: string }): Promise<Item>
  /**
   * Deletes every item in the trash for good: its catalog entry and its folder. An item a sync tool
   * changed meanwhile is deleted as it now is if it is still in the trash, and kept if it was
   * restored; `notes` says so, one sentence per kept item.
   */
  emptyTrash(arg: Record<string, never>): Promise<{ removed: number; notes?: string[] }>

  /** Likely duplicates outside the trash, by the rule every import refuses them by. */
  listDuplicates(arg: Record<string, never>): Promise<DuplicatePair[]>
  /** Keeps `keep`, with other's highlights, notes, tags, collections and the fields it lacks; other goes to the trash. */
  mergeItems(arg: { keep: string; other: string }): Promise<MergeResult>
  /** Undoes a merge: takes `added` away from keep and brings other back from the trash. */
  unmergeItems(arg: { keep: string; other: string; added: MergeAddition }): Promise<{ kept: Item; restored: Item }>

  /** Every collection, parents before their children, siblings by name. */
  listCollections(arg: Record<string, never>): Promise<Collection[]>
  /** A name must be unique among its siblings. */
  createCollection(arg: { name: string; parentId?: string | null }): Promise<Collection>
  /** Renames or moves a collection (parentId null: to the top); its items stay in it. */
  updateCollection(arg: { id: string; name?: string; parentId?: string | null }): Promise<Collection>
  /** Deletes a collection and its subcollections; their items stay in the library. */
  deleteCollection(arg: { id: string }): Promise<{ removed: number }>
  /** Brings deleted collections back (Undo of deleteCollection), with the items whose records still name them. */
  restoreCollections(arg: { ids: string[] }): Promise<Collection[]>
  /** `changed` counts the items that were not in it yet (or, for remove, that were). */
  addToCollection(arg: { id: string; itemIds: string[] }): Promise<{ changed: number }>
  removeFromCollection(arg: { id: string; itemIds: string[] }): Promise<{ changed: number }>

  /** Every tag of the items outside the trash, with how many carry it, by name. */
  listTags(arg: Record<string, never>): Promise<TagCount[]>
  /** Renames a tag on every item, trash included; into a tag that exists, it merges the two. */
  renameTag(arg: { from: string; to: string }): Promise<{ changed: number }>
  /** Adds and removes tags on many items at once, in one write. */
  editTags(arg: { ids: string[]; add?: string[]; remove?: string[] }): Promise<{ changed: number }>

  listSavedSearches(arg: Record<string, never>): Promise<SavedSearch[]>
  /** Saves a query under a name; a search of that name is replaced. A malformed query is refused. */
  saveSearch(arg: { name: string; query: string }): Promise<SavedSearch>
  deleteSavedSearch(arg: { id: string }): Promise<{ removed: string }>

  listAnnotations(arg: { id: string }): Promise<ItemAnnotations>
  addHighlight(arg: NewHighlight): Promise<Highlight>
  /** Highlights a rectangle on a page of a PDF. */
  addAreaHighlight(arg: NewAreaHighlight): Promise<Highlight>
  addNote(arg: { id: string; note: string }): Promise<ItemNote>
  updateAnnotation(arg: { id: string; annotationId: string; color?: HighlightColor; note?: string }): Promise<ItemAnnotations>
  /** Deletes a highlight or note; restoreAnnotation undoes it. */
  deleteAnnotation(arg: { id: string; annotationId: string }): Promise<ItemAnnotations>
  restoreAnnotation(arg: { id: string; annotationId: string }): Promise<ItemAnnotations>
  exportAnnotations(arg: { id: string; format: 'markdown' | 'jsonld' }): Promise<ExportedFile>
  /** Takes W3C Web Annotation JSON-LD, as exportAnnotations writes it. */
  /** `orphaned` counts the imported highlights whose quote this article's text does not hold. */
  importAnnotations(arg: { id: string; content: string }): Promise<{ imported: number; unchanged: number; orphaned: number }>

  /** Full-text search over the library (not the trash); a malformed query is refused with a sentence saying why. */
  search(arg: SearchQuery): Promise<SearchResults>

  getSettings(arg: Record<string, never>): Promise<LibrarySettings>
  /** Auto-exports are changed with addAutoExport and removeAutoExport, which check the path. */
  updateSettings(arg: Partial<Omit<LibrarySettings, 'autoExports'>>): Promise<LibrarySettings>

  listCitationStyles(arg: Record<string, never>): Promise<{ styles: CitationStyle[]; locales: string[] }>
  /** Adds a .csl file of the user's own, after checking that citeproc can use it. */
  addCitationStyle(arg: { fileName: string; content: string }): Promise<CitationStyle>
  removeCitationStyle(arg: { id: string }): Promise<{ removed: string }>
  /** A highlight quoted with its citation and reference; without highlightId, the item's reference. */
  cite(arg: { id: string; highlightId?: string; style?: string; locale?: string }): Promise<Citation>
  exportReferences(arg: ReferenceExport): Promise<ExportedFile>
  listAutoExports(arg: Record<string, never>): Promise<AutoExportStatus[]>
  /** Writes the file at once, then again after every change to the library. */
  addAutoExport(arg: AutoExport): Promise<AutoExportStatus[]>
  removeAutoExport(arg: { path: string }): Promise<AutoExportStatus[]>

  /** Looks for damaged files, leftovers and index drift (quick: only what reads no record); repair fixes what is safe. */
  checkLibrary(arg: { repair?: boolean; quick?: boolean }): Promise<LibraryCheck>
  /** This machine's backups of the library's records, newest first. */
  listBackups(arg: Record<string, never>): Promise<LibraryBackup[]>
  takeBackup(arg: Record<string, never>): Promise<LibraryBackup>
  /** Puts a backup's records back, after backing up the current ones, and re-indexes. */
  restoreBackup(arg: { name: string }): Promise<RestoreReport>
  getSyncStatus(arg: Record<string, never>): Promise<SyncStatus>
  /** Names this device for the others sharing the library (a group library): shown on its highlights and notes. '' takes the name away. */
  setDeviceName(arg: { name: string }): Promise<SyncStatus>
  /** Versions a merge of a sync tool's conflict copies could not keep whole, oldest first. */
  listConflicts(arg: Record<string, never>): Promise<ConflictSummary[]>
  /** keep: the version's left-out values become current (a new change, which syncs); otherwise it is dismissed. Either way it is removed. */
  resolveConflict(arg: { id: string; keep: boolean }): Promise<ConflictSummary[]>
}

export type { LibraryBackup, LibraryCheck, LibraryProblem, RestoreReport } from './libraryHealth'

export type ArchiveMethod = keyof ArchiveApi
export type ArgOf<M extends ArchiveMethod> = Parameters<ArchiveApi[M]>[0]
export type ResultOf<M extends ArchiveMethod> = Awaited<ReturnType<ArchiveApi[M]>>

export type ErrorCode =
  | 'invalid_argument'
  | 'unknown_method'
  | 'not_found'
  | 'unsupported_file'
  | 'file_too_large'
  | 'read_only_library'
  | 'damaged_library'
  | 'newer_library'
  | 'storage_failed'
  | 'unauthorized'
  | 'fetch_failed'
  | 'duplicate'
  | 'conflict'
  | 'internal'

export type Envelope<T> =
  | { ok: true; value: T }
  | { ok: false; error: { code: ErrorCode; message: string; /** For "duplicate": the item already there. */ duplicateOf?: string } }
