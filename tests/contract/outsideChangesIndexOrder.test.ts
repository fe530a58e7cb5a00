import Database from 'better-sqlite3'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { createArchiveService } from '../../electron/core/archiveService'
import { ftsSearch } from '../../electron/node/library/ftsSearchBinding'
import { createLibraryStore } from '../../electron/node/library/libraryStore'
import { ftsSegments } from '../../electron/node/search/ftsSegments'
import { catalogDatabaseOf } from '../support/libraryFiles'
import { useTempDir } from '../support/tempLibrary'

const text = (name: string, body: string) => ({ name, dataBase64: Buffer.from(body).toString('base64') })

const temp = useTempDir()

/**
 * How many times FTS5 has written its pending rows out as a new segment: in the structure record of a
 * table with contentless_delete (format 2), each segment keeps the range of those writes it holds
 * (merged ones the union), and each write is numbered one past the last.
 */
function flushes(catalog: Database.Database): number {
  const found = ftsSegments(catalog)
  expect(found).not.toBeNull()
  return Math.max(0, ...found!.map((segment) => segment.lastWrite))
}

it('takes in records changed elsewhere in the order of the index, whatever order they are named in: one segment written, not one per item', async () => {
  const store = createLibraryStore(temp.libraryDir, { search: ftsSearch })
  const api = createArchiveService({ store, readSample: () => Promise.reject(new Error('none')) })
  const files = Array.from({ length: 12 }, (_, n) => text(`n${n}.txt`, `Title: Bericht ${n}\nLanguage: nl\n\nHet verbindingsbureau in Kaesong is geopend, bericht ${n} van de haven.`))
  await api.importFiles({ files })
  const ids = (await api.listItems({ limit: 100 })).map((item) => item.id)
  expect(ids).toHaveLength(12)
  const catalog = new Database(await catalogDatabaseOf(temp.libraryDir), { readonly: true })
  try {
    // Named against the index's order: by id descending, which is not the order they were indexed in.
    const named = ids.sort().reverse()
    for (const id of named) {
      const path = join(temp.libraryDir, 'items', id, 'item.json')
      const record = JSON.parse(await readFile(path, 'utf8'))
      record.item.csl.title = `${record.item.csl.title} elders bewerkt`
      record.revision += 1
      await writeFile(`${path}.tmp`, JSON.stringify(record))
      await rename(`${path}.tmp`, path)
    }
    const before = flushes(catalog)
    expect((await store.takeInChanges(named)).changed).toBe(12)
    expect((await api.search({ query: 'elders', limit: 100 })).total).toBe(12)
    // FTS5 writes its pending rows out before a row below the last one written: in the index's order, the whole change is one segment.
    expect(flushes(catalog) - before).toBe(1)
  } finally {
    catalog.close()
    store.close()
  }
})

it('indexes the words of a bulk tag in the order of the index, whatever order the items are named in: one segment for the change, not one per item or two', async () => {
  const store = createLibraryStore(temp.libraryDir, { search: ftsSearch })
  const api = createArchiveService({ store, readSample: () => Promise.reject(new Error('none')) })
  // A store without background indexing indexes a change's words in the change itself, as a CLI command does.
  const files = Array.from({ length: 150 }, (_, n) => text(`n${n}.txt`, `Title: Bericht ${n}\nLanguage: nl\n\nDe haven van bericht ${n} is weer open.`))
  await api.importFiles({ files })
  const ids = (await api.listItems({ limit: 1000 })).map((item) => item.id)
  expect(ids).toHaveLength(150)
  await store.indexQueued()
  const catalog = new Database(await catalogDatabaseOf(temp.libraryDir), { readonly: true })
  try {
    const before = flushes(catalog)
    expect((await api.editTags({ ids: ids.sort().reverse(), add: ['havenbericht'] })).changed).toBe(150)
    expect((await api.search({ query: 'havenbericht', limit: 1 })).total).toBe(150)
    expect(flushes(catalog) - before).toBe(1)
  } finally {
    catalog.close()
    store.close()
  }
})
