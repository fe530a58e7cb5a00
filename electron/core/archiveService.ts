import type { ArchiveApi, ImportFailure, Item, PairingRequest, ReferenceChunk, ReferenceEntry, ReferenceFileContents } from './archiveApi'
import { MAX_IMPORT_BYTES, tooLargeToImport } from './importLimit'
import { ArchiveError } from './archiveError'
import type { ArchiveStore, ItemFiles } from './archiveStore'
import { summarizeConflict } from './sync/summarizeConflict'
import { countWords, renderArticleHtml } from './articleBlocks'
import { decodeBase64, encodeBase64 } from './base64'
import { createAnnotationOperations } from './annotations/annotationOperations'
import { checkColorLabels, settingsWithDefaults } from './annotations/highlightColors'
import { applyItemPatch } from './applyItemPatch'
import type { CslItem } from './cslItem'
import { decodeText } from './decodeText'
import { generateCitekey } from './generateCitekey'
import { importPlainText } from './importPlainText'
import { accessedOn, newItem } from './newItem'
import { extractHtmlArticle, type ExtractArticle } from './capture/extractHtmlArticle'
import type { SanitizeHtml } from './capture/importArticleFromHtml'
import { contentDigest } from './capture/contentDigest'
import { createDuplicateIndex, duplicateError, type DuplicateKeys } from './capture/findDuplicate'
import { workKeyOf } from './duplicates/workKey'
import { createDuplicateOperations } from './duplicates/duplicateOperations'
import type { FetchPage } from './capture/webPage'
import { readReferences, referenceFormatOf, type ReferenceFormat } from './references/readReferences'
import { referenceFormatOfName } from './references/referenceFormat'
import { addReferencesInChunks } from './references/addReferencesInChunks'
import { CITEKEY } from './applyItemPatch'
import { parseDoi, resolveDoi } from './references/resolveDoi'
import { describeEntryProblem, entryLabel } from './references/checkCslEntry'
import { createCitationOperations } from './citations/citationOperations'
import type { BundledCsl } from './citations/citationStyles'
import { randomId } from './randomId'
import type { LibraryMaintenance } from './libraryHealth'
import { createCollectionOperations } from './organize/collectionOperations'
import { createTagOperations } from './organize/tagOperations'
import { createSavedSearchOperations } from './organize/savedSearchOperations'
import { matchingItems } from './organize/matchingItems'
import { isPdf, type ExtractPdf } from './pdf/pdfExtraction'
import { importPdf, noTextLayerNote } from './pdf/importPdf'
import { withPdfPages } from './pdf/searchHitPages'

export interface SampleFile {
  name: string
  bytes: Uint8Array
}

export interface ArchiveServiceOptions {
  store: ArchiveStore
  /** The official CSL styles and locales shipped with the app; citation-js's own copies without it. */
  bundledCsl?: BundledCsl
  /** Prepare citeproc in the background, for a long-running app rather than a one-shot command. */
  warmCitations?: boolean
  /** The bundled sample article, read on demand. */
  readSample: () => Promise<SampleFile>
  now?: () => Date
  /** DOMPurify for archived web pages; without it, HTML pages are refused. */
  sanitizeHtml?: SanitizeHtml
  /** Extracts a page off the calling thread, with limits (the node layer's worker); in-process with sanitizeHtml without it. */
  extractArticle?: ExtractArticle
  /** Reads a PDF's text and metadata off the calling thread, with limits (the node layer's worker); without it, PDFs are refused. */
  extractPdf?: ExtractPdf
  /** Fetches a page over http(s), with the node layer's limits; without it, addWebPage needs the html. */
  fetchPage?: FetchPage
  /** Where DOIs are resolved: https://doi.org, or a local server in tests. */
  doiResolver?: string
  /** Fetches a DOI's metadata, with the node layer's limits. */
  fetchDoiMetadata?: FetchPage
  /**
   * Runs the auto-export after a change: by default at once (a CLI command waits for it); the app
   * passes a debounce, so a burst of highlights writes the .bib once.
   */
  scheduleAutoExport?: (write: () => Promise<void>) => Promise<void>
  /** Check, repair, backups and restore of the library on disk; absent for a library kept in memory. */
  maintenance?: LibraryMaintenance
  /** This machine's log folder, named in Settings. */
  logFolder?: string
  /** The browser extensions' pairing requests (the node layer's pairing file); none without it. */
  pairing?: {
    list(): Promise<PairingRequest[]>
    approve(code: string): Promise<{ id: string; client: string; origin: string }>
  }
}

/** A web page as received, from a file, the web or the browser. */
export interface HtmlPage {
  name: string
  bytes: Uint8Array
  pageUrl?: string
  /** The charset of the HTTP Content-Type header, when it came from the web. */
  headerCharset?: string
  allowDuplicate?: boolean
}

const HTML_EXTENSIONS = new Set(['html', 'htm', 'xhtml'])
const REMOVE_BATCH = 100

export function createArchiveService({
  store: diskStore,
  readSample,
  bundledCsl,
  warmCitations = false,
  now = () => new Date(),
  sanitizeHtml,
  extractArticle = sanitizeHtml && ((page) => extractHtmlArticle(page, sanitizeHtml)),
  extractPdf,
  fetchPage,
  doiResolver = 'https://doi.org',
  fetchDoiMetadata,
  scheduleAutoExport = (write) => write(),
  maintenance,
  logFolder = '',
  pairing,
}: ArchiveServiceOptions): ArchiveApi {
  // A change rewrites the auto-exported files after it is committed, outside the lock, from the
  // catalog: a writer never waits for a .bib of the whole library.
  const store: ArchiveStore = {
    ...diskStore,
    mutate: async (change) => {
      const result = await diskStore.mutate(change)
      await scheduleAutoExport(() => citations.writeAutoExports())
      return result
    },
  }

  function onDisk(): LibraryMaintenance {
    if (!maintenance) throw new ArchiveError('storage_failed', 'This library is kept in memory: it has no files to check and no backups.')
    return maintenance
  }

  function itemOrThrow(id: string): Item {
    const item = store.find(id) ?? store.findByCitekey(id)
    if (!item) throw new ArchiveError('not_found', `There is no item with id "${id}".`)
    return item
  }

  /** The one duplicate rule of every importer (see DuplicateKeys): refuses, naming the item repeated, unless allowed. */
  function refuseDuplicate(name: string, keys: DuplicateKeys, allowDuplicate: boolean): void {
    const found = allowDuplicate ? undefined : store.findDuplicate(keys)
    if (found) throw duplicateError(name, found)
  }

  async function importOne(name: string, bytes: Uint8Array, allowDuplicate = false): Promise<Item> {
    // The extension names the kept source file, so only a short plain one is used.
    const extension = /\.([a-z0-9]{1,10})$/i.exec(name)?.[1]?.toLowerCase() ?? ''
    if (bytes.length > MAX_IMPORT_BYTES) throw new ArchiveError('file_too_large', tooLargeToImport(name, bytes.length))
    if (HTML_EXTENSIONS.has(extension)) return addHtmlPage({ name, bytes, allowDuplicate })
    if (extension === 'pdf' || isPdf(bytes)) return addPdf({ name, bytes, allowDuplicate })
    const { text, encoding } = decodeText(bytes, name)
    return addTextArticle(name, extension || 'txt', bytes, text, encoding, allowDuplicate)
  }

  async function addTextArticle(name: string, extension: string, bytes: Uint8Array, text: string, encoding: string, allowDuplicate: boolean) {
    const article = importPlainText(text)
    if (!article.blocks.some((block) => block.kind === 'paragraph')) {
      throw new ArchiveError('unsupported_file', `${name} has no paragraphs of text to archive.`)
    }
    const plainText = article.blocks.map((block) => block.text).join('\n\n')
    const csl: CslItem = { ...article.csl, id: '', type: article.csl.type ?? 'article' }
    const source = { fileName: name.split(/[\\/]/).pop() ?? name, mediaType: 'text/plain', encoding, byteLength: bytes.length }
    const item = newItem(csl, source, now(), () => plainText, {
      tags: article.tags,
      ...(article.titleInferred ? { titleInferred: true } : {}),
      wordCount: countWords(article.blocks),
      paragraphCount: article.blocks.filter((block) => block.kind === 'paragraph').length,
      // The text as read, title included, so the same text as .txt or .md, in any encoding, is known again.
      contentDigest: contentDigest(`${csl.title ?? ''}\n\n${plainText}`),
    })
    const files = { contentHtml: renderArticleHtml(article.blocks), source: bytes, sourceExtension: extension }
    return addNewItem(name, item, files, { digest: item.contentDigest }, allowDuplicate)
  }

  /**
   * A change that adds items, planned twice: first against the committed catalog, so that the new
   * folders are written before the write lock is taken; then under the lock, against the catalog as it
   * is then. The second plan keeps the first's ids, so the lock mostly publishes what is ready.
   */
  async function addPlanned<T>(plan: (chooseId: (slot: number, taken: (id: string) => boolean) => string) => { batch: { item: Item; files: ItemFiles }[]; result: T }): Promise<T> {
    const ahead = new Map<number, string>()
    const seen = store.revision()
    const draft = plan((slot, taken) => {
      const id = randomId(taken)
      ahead.set(slot, id)
      return id
    })
    const prepared = await store.prepareItems(draft.batch)
    try {
      return await store.mutate(async () => {
        // Nothing committed since the draft: it stands as planned.
        const { batch, result } =
          store.revision() === seen
            ? draft
            : plan((slot, taken) => {
                const id = ahead.get(slot)
                return id !== undefined && !taken(id) ? id : randomId(taken)
              })
        await store.addMany(batch)
        return result
      })
    } finally {
      await prepared.release()
    }
  }

  /**
   * One new item (see newItem) added: its id and pinned citekey made unique, and duplicates refused,
   * against the catalog as it is on disk under the write lock.
   */
  function addNewItem(name: string, item: Item, files: ItemFiles, keys: DuplicateKeys, allowDuplicate: boolean): Promise<Item> {
    return addPlanned((chooseId) => {
      refuseDuplicate(name, keys, allowDuplicate)
      item.id = item.csl.id = chooseId(0, (id) => Boolean(store.find(id)))
      item.citekey = generateCitekey(item.csl, (key) => store.hasCitekey(key))
      return { batch: [{ item, files }], result: item }
    })
  }

  async function addHtmlPage({ name, bytes, pageUrl, headerCharset, allowDuplicate = false }: HtmlPage): Promise<Item> {
    if (!extractArticle) throw new ArchiveError('unsupported_file', `${name} is an HTML page, which this build cannot sanitize.`)
    const { article, encoding } = await extractArticle({ name, bytes, pageUrl, headerCharset })
    const stamp = now()
    const csl: CslItem = { ...article.csl, id: '', type: article.csl.type ?? 'webpage' }
    if (!csl.title) csl.title = name.split(/[\\/]/).pop()!.replace(/\.x?html?$/i, '')
    if (csl.URL) csl.accessed = accessedOn(stamp)
    // A page from the web is known by its address; a file by its name.
    const source = { fileName: pageUrl ?? name.split(/[\\/]/).pop() ?? name, mediaType: 'text/html', encoding, byteLength: bytes.length }
    const item = newItem(csl, source, stamp, () => article.contentHtml.replace(/<[^>]*>/g, ' '), {
      wordCount: article.wordCount,
      paragraphCount: article.paragraphCount,
      contentDigest: contentDigest(article.contentHtml),
    })
    const files = { contentHtml: article.contentHtml, source: bytes, sourceExtension: 'html' }
    return addNewItem(name, item, files, { url: csl.URL, doi: csl.DOI, digest: item.contentDigest }, allowDuplicate)
  }

  /**
   * A PDF, kept unchanged as source.pdf, with its text archived page by page. A DOI it names is looked
   * up at its registrar, whose metadata outranks the file's own; offline, the file's metadata stays.
   */
  async function addPdf({ name, bytes, pageUrl, allowDuplicate = false }: { name: string; bytes: Uint8Array; pageUrl?: string; allowDuplicate?: boolean }): Promise<Item> {
    if (!extractPdf) throw new ArchiveError('unsupported_file', `${name} is a PDF, which this build cannot read.`)
    const fileName = pageUrl ?? name.split(/[\\/]/).pop() ?? name
    // A PDF from a page address is held to the same limit as a file.
    if (bytes.length > MAX_IMPORT_BYTES) throw new ArchiveError('file_too_large', tooLargeToImport(fileName, bytes.length))
    if (!isPdf(bytes)) throw new ArchiveError('unsupported_file', `${fileName} is named as a PDF but is not one (it does not start with %PDF-); nothing was added.`)
    const pdf = await importPdf(await extractPdf({ name: fileName, bytes }))
    let registered: Partial<CslItem> = {}
    if (pdf.csl.DOI && fetchDoiMetadata) {
      refuseDuplicate(fileName, { doi: pdf.csl.DOI }, allowDuplicate)
      registered = await resolveDoi(pdf.csl.DOI, doiResolver, fetchDoiMetadata).catch(() => ({}))
    }
    const stamp = now()
    const { id: _id, ...fromRegistrar } = registered as Partial<CslItem>
    const csl: CslItem = { ...pdf.csl, ...fromRegistrar, id: '', type: fromRegistrar.type ?? pdf.csl.type ?? 'article' }
    if (!csl.title) csl.title = fileName.replace(/\.pdf$/i, '')
    if (pageUrl) {
      csl.URL ??= pageUrl
      csl.accessed = accessedOn(stamp)
    }
    const item = newItem(csl, { fileName, mediaType: 'application/pdf', encoding: 'binary', byteLength: bytes.length }, stamp, () => pdf.plainText, {
      ...(pdf.titleInferred && !fromRegistrar.title ? { titleInferred: true } : {}),
      wordCount: pdf.wordCount,
      paragraphCount: pdf.paragraphCount,
      // A scan has no words to tell two apart.
      ...(pdf.pages.hasText ? { contentDigest: contentDigest(pdf.plainText) } : {}),
      pdf: pdf.pages,
    })
    // The text read to place the pages is the index's too: the HTML is not parsed again.
    const files = { contentHtml: pdf.contentHtml, source: bytes, sourceExtension: 'pdf', text: pdf.text }
    return addNewItem(fileName, item, files, { url: csl.URL, doi: csl.DOI, digest: item.contentDigest }, allowDuplicate)
  }

  const REFERENCE_MEDIA: Record<ReferenceFormat, string> = {
    bibtex: 'application/x-bibtex',
    ris: 'application/x-research-info-systems',
    'csl-json': 'application/vnd.citationstyles.csl+json',
  }

  /** A .bib, .ris or CSL-JSON file read into entries; nothing is added. */
  async function readReferenceUpload(name: string, bytes: Uint8Array): Promise<ReferenceFileContents> {
    const format = referenceFormatOfName(name)
    if (!format) throw new ArchiveError('unsupported_file', `${name} is not a reference file: Scriptorium reads .bib, .ris and CSL-JSON (.json) files.`)
    if (bytes.length > MAX_IMPORT_BYTES) throw new ArchiveError('file_too_large', tooLargeToImport(name, bytes.length))
    const { text, encoding } = decodeText(bytes, name)
    const file = await readReferences(text, name, format)
    return { format, encoding, entries: file.entries, problems: file.problems }
  }

  /**
   * One chunk of entries, each as an item without archived text (the entry as written is its
   * source), under one lock with one catalog write; so the auto-exports and the search index are
   * brought up to date once per chunk rather than once per entry.
   */
  async function addReferenceEntries({ name, format, encoding = 'utf-8', entries, allowDuplicate = false }: ReferenceChunk): Promise<{ added: Item[]; refused: { error: ArchiveError; entry: number }[]; notes: ImportFailure[] }> {
    const stamp = now().toISOString()
    const extension = format === 'bibtex' ? 'bib' : format === 'ris' ? 'ris' : 'json'
    // A DOI names its own source; a file, by its name without folders.
    const fileName = parseDoi(name) ? name : (name.split(/[\\/]/).pop() ?? name)
    return addPlanned((chooseId) => {
      // Checked under the write lock, against the catalog as it is on disk then and the chunk so far.
      const duplicates = createDuplicateIndex(store.findDuplicate)
      const ids = new Set<string>()
      const keys = new Set<string>()
      const keyTaken = (key: string) => keys.has(key) || store.hasCitekey(key)
      const batch: { item: Item; files: ItemFiles }[] = []
      const refused: { error: ArchiveError; entry: number }[] = []
      const notes: ImportFailure[] = []
      for (const [index, entry] of entries.entries()) {
        const { id: _id, 'citation-key': _key, ...fields } = entry.csl
        const csl: CslItem = { ...fields, id: '', type: fields.type ?? 'article' }
        // Whatever sent the chunk, a name or date of the wrong shape would break lists, search and citations later.
        const problem = describeEntryProblem(entry, csl)
        if (problem) {
          refused.push({ error: new ArchiveError('invalid_argument', `${name}: the entry ${entryLabel(entry, index)} cannot be imported: ${problem}.`), entry: index })
          continue
        }
        // The entry as read (its key and fields) is a key too: a file imported again, after an interrupted import, adds only what is missing.
        const digest = contentDigest(`${entry.key ?? ''} ${JSON.stringify(entry.csl)}`)
        const duplicate = allowDuplicate ? undefined : duplicates.find({ url: csl.URL, doi: csl.DOI, digest, work: workKeyOf(csl) })
        if (duplicate) {
          refused.push({ error: duplicateError(entry.key ? `${name}: ${entry.key}` : name, duplicate), entry: index })
          continue
        }
        const source = new TextEncoder().encode(entry.source)
        const id = chooseId(index, (candidate) => ids.has(candidate) || Boolean(store.find(candidate)))
        const citekey = keepCitekey(entry.key, keyTaken) ?? generateCitekey(csl, keyTaken)
        // A key is kept byte for byte; when it cannot be, the user is told which key became which.
        if (entry.key && citekey !== entry.key) notes.push({ name, message: keyChangeNote(name, entry, citekey, keys.has(entry.key)) })
        csl.id = id
        ids.add(id)
        keys.add(citekey)
        const item: Item = {
          id,
          citekey,
          csl,
          tags: [],
          addedAt: stamp,
          modifiedAt: stamp,
          trashedAt: null,
          source: { fileName, mediaType: REFERENCE_MEDIA[format], encoding, byteLength: source.length },
          wordCount: 0,
          paragraphCount: 0,
          contentDigest: digest,
        }
        duplicates.remember(item)
        // A reference has no archived text: nothing for the index to read out of its empty page.
        batch.push({ item, files: { contentHtml: '', text: '', source, sourceExtension: extension } })
      }
      return { batch, result: { added: batch.map(({ item }) => item), refused, notes } }
    })
  }

  /** A whole reference file, chunk by chunk over the same path a client with a progress bar takes. */
  async function importReferenceFile(name: string, bytes: Uint8Array, allowDuplicate: boolean, added: Item[], failed: ImportFailure[], notes: ImportFailure[]): Promise<void> {
    const file = await readReferenceUpload(name, bytes)
    failed.push(...file.problems.map((problem) => ({ name, message: `${name}: ${problem}` })))
    const { refusal } = await addReferencesInChunks(
      name,
      file,
      async (chunk) => {
        const { added: chunkAdded, refused, notes: chunkNotes } = await addReferenceEntries(chunk)
        return { added: chunkAdded, failed: refused.map(({ error }) => importFailure(name, error)), notes: chunkNotes }
      },
      {
        allowDuplicate,
        onChunk: (report) => {
          added.push(...report.added)
          failed.push(...report.failed)
          notes.push(...(report.notes ?? []))
        },
      },
    )
    // The library itself refused (read-only, full): importFiles accounts for the rest.
    if (refusal) throw refusal
  }

  /** The entry's own key when it is a valid one; a letter is added while it is taken. */
  function keepCitekey(key: string | undefined, taken: (key: string) => boolean): string | undefined {
    if (!key || !CITEKEY.test(key)) return undefined
    if (!taken(key)) return key
    for (let code = 97; code <= 122; code++) if (!taken(`${key}${String.fromCharCode(code)}`)) return `${key}${String.fromCharCode(code)}`
    return undefined
  }

  function change(id: string, edit: (item: Item) => void): Promise<Item> {
    return store.mutate(async () => {
      const item = structuredClone(itemOrThrow(id))
      edit(item)
      item.modifiedAt = now().toISOString()
      await store.put(item)
      return item
    })
  }

  // The two refer to each other: a Markdown export is headed by the reference, a quote cites a highlight.
  const annotations = createAnnotationOperations({ store, now, itemOrThrow, referenceOf: (item) => citations.referenceOf(item) })
  const citations = createCitationOperations({ store: diskStore, bundledCsl, now, itemOrThrow, listAnnotations: annotations.listAnnotations })
  // A damaged library or a missing style shows up when the user cites; the warm-up just stops.
  if (warmCitations) setTimeout(() => citations.warmUp().catch(() => {}), 0)

  const filtered = matchingItems(store)
  const api: ArchiveApi = {
    ...annotations,
    ...citations.operations,
    ...createCollectionOperations({ store, now, itemOrThrow }),
    ...createTagOperations({ store, now, itemOrThrow }),
    ...createDuplicateOperations({ store, now, itemOrThrow }),
    ...createSavedSearchOperations({ store, now }),

    async search(query) {
      return withPdfPages(await store.search(query), (id) => store.find(id))
    },

    async getSettings() {
      await store.refresh()
      return settingsWithDefaults(store.settings())
    },

    async updateSettings({ highlightColors, citationStyle, citationLocale }) {
      const checked = await citations.checkPreferences({ citationStyle, citationLocale })
      return store.mutate(async () => {
        const settings = { ...store.settings(), ...checked }
        if (highlightColors) settings.highlightColors = checkColorLabels(highlightColors)
        await store.putSettings(settings)
        return settingsWithDefaults(settings)
      })
    },

    checkLibrary: ({ repair, quick }) => onDisk().check({ repair, quick }),
    listBackups: () => onDisk().listBackups(),
    takeBackup: () => onDisk().takeBackup('manual'),
    async restoreBackup({ name }) {
      const report = await onDisk().restoreBackup(name)
      await scheduleAutoExport(() => citations.writeAutoExports())
      return report
    },

    async getLogFolder() {
      return { path: logFolder, canOpen: false }
    },

    async openLogFolder() {
      // The desktop app answers this itself (electron/main), where a folder can be shown.
      throw new ArchiveError('invalid_argument', `Only the desktop app can open a folder; the logs are in ${logFolder}.`)
    },

    async listPairingRequests() {
      return (await pairing?.list()) ?? []
    },

    async approvePairing({ code }) {
      if (!pairing) throw new ArchiveError('not_found', 'This Scriptorium has no browser connector to pair with.')
      return pairing.approve(code)
    },

    async getSyncStatus() {
      await store.refresh()
      return store.syncStatus()
    },

    async setDeviceName({ name }) {
      await store.mutate(() => store.putDeviceName(name))
      return store.syncStatus()
    },

    async listConflicts() {
      await store.refresh()
      return (await store.listConflicts()).map(({ name, entry }) => summarizeConflict(name, entry))
    },

    async resolveConflict({ id, keep }) {
      await store.mutate(() => store.resolveConflict(id, keep))
      return (await store.listConflicts()).map(({ name, entry }) => summarizeConflict(name, entry))
    },

    async getLibraryInfo() {
      await store.refresh()
      const { items, trashed } = store.counts()
      return {
        location: store.location,
        revision: store.revision(),
        schemaVersion: store.schemaVersion,
        itemCount: items,
        trashCount: trashed,
        setAside: store.setAside(),
      }
    },

    async listItems({ trash = false, offset, limit, collectionId, query }) {
      await store.refresh()
      if (collectionId === undefined && query === undefined) return store.list({ trash, offset, limit })
      if (trash) throw new ArchiveError('invalid_argument', 'The trash cannot be listed by collection or query.')
      return filtered.list({ collectionId, query }, { offset, limit })
    },

    async matchItems(filter) {
      await store.refresh()
      // A query alone may be answered by the few items it leaves out; within a collection, by its ids.
      if (filter.collectionId === undefined && filter.query?.trim()) return store.matchCompactly(filter.query)
      return { ids: await filtered.ids(filter) }
    },

    async getItem({ id }) {
      await store.refresh()
      return itemOrThrow(id)
    },

    async getContent({ id }) {
      await store.refresh()
      const item = itemOrThrow(id)
      return { id: item.id, html: await store.readContent(item.id) }
    },

    async getPdf({ id }) {
      await store.refresh()
      const item = itemOrThrow(id)
      if (!item.pdf) throw new ArchiveError('invalid_argument', `${item.source.fileName} is not a PDF; it has no pages to show.`)
      return { id: item.id, dataBase64: encodeBase64(await store.readPdf(item.id)) }
    },

    async addDoi({ doi: text, allowDuplicate }) {
      await store.refresh()
      const doi = parseDoi(text)
      if (!doi) throw new ArchiveError('invalid_argument', `"${text}" is not a DOI; a DOI looks like 10.1000/xyz.`)
      // Checked before asking the registrar, and again under the lock when adding.
      refuseDuplicate(doi, { doi }, allowDuplicate ?? false)
      if (!fetchDoiMetadata) throw new ArchiveError('invalid_argument', 'This build cannot look up DOIs.')
      const csl = await resolveDoi(doi, doiResolver, fetchDoiMetadata)
      const { added, refused } = await addReferenceEntries({ name: doi, format: 'csl-json', entries: [{ csl, source: JSON.stringify(csl, null, 2) }], allowDuplicate })
      if (refused[0]) throw refused[0].error
      return added[0]
    },

    async readReferenceFile({ name, dataBase64 }) {
      return readReferenceUpload(name, decodeBase64(dataBase64))
    },

    async addReferences(chunk) {
      await store.refresh()
      const { added, refused, notes } = await addReferenceEntries(chunk)
      return { added, failed: refused.map(({ error, entry }) => ({ ...importFailure(chunk.name, error), entry })), notes }
    },

    async addWebPage({ url, html, pdfBase64, allowDuplicate }) {
      await store.refresh()
      if (pdfBase64 !== undefined) {
        if (!/^https?:\/\//i.test(url.trim())) throw new ArchiveError('invalid_argument', `Only http and https pages can be saved, not ${url}.`)
        return addPdf({ name: url.trim(), bytes: decodeBase64(pdfBase64), pageUrl: url.trim(), allowDuplicate })
      }
      if (html !== undefined) {
        if (!/^https?:\/\//i.test(url.trim())) throw new ArchiveError('invalid_argument', `Only http and https pages can be saved, not ${url}.`)
        return addHtmlPage({ name: url.trim(), bytes: new TextEncoder().encode(html), pageUrl: url.trim(), headerCharset: 'utf-8', allowDuplicate })
      }
      if (!fetchPage) throw new ArchiveError('invalid_argument', 'This build cannot fetch pages; send the page with its html.')
      const page = await fetchPage(url)
      if (page.mediaType === 'application/pdf' || isPdf(page.bytes.subarray(0, 1024))) return addPdf({ name: page.url, bytes: page.bytes, pageUrl: page.url, allowDuplicate })
      return addHtmlPage({ name: page.url, bytes: page.bytes, pageUrl: page.url, headerCharset: page.charset, allowDuplicate })
    },

    async importFiles({ files, allowDuplicate }) {
      await store.refresh()
      const added: Item[] = []
      const failed: ImportFailure[] = []
      const notes: ImportFailure[] = []
      for (const [index, file] of files.entries()) {
        try {
          const format = referenceFormatOf(/\.([a-z0-9]{1,10})$/i.exec(file.name)?.[1] ?? '')
          if (format) {
            await importReferenceFile(file.name, decodeBase64(file.dataBase64), allowDuplicate ?? false, added, failed, notes)
            continue
          }
          const item = await importOne(file.name, decodeBase64(file.dataBase64), allowDuplicate)
          added.push(item)
          if (item.pdf && !item.pdf.hasText) notes.push({ name: file.name, message: noTextLayerNote(item.source.fileName) })
        } catch (error) {
          if (error instanceof ArchiveError && !isPerFileError(error)) {
            // The library itself refuses (read-only, full, damaged): stop, and account for every file.
            if (!added.length) throw error
            failed.push({ name: file.name, message: error.message })
            for (const rest of files.slice(index + 1)) {
              failed.push({ name: rest.name, message: `${rest.name} was not added: the import stopped at ${file.name}.` })
            }
            break
          }
          // One bad file must not cost the others.
          const message = error instanceof ArchiveError ? error.message : `${file.name} could not be read as an article: ${(error as Error).message}`
          const duplicateOf = error instanceof ArchiveError ? error.duplicateOf : undefined
          failed.push(duplicateOf ? { name: file.name, message, duplicateOf } : { name: file.name, message })
        }
      }
      return { added, failed, ...(notes.length ? { notes } : {}) }
    },

    async addSampleArticle() {
      await store.refresh()
      const sample = await readSample()
      // The sample is a demonstration, asked for by name: each click adds one, as before.
      return importOne(sample.name, sample.bytes, true)
    },

    async updateItem({ id, patch }) {
      return change(id, (item) => applyItemPatch(item, patch, (key) => store.hasCitekey(key)))
    },

    async trashItem({ id }) {
      return change(id, (item) => {
        item.trashedAt ??= now().toISOString()
      })
    },

    async emptyTrash() {
      // A batch per change, so that no other writer waits for a large trash; each batch is whole or undone.
      let removed = 0
      const notes: string[] = []
      // Items a sync tool changed while they were being deleted: taken in, then tried again as they now are.
      const attempts = new Map<string, number>()
      const givenUp = new Set<string>()
      for (;;) {
        const batch = await store.mutate(async () => {
          const trashed = store
            .list({ trash: true, limit: REMOVE_BATCH + givenUp.size })
            .map((item) => item.id)
            .filter((id) => !givenUp.has(id))
            .slice(0, REMOVE_BATCH)
          if (!trashed.length) return { tried: 0, changed: [] as string[] }
          const { changed } = await store.remove(trashed)
          return { tried: trashed.length, changed }
        })
        removed += batch.tried - batch.changed.length
        let retry = false
        for (const id of batch.changed) {
          const item = store.find(id)
          if (!item) {
            removed++
            continue
          }
          const title = String(item.csl.title ?? id)
          if (!item.trashedAt) {
            notes.push(`"${title}" (${id}) was restored on another machine while the trash was emptied; it was kept.`)
            givenUp.add(id)
          } else if ((attempts.get(id) ?? 0) >= 2) {
            notes.push(`"${title}" (${id}) kept changing on another machine while the trash was emptied; it is still in the trash. Empty the trash again once the sync tool has finished.`)
            givenUp.add(id)
          } else {
            attempts.set(id, (attempts.get(id) ?? 0) + 1)
            retry = true
          }
        }
        if (batch.tried < REMOVE_BATCH && !retry) return notes.length ? { removed, notes } : { removed }
      }
    },

    async restoreItem({ id }) {
      return change(id, (item) => {
        item.trashedAt = null
      })
    },
  }
  return api
}

/** Why an entry's own key could not be its citation key, and what it became. */
function keyChangeNote(name: string, { key = '', line, repeats }: ReferenceEntry, citekey: string, earlierInChunk: boolean): string {
  const at = line === undefined ? '' : ` (line ${line})`
  if (!CITEKEY.test(key)) return `${name}: "${key}"${at} cannot be a citation key (biber refuses white space and , { } ( ) " # % ' = \\ ~ in a key); the entry was added as ${citekey}.`
  const earlier = repeats ? ` (${repeats.line === undefined ? `entry ${repeats.entry}` : `line ${repeats.line}`})` : ''
  const where = repeats || earlierInChunk ? `by an earlier entry of the file${earlier}` : 'by another item in the library'
  return `${name}: the key ${key}${at} is taken ${where}; the entry was added as ${citekey}.`
}

function importFailure(name: string, error: ArchiveError): ImportFailure {
  return { name, message: error.message, ...(error.duplicateOf ? { duplicateOf: error.duplicateOf } : {}) }
}

function isPerFileError(error: ArchiveError): boolean {
  return error.code === 'unsupported_file' || error.code === 'file_too_large' || error.code === 'invalid_argument' || error.code === 'duplicate'
}
