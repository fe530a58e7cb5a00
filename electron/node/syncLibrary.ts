import type { SyncStatus } from '../core/archiveApi'
import { ftsSearch } from './library/ftsSearchBinding'
import { createLibraryStore } from './library/libraryStore'

/** What the app does at its start, on demand (`scriptorium sync`): merge conflict copies, take in what changed elsewhere. */
export async function syncLibrary(libraryDir: string): Promise<SyncStatus & { changed: number }> {
  const store = createLibraryStore(libraryDir, { search: ftsSearch })
  try {
    const { changed } = await store.scanFiles()
    return { ...(await store.syncStatus()), changed }
  } finally {
    store.close()
  }
}
