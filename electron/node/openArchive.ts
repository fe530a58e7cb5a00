import { readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { ArchiveApi } from '../core/archiveApi'
import { createArchiveService } from '../core/archiveService'
import { BUNDLED_LOCALES, BUNDLED_STYLES, readBundledLocale, readBundledStyle } from './bundledCsl'
import { createLibraryStore } from './libraryStore'
import { extractArticleInWorker } from './extractArticleInWorker'
import { DOI_METADATA, fetchPage } from './fetchPage'

export const SAMPLE_ARTICLE = 'samples/korea-liaison-office-2018.txt'

export interface OpenArchiveOptions {
  libraryDir: string
  /** The app's resources/ folder, which holds the sample article. */
  resourcesDir: string
  /** For the app and `serve`: get citeproc ready in the background (see createArchiveService). */
  warmCitations?: boolean
  /**
   * A long-running process (the app, serve) saves the search index a moment after a change, so a
   * burst of highlights costs one write; a CLI command saves before it exits.
   */
  deferSearchSave?: boolean
}

const SEARCH_SAVE_DELAY_MS = 2000

/** The archive service over a library folder on disk: what the app, the bridge and the CLI all use. */
export function openArchive({ libraryDir, resourcesDir, warmCitations, deferSearchSave = false }: OpenArchiveOptions): ArchiveApi {
  const samplePath = join(resourcesDir, SAMPLE_ARTICLE)
  const extractArticle = extractArticleInWorker()
  // The app and `serve` load the extractor's libraries (seconds on a busy machine) before the first page.
  if (warmCitations) extractArticle.warm()
  const service = createArchiveService({
    store: createLibraryStore(libraryDir),
    // Empty only in a checkout that was never built; citation-js's own styles serve then.
    bundledCsl: BUNDLED_STYLES.length ? { styles: BUNDLED_STYLES, locales: BUNDLED_LOCALES, readStyle: readBundledStyle, readLocale: readBundledLocale } : undefined,
    warmCitations,
    // A hostile page costs the worker, with a time and memory limit, never this thread.
    extractArticle,
    fetchPage: (url) => fetchPage(url),
    fetchDoiMetadata: (url) => fetchPage(url, DOI_METADATA),
    // Tests point DOI look-ups at a local server.
    doiResolver: process.env.SCRIPTORIUM_DOI_RESOLVER || 'https://doi.org',
    readSample: async () => ({ name: basename(samplePath), bytes: await readFile(samplePath) }),
    deferSearchSave: deferSearchSave ? deferOnce() : undefined,
  })
  // A long-running process loads the saved index (or starts rebuilding it) at once, so that the
  // first search does not wait for it; an empty query is the cheapest that does so.
  if (deferSearchSave) void service.search({ query: '', limit: 1 }).catch(() => {})
  return service
}

/** Runs the latest save handed to it once the delay has passed, however many came meanwhile. */
function deferOnce(): (save: () => void) => void {
  let pending: (() => void) | null = null
  return (save) => {
    const first = !pending
    pending = save
    if (first) {
      setTimeout(() => {
        const run = pending
        pending = null
        run?.()
      }, SEARCH_SAVE_DELAY_MS)
    }
  }
}
