import { createArchiveService } from '../../electron/core/archiveService'
import { ftsSearch } from '../../electron/node/library/ftsSearchBinding'
import { createLibraryStore } from '../../electron/node/library/libraryStore'

/** A library of two small Dutch articles ("haven" in both), opened through a store the caller closes. */
export async function twoDutchItems(libraryDir: string) {
  const store = createLibraryStore(libraryDir, { search: ftsSearch })
  const api = createArchiveService({ store, readSample: () => Promise.reject(new Error('none')) })
  const body = (n: number) => ({ name: `n${n}.txt`, dataBase64: Buffer.from(`Title: Bericht ${n}\nLanguage: nl\n\nDe haven van bericht ${n} is weer open.`).toString('base64') })
  await api.importFiles({ files: [body(1), body(2)] })
  const ids = (await api.listItems({ limit: 10 })).map((item) => item.id).sort()
  return { store, api, ids }
}
