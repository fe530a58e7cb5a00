import Database from 'better-sqlite3'
import { expect, it } from 'vitest'
import { createArchiveService } from '../../electron/core/archiveService'
import { ftsSearch } from '../../electron/node/library/ftsSearchBinding'
import { createLibraryStore } from '../../electron/node/library/libraryStore'
import { catalogDatabaseOf } from '../support/libraryFiles'
import { useTempDir } from '../support/tempLibrary'

const text = (name: string, body: string) => ({ name, dataBase64: Buffer.from(body).toString('base64') })

const temp = useTempDir()

const open = () => {
  const store = createLibraryStore(temp.libraryDir, { search: ftsSearch })
  return { store, api: createArchiveService({ store, readSample: () => Promise.reject(new Error('none')) }) }
}

it('indexes every item again, a batch at a time, when the search tables are of an older version', async () => {
  const first = open()
  const files = Array.from({ length: 30 }, (_, n) => text(`n${n}.txt`, `Title: Bericht ${n}\nLanguage: nl\n\n${n % 3 ? 'Het is' : 'Is het'} koud in haven ${n}.`))
  await first.api.importFiles({ files })
  expect((await first.api.search({ query: '"het is"', limit: 100 })).total).toBe(20)
  first.store.close()

  // An index written by the version before phrase grams.
  const catalog = new Database(await catalogDatabaseOf(temp.libraryDir))
  catalog.prepare("UPDATE search_meta SET value = '2' WHERE key = 'schema_version'").run()
  catalog.close()

  const next = open()
  const early = await next.api.search({ query: '"het is"' })
  expect(early.indexing).toEqual({ indexed: 0, total: 30 })
  expect(early.hits).toEqual([])
  await next.store.indexQueued()
  const done = await next.api.search({ query: '"het is"', limit: 100 })
  expect(done.indexing).toBeNull()
  expect(done.total).toBe(20)
  expect((await next.api.search({ query: '"is het"', limit: 100 })).total).toBe(10)
  next.store.close()

  // Opened again at the current version: nothing is queued, nothing indexed again.
  const third = open()
  expect((await third.api.search({ query: '"het is"', limit: 100 })).indexing).toBeNull()
  third.store.close()
})
