import { readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { ArchiveApi } from '../core/archiveApi'
import { createArchiveService } from '../core/archiveService'
import { BUNDLED_LOCALES, BUNDLED_STYLES, readBundledLocale, readBundledStyle } from './bundledCsl'
import { createLibraryStore } from './libraryStore'
import { sanitizeArticleHtml } from './sanitizeArticleHtml'
import { fetchPage } from './fetchPage'

export const SAMPLE_ARTICLE = 'samples/korea-liaison-office-2018.txt'

export interface OpenArchiveOptions {
  libraryDir: string
  /** The app's resources/ folder, which holds the sample article. */
  resourcesDir: string
  /** For the app and `serve`: get citeproc ready in the background (see createArchiveService). */
  warmCitations?: boolean
}

/** The archive service over a library folder on disk: what the app, the bridge and the CLI all use. */
export function openArchive({ libraryDir, resourcesDir, warmCitations }: OpenArchiveOptions): ArchiveApi {
  const samplePath = join(resourcesDir, SAMPLE_ARTICLE)
  return createArchiveService({
    store: createLibraryStore(libraryDir),
    // Empty only in a checkout that was never built; citation-js's own styles serve then.
    bundledCsl: BUNDLED_STYLES.length ? { styles: BUNDLED_STYLES, locales: BUNDLED_LOCALES, readStyle: readBundledStyle, readLocale: readBundledLocale } : undefined,
    warmCitations,
    sanitizeHtml: sanitizeArticleHtml,
    fetchPage: (url) => fetchPage(url),
    // Tests point DOI look-ups at a local server.
    doiResolver: process.env.SCRIPTORIUM_DOI_RESOLVER || 'https://doi.org',
    readSample: async () => ({ name: basename(samplePath), bytes: await readFile(samplePath) }),
  })
}
