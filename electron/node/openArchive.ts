import { readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { ArchiveApi } from '../core/archiveApi'
import { createArchiveService } from '../core/archiveService'
import { BUNDLED_LOCALES, BUNDLED_STYLES, readBundledLocale, readBundledStyle } from './bundledCsl'
import { extractArticleInWorker } from './extractArticleInWorker'
import { extractPdfInWorker } from './pdf/extractPdfInWorker'
import { watchLibraryFolder, type WatchOptions } from './library/watchLibraryFolder'
import { createLibraryStore } from './library/libraryStore'
import { ftsSearch } from './library/ftsSearchBinding'
import { createLibraryMaintenance } from './library/libraryMaintenance'
import { DOI_METADATA, fetchPage } from './fetchPage'
import { logArchiveCalls } from './log/logArchiveCalls'
import { logEvent } from './log/logEvent'
import { summarizeError } from './log/summarizeError'
import { pairingRequests } from './connector/pairingRequests'
import { pairingStore } from './connector/pairingStore'

export const SAMPLE_ARTICLE = 'samples/korea-liaison-office-2018.txt'

export interface OpenArchiveOptions {
  libraryDir: string
  /** The app's resources/ folder, which holds the sample article. */
  resourcesDir: string
  /** For the app and `serve`: get citeproc ready in the background (see createArchiveService). */
  warmCitations?: boolean
  /**
   * A long-running process (the app, serve) catches up at start with files a sync tool changed,
   * indexes what a rebuilt catalog left unindexed, and writes auto-exports a moment after a burst of
   * changes; a CLI command does only what it was asked, and writes them before it exits.
   */
  longRunning?: boolean
  /** Told when a write waits for another process. */
  onWaiting?: (message: string) => void
  /** This machine's log folder (see log/startLogging), named in Settings. */
  logFolder?: string
  /** This machine's state folder, whose pairing file the app and `serve` approve extensions in. */
  stateFolder?: string
  /** For tests: the watcher's per-folder budget and timings (see watchLibraryFolder). */
  watch?: WatchOptions
}

const AUTO_EXPORT_DELAY_MS = 500

/** The archive service over a library folder on disk: what the app, the bridge and the CLI all use. */
export function openArchive({ libraryDir, resourcesDir, warmCitations, longRunning = false, onWaiting, logFolder, stateFolder, watch }: OpenArchiveOptions): ArchiveApi {
  const samplePath = join(resourcesDir, SAMPLE_ARTICLE)
  const store = createLibraryStore(libraryDir, { search: ftsSearch, onWaiting, indexInBackground: longRunning })
  const maintenance = createLibraryMaintenance(libraryDir, store)
  const extractArticle = extractArticleInWorker()
  const extractPdf = extractPdfInWorker()
  // The app and `serve` load the extractors' libraries (seconds on a busy machine) before the first page or PDF.
  if (warmCitations) {
    extractArticle.warm()
    extractPdf.warm()
  }
  const service = createArchiveService({
    store,
    // Empty only in a checkout that was never built; citation-js's own styles serve then.
    bundledCsl: BUNDLED_STYLES.length ? { styles: BUNDLED_STYLES, locales: BUNDLED_LOCALES, readStyle: readBundledStyle, readLocale: readBundledLocale } : undefined,
    warmCitations,
    // A hostile page costs the worker, with a time and memory limit, never this thread.
    extractArticle,
    extractPdf,
    fetchPage: (url) => fetchPage(url),
    fetchDoiMetadata: (url) => fetchPage(url, DOI_METADATA),
    // Tests point DOI look-ups at a local server.
    doiResolver: process.env.SCRIPTORIUM_DOI_RESOLVER || 'https://doi.org',
    readSample: async () => ({ name: basename(samplePath), bytes: await readFile(samplePath) }),
    scheduleAutoExport: longRunning ? debounce(AUTO_EXPORT_DELAY_MS) : undefined,
    maintenance,
    logFolder,
    pairing: stateFolder ? pairingRequests(pairingStore(stateFolder)) : undefined,
  })
  if (longRunning) {
    // In the background: the first list and search answer from the catalog as it is meanwhile.
    const scanned = store.scanFiles()
    maintenance.afterStartScan(scanned)
    const logError = (error: unknown) => logEvent({ event: 'unexpected-error', where: 'archive', error: summarizeError(error) })
    void scanned
      .then(() => store.indexQueued())
      .then(() => {
        // A large library's impact lists (one-word searches rank a few hundred items, not every match), a short step at a time.
        void store.buildSearchLists().catch(logError)
        // The daily backup: at open, when the newest is a day old (see libraryBackups).
        return maintenance.backUpIfDue()
      })
      .catch(logError)
    // What a sync tool brings while the app runs is taken in within a second: lists, reader and search follow the catalog.
    watchLibraryFolder(libraryDir, (ids) => (ids === 'all' ? store.scanFiles() : store.takeInChanges(ids)), watch)
  }
  return logArchiveCalls(service)
}

/** Runs the latest write handed to it once the delay has passed, however many came meanwhile. */
function debounce(delay: number): (write: () => Promise<void>) => Promise<void> {
  let timer: ReturnType<typeof setTimeout> | null = null
  let latest: (() => Promise<void>) | null = null
  return async (write) => {
    latest = write
    if (timer) return
    timer = setTimeout(() => {
      timer = null
      const run = latest
      latest = null
      void run?.().catch((error: unknown) => logEvent({ event: 'unexpected-error', where: 'archive', error: summarizeError(error) }))
    }, delay)
  }
}
