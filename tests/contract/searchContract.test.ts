import Database from 'better-sqlite3'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi, Item } from '../../electron/core/archiveApi'
import { createArchiveService } from '../../electron/core/archiveService'
import { ftsSearch } from '../../electron/node/library/ftsSearchBinding'
import { createLibraryStore } from '../../electron/node/library/libraryStore'
import { openArchive } from '../../electron/node/openArchive'
import { catalogDatabaseOf } from '../support/libraryFiles'
import { resourcesDir, SAMPLE, snapshotTree, useTempDir } from '../support/tempLibrary'
import { workerTransport, directTransport, httpTransport, ipcTransport, refusal, type OpenedClient } from './transports'

const text = (name: string, body: string) => ({ name, dataBase64: Buffer.from(body).toString('base64') })
const found = async (api: ArchiveApi, query: string) => (await api.search({ query, complete: true })).hits.map((hit) => hit.id)

describe.each([directTransport, ipcTransport, httpTransport, workerTransport])('search over $name', (transport) => {
  const temp = useTempDir()
  let client: OpenedClient
  let api: ArchiveApi
  let sample: Item

  beforeEach(async () => {
    client = await transport.open(temp.libraryDir)
    api = client.api
    sample = await api.addSampleArticle({})
    await api.importFiles({ files: [text('peace.txt', 'Title: Peace talks\nLanguage: en\n\nDelegations spoke of a new era of peace in Geneva.')] })
  })

  afterEach(async () => {
    await client.close()
  })

  it.each([
    ['tijdperk vrede'],
    [`"${SAMPLE.para3Phrase}"`],
    ["zo'n"],
    ['ambtenaar '],
  ])('%s finds the sample', async (query) => {
    expect(await found(api, query)).toEqual([sample.id])
  })

  it('answers with the title, authors, year, a score and a marked snippet at the match', async () => {
    const { hits, total, indexing } = await api.search({ query: `"${SAMPLE.para3Phrase}"` })
    expect(total).toBe(1)
    expect(indexing).toBeNull()
    const [hit] = hits
    expect(hit).toMatchObject({ id: sample.id, citekey: SAMPLE.citekey, title: SAMPLE.title, year: 2018, authors: [] })
    expect(hit.score).toBeGreaterThan(0)
    const [snippet] = hit.snippets
    expect(snippet.source).toBe('text')
    expect(snippet.marks.map(([start, end]) => snippet.text.slice(start, end))).toEqual([SAMPLE.para3Phrase])
    // The range addresses the archived text as highlights do: a highlight there has the same quote.
    const highlight = await api.addHighlight({ id: sample.id, quote: SAMPLE.para3Phrase })
    expect(snippet.range).toEqual(highlight.range)
  })

  it('does not find the sample by an unrelated phrase, and finds nothing without a word', async () => {
    expect(await found(api, '"vrede van een nieuw tijdperk"')).toEqual([])
    expect(await found(api, '"new era of peace"')).toHaveLength(1)
    expect(await found(api, 'kaesong -pyongyang')).toEqual([])
  })

  it('finds a new highlight and note at once, and says where the hit is', async () => {
    await api.addHighlight({ id: sample.id, quote: 'Kaesong', note: 'Border town, see **Yonhap** archive' })
    await api.addNote({ id: sample.id, note: 'Compare with the Hankyoreh report' })
    const inHighlight = await api.search({ query: 'archive in:highlights' })
    expect(inHighlight.hits.map((hit) => hit.id)).toEqual([sample.id])
    expect(inHighlight.hits[0].snippets[0]).toMatchObject({ source: 'highlight' })
    const inNote = await api.search({ query: 'hankyoreh' })
    expect(inNote.hits[0].snippets.map((snippet) => snippet.source)).toEqual(['note'])
    expect(await found(api, 'hankyoreh in:highlights')).toEqual([])
  })

  it('follows metadata edits, and a deleted item leaves the results until it is restored', async () => {
    await api.updateItem({ id: sample.id, patch: { tags: ['korea'], author: [{ family: 'Vries', given: 'Jan de' }] } })
    expect(await found(api, 'tag:korea author:vries')).toEqual([sample.id])
    await api.trashItem({ id: sample.id })
    expect(await found(api, 'tijdperk')).toEqual([])
    await api.restoreItem({ id: sample.id })
    expect(await found(api, 'tijdperk')).toEqual([sample.id])
    await api.trashItem({ id: sample.id })
    await api.emptyTrash({})
    expect(await found(api, 'tijdperk')).toEqual([])
  })

  it('filters by year and language and sorts by date', async () => {
    expect(await found(api, 'year:2018')).toEqual([sample.id])
    expect(await found(api, 'year:2015..2019')).toEqual([sample.id])
    expect(await found(api, 'year:2019..2030')).toEqual([])
    expect(await found(api, 'lang:nl')).toEqual([sample.id])
    // The article without a date sorts by when it was added, today: after 2018.
    const byDate = await api.search({ query: 'vrede OR peace', sort: 'date' })
    expect(byDate.hits.map((hit) => hit.title)).toEqual(['Peace talks', SAMPLE.title])
    expect(await refusal(api.search({ query: 'year:2018 OR peace' }))).toEqual({ code: 'invalid_argument', message: 'year: is a filter and cannot be joined with OR.' })
  })

  it('refuses a malformed query with a sentence, changing nothing', async () => {
    const before = await snapshotTree(temp.libraryDir)
    expect(await refusal(api.search({ query: '"een nieuw tijdperk' }))).toEqual({
      code: 'invalid_argument',
      message: 'The quote opened at character 1 is never closed; add a closing ".',
    })
    expect(await refusal(api.search({ query: 'vrede', limit: 0 }))).toMatchObject({ code: 'invalid_argument' })
    expect(await snapshotTree(temp.libraryDir)).toEqual(before)
  })
})

describe('the persisted search index', () => {
  const temp = useTempDir()

  const open = () => openArchive({ libraryDir: temp.libraryDir, resourcesDir })

  it('is kept in this machine\'s catalog database, updated with each change, and used by the next process', async () => {
    const first = open()
    const sample = await first.addSampleArticle({})
    expect(await catalogDatabaseOf(temp.libraryDir)).toMatch(/\.local\/[^/]+\/catalog-v\d+\.sqlite$/)
    // A highlight made by another process is indexed when that process's change is committed.
    await open().addHighlight({ id: sample.id, quote: 'Kaesong', note: 'grensplaats' })
    const next = await open().search({ query: 'grensplaats in:highlights' })
    expect(next.indexing).toBeNull()
    expect(next.hits.map((hit) => hit.id)).toEqual([sample.id])
  })

  it('is rebuilt from the records when damaged, missing or of another version', async () => {
    const sample = await open().addSampleArticle({})
    await open().addHighlight({ id: sample.id, quote: 'Kaesong', note: 'grensplaats' })
    const database = await catalogDatabaseOf(temp.libraryDir)
    const whole = await readFile(database)
    const cutOff = async (damage: () => Promise<void>) => {
      for (const suffix of ['-wal', '-shm']) await rm(database + suffix, { force: true })
      await damage()
    }
    const damages: [string, () => Promise<void>][] = [
      [
        'of another version',
        async () => {
          const db = new Database(database)
          db.pragma('user_version = 1')
          db.close()
        },
      ],
      ['cut in half', () => cutOff(() => writeFile(database, whole.subarray(0, whole.length / 2)))],
      ['garbage', () => cutOff(() => writeFile(database, '\u0000\u0001'))],
      ['missing', () => cutOff(() => rm(database))],
    ]
    for (const [name, damage] of damages) {
      await damage()
      expect({ name, hits: await found(open(), 'tijdperk vrede') }).toEqual({ name, hits: [sample.id] })
      expect({ name, hits: await found(open(), 'grensplaats in:highlights') }).toEqual({ name, hits: [sample.id] })
    }
  })

  it('catches up with items another process added, edited or deleted', async () => {
    const app = open()
    const sample = await app.addSampleArticle({})
    expect(await found(app, 'vrede')).toEqual([sample.id])
    const cli = open()
    await cli.updateItem({ id: sample.id, patch: { title: 'Liaison office in Kaesong' } })
    const [added] = (await cli.importFiles({ files: [text('office.txt', 'Title: Another office\n\nThe liaison office in Kaesong opened.')] })).added
    expect((await found(app, 'title:liaison')).sort()).toEqual([sample.id])
    expect((await found(app, 'liaison office')).sort()).toEqual([added.id, sample.id].sort())
    await cli.trashItem({ id: added.id })
    expect(await found(app, 'another')).toEqual([])
  })

  it('answers at once while a large rebuild runs, with its progress', async () => {
    const writer = open()
    const files = Array.from({ length: 80 }, (_, n) => text(`a${n}.txt`, `Title: Article ${n}\nLanguage: en\n\nReport number ${n} on harbours and ${n % 2 ? 'rivers' : 'mountains'}.`))
    await writer.importFiles({ files })
    const database = await catalogDatabaseOf(temp.libraryDir)
    for (const suffix of ['', '-wal', '-shm']) await rm(database + suffix, { force: true })
    const store = createLibraryStore(temp.libraryDir, { search: ftsSearch })
    const fresh = createArchiveService({ store, readSample: () => Promise.reject(new Error('none')) })
    // The catalog is back at once; the text of each item is indexed a batch at a time.
    expect((await fresh.getLibraryInfo({})).itemCount).toBe(80)
    const early = await fresh.search({ query: 'harbours' })
    expect(early.indexing).toEqual({ indexed: 0, total: 80 })
    expect(early.hits).toEqual([])
    const progress: { indexed: number; total: number }[] = []
    await store.indexQueued({ onProgress: (step) => progress.push(step) })
    expect(progress.at(-1)).toEqual({ indexed: 80, total: 80 })
    const done = await fresh.search({ query: 'harbours', limit: 100 })
    expect(done.total).toBe(80)
    expect(done.indexing).toBeNull()
    store.close()
  })

})
