import Database from 'better-sqlite3'
import { expect, it } from 'vitest'
import { createArchiveService } from '../../electron/core/archiveService'
import { ftsSearch } from '../../electron/node/library/ftsSearchBinding'
import { createLibraryStore } from '../../electron/node/library/libraryStore'
import { ftsSegments } from '../../electron/node/search/ftsSegments'
import { catalogDatabaseOf } from '../support/libraryFiles'
import { useTempDir } from '../support/tempLibrary'

const text = (name: string, body: string) => ({ name, dataBase64: Buffer.from(body).toString('base64') })

const temp = useTempDir()

/** The segments of the FTS5 index, from its structure record: each one's entries and pages of deletions. */
function segments(catalog: Database.Database): { entries: number; tombstonePages: number }[] {
  const found = ftsSegments(catalog)
  expect(found).not.toBeNull()
  return found!.map(({ entries, tombstonePages }) => ({ entries, tombstonePages }))
}

it('merges the search index into one piece, with the deletions of retagged items, and answers every search as before', async () => {
  // A store without background indexing indexes each change's words in the change, an item at a time on import:
  // FTS5's automerge leaves a dozen segments of one to 64 items.
  const store = createLibraryStore(temp.libraryDir, { search: ftsSearch })
  const api = createArchiveService({ store, readSample: () => Promise.reject(new Error('none')) })
  for (let batch = 0; batch < 2; batch++) {
    const files = Array.from({ length: 60 }, (_, n) => text(`b${batch}n${n}.txt`, `Title: Bericht ${batch}-${n}\nLanguage: nl\n\nDe haven van ${n % 2 ? 'Antwerpen' : 'Rotterdam'} is weer open, bericht ${batch} nummer ${n}.`))
    await api.importFiles({ files })
  }
  const ids = (await api.listItems({ limit: 1000 })).map((item) => item.id).sort()
  expect(ids).toHaveLength(120)
  // Retagged items leave their old words behind in the segments they were in, as deletions.
  expect((await api.editTags({ ids: ids.slice(0, 3), add: ['havenbericht'] })).changed).toBe(3)
  const queries = ['rotterdam', 'haven', 'antw', 'havenbericht', 'bericht -antwerpen', 'tag:havenbericht', 'r']
  const answers = async () => Promise.all(queries.map(async (query) => [(await api.matchItems({ query })), (await api.search({ query, limit: 200 })).hits.map((hit) => hit.id).sort()]))
  const before = await answers()
  const catalog = new Database(await catalogDatabaseOf(temp.libraryDir), { readonly: true })
  try {
    const split = segments(catalog)
    expect(split.length).toBeGreaterThan(1)
    expect(split.some((segment) => segment.tombstonePages > 0)).toBe(true)

    await store.mergeSearchIndex()

    const merged = segments(catalog)
    expect(merged).toHaveLength(1)
    expect(merged[0]).toEqual({ entries: 120, tombstonePages: 0 })
    expect(await answers()).toEqual(before)
    const tagged = await api.matchItems({ query: 'havenbericht' })
    expect('ids' in tagged && [...tagged.ids].sort()).toEqual(ids.slice(0, 3))
    // Nothing left to merge: a second call leaves the piece as it is.
    await store.mergeSearchIndex()
    expect(segments(catalog)).toEqual(merged)
  } finally {
    catalog.close()
    store.close()
  }
})

it('merges the index into one piece by itself once quiet after a change of many items is indexed, in a long-running store', async () => {
  const files = Array.from({ length: 1000 }, (_, n) => text(`n${n}.txt`, `Title: Bericht ${n}\nLanguage: nl\n\nDe haven van ${n % 2 ? 'Antwerpen' : 'Rotterdam'} is weer open, bericht ${n}.`))
  // Imported by a command (its words indexed in the change, a segment per few items), then opened as the app opens it.
  const command = createLibraryStore(temp.libraryDir, { search: ftsSearch })
  await createArchiveService({ store: command, readSample: () => Promise.reject(new Error('none')) }).importFiles({ files })
  command.close()
  const store = createLibraryStore(temp.libraryDir, { search: ftsSearch, indexInBackground: true })
  const api = createArchiveService({ store, readSample: () => Promise.reject(new Error('none')) })
  const ids = (await api.listItems({ limit: 2000 })).map((item) => item.id)
  expect(ids).toHaveLength(1000)
  const catalog = new Database(await catalogDatabaseOf(temp.libraryDir), { readonly: true })
  try {
    // A tag on every item: its words are indexed after the call answers, a batch per transaction.
    await api.editTags({ ids, add: ['havenbericht'] })
    await store.indexQueued()
    expect(segments(catalog).length).toBeGreaterThan(1)
    await expect.poll(() => segments(catalog).length, { timeout: 30_000, interval: 200 }).toBe(1)
    expect(segments(catalog)[0]).toEqual({ entries: 1000, tombstonePages: 0 })
    const tagged = await api.matchItems({ query: 'havenbericht rotterdam' })
    expect('ids' in tagged && tagged.ids.length).toBe(500)
  } finally {
    catalog.close()
    store.close()
  }
}, 120_000)

it('merges an index another process left in pieces by itself once a long-running store that opens it is quiet', async () => {
  // Imported by a command a file at a time: each change writes a segment, and FTS5's automerge leaves several.
  const command = createLibraryStore(temp.libraryDir, { search: ftsSearch })
  const imports = createArchiveService({ store: command, readSample: () => Promise.reject(new Error('none')) })
  for (let n = 0; n < 40; n++) await imports.importFiles({ files: [text(`n${n}.txt`, `Title: Bericht ${n}\nLanguage: nl\n\nDe haven van Rotterdam is weer open, bericht ${n}.`)] })
  command.close()
  const catalog = new Database(await catalogDatabaseOf(temp.libraryDir), { readonly: true })
  const store = createLibraryStore(temp.libraryDir, { search: ftsSearch, indexInBackground: true })
  try {
    expect(segments(catalog).length).toBeGreaterThan(1)
    const api = createArchiveService({ store, readSample: () => Promise.reject(new Error('none')) })
    expect(await api.listItems({ limit: 100 })).toHaveLength(40)
    await expect.poll(() => segments(catalog).length, { timeout: 30_000, interval: 200 }).toBe(1)
    expect(segments(catalog)[0]).toEqual({ entries: 40, tombstonePages: 0 })
    expect((await api.search({ query: 'rotterdam', limit: 100 })).total).toBe(40)
  } finally {
    catalog.close()
    store.close()
  }
}, 120_000)
