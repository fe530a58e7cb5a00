import Database from 'better-sqlite3'
import { copyFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, expect, it, vi } from 'vitest'
import { createArchiveService } from '../../electron/core/archiveService'
import { openCatalogDatabase } from '../../electron/node/library/catalogDatabase'
import { ftsSearch } from '../../electron/node/library/ftsSearchBinding'
import { createLibraryStore } from '../../electron/node/library/libraryStore'
import { catalogDatabaseOf } from '../support/libraryFiles'
import { useTempDir } from '../support/tempLibrary'

const temp = useTempDir()
const closing: (() => void)[] = []

afterEach(async () => {
  for (const close of closing.splice(0)) close()
})

it('leaves a change of many pages in the write-ahead log at its commit, not copied into the catalog file', async () => {
  const path = join(temp.dir, 'catalog.sqlite')
  const catalog = openCatalogDatabase(path, () => false)
  closing.push(() => catalog.close())
  const before = (await stat(path)).size
  // About 6 MB: past SQLite's default auto-checkpoint of 1,000 pages, which would copy it in this commit.
  catalog.writer.exec('CREATE TABLE filler (bytes BLOB)')
  catalog.writer.transaction(() => {
    for (let n = 0; n < 1500; n++) catalog.writer.prepare('INSERT INTO filler VALUES (randomblob(4000))').run()
  })()
  expect((await stat(path)).size).toBe(before)
  expect(catalog.reader.prepare('SELECT count(*) FROM filler').pluck().get()).toBe(1500)
})

it('copies the write-ahead log into the catalog file once the store is quiet after a change', async () => {
  const libraryDir = temp.libraryDir
  const store = createLibraryStore(libraryDir, { search: ftsSearch })
  closing.push(() => store.close())
  const api = createArchiveService({ store, readSample: () => Promise.reject(new Error('none')) })
  const [added] = (await api.importFiles({ files: [{ name: 'peace.txt', dataBase64: Buffer.from('Title: Peace talks\n\nDelegations spoke of peace.').toString('base64') }] })).added
  const database = await catalogDatabaseOf(libraryDir)
  // The catalog file alone, without its log: what holds the item there was copied in by a checkpoint.
  const inFileAlone = async () => {
    const copy = join(temp.dir, `alone-${Math.random().toString(36).slice(2)}.sqlite`)
    await copyFile(database, copy)
    const db = new Database(copy)
    try {
      return db.prepare('SELECT id FROM items').pluck().all()
    } catch {
      return []
    } finally {
      db.close()
    }
  }
  await vi.waitFor(async () => expect(await inFileAlone()).toContain(added.id), { timeout: 10_000, interval: 100 })
})
