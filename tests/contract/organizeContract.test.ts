import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi, Item } from '../../electron/core/archiveApi'
import { matchesOf } from '../../electron/core/organize/itemsInView'
import { openArchive } from '../../electron/node/openArchive'
import { readItemRecords } from '../support/libraryFiles'
import { resourcesDir, SAMPLE } from '../support/tempLibrary'
import { directTransport, httpTransport, ipcTransport, openTemporaryLibrary, refusal, workerTransport, type TemporaryLibrary } from './transports'

const text = (name: string, body: string) => ({ name, dataBase64: Buffer.from(body).toString('base64') })

/** Three articles of our own words, and the bundled sample (a real Dutch news article). */
async function addArticles(api: ArchiveApi): Promise<{ sample: Item; peace: Item; trade: Item; rain: Item }> {
  const sample = await api.addSampleArticle({})
  const report = await api.importFiles({
    files: [
      text('peace.txt', 'Title: Peace talks\nLanguage: en\nTags: talks\n\nDelegations spoke of a new era of peace in Geneva.'),
      text('trade.txt', 'Title: Trade figures\nLanguage: en\n\nExports of rice rose in the third quarter.'),
      text('rain.txt', 'Title: Rain in Utrecht\nLanguage: en\n\nIt rained for nine days in a row in Utrecht.'),
    ],
  })
  const [peace, trade, rain] = report.added
  return { sample, peace, trade, rain }
}

describe.each([directTransport, ipcTransport, httpTransport, workerTransport])('collections, tags and saved searches over $name', (transport) => {
  let library: TemporaryLibrary
  let api: ArchiveApi
  let items: Awaited<ReturnType<typeof addArticles>>

  beforeEach(async () => {
    library = await openTemporaryLibrary(transport)
    api = library.api
    items = await addArticles(api)
  })

  afterEach(async () => {
    await library.close()
  })

  it('nests collections, counts the items of subcollections, and lists a collection with its subcollections', async () => {
    const thesis = await api.createCollection({ name: 'Thesis' })
    const korea = await api.createCollection({ name: 'Korea', parentId: thesis.id })
    expect(korea).toMatchObject({ name: 'Korea', parentId: thesis.id, itemCount: 0 })
    expect(await api.addToCollection({ id: korea.id, itemIds: [items.sample.id, items.peace.id] })).toEqual({ changed: 2 })
    expect(await api.addToCollection({ id: thesis.id, itemIds: [items.peace.id, items.trade.id] })).toEqual({ changed: 2 })
    // Adding an item already there changes nothing.
    expect(await api.addToCollection({ id: korea.id, itemIds: [items.sample.id] })).toEqual({ changed: 0 })

    const listed = await api.listCollections({})
    expect(listed.map((collection) => [collection.name, collection.itemCount])).toEqual([
      ['Thesis', 3],
      ['Korea', 2],
    ])
    const inThesis = await api.listItems({ collectionId: thesis.id })
    expect(inThesis.map((item) => item.id).sort()).toEqual([items.sample.id, items.peace.id, items.trade.id].sort())
    expect((await api.listItems({ collectionId: korea.id })).map((item) => item.id).sort()).toEqual([items.sample.id, items.peace.id].sort())
    expect((await api.getItem({ id: items.peace.id })).collections?.sort()).toEqual([thesis.id, korea.id].sort())

    // The membership is in the item's own record, readable without the app.
    const records = await readItemRecords(library.libraryDir)
    expect(records.find((item) => item.id === items.sample.id)?.collections).toEqual([korea.id])
    const file = JSON.parse(await readFile(join(library.libraryDir, 'collections.json'), 'utf8'))
    expect(file.records[korea.id]).toMatchObject({ id: korea.id, name: 'Korea', parentId: thesis.id })
    expect(file.records[korea.id].modifiedAt).toMatch(/^\d{4}-/)

    expect(await api.removeFromCollection({ id: korea.id, itemIds: [items.peace.id] })).toEqual({ changed: 1 })
    expect((await api.listItems({ collectionId: korea.id })).map((item) => item.id)).toEqual([items.sample.id])
    // Peace is still in Thesis itself.
    expect((await api.listCollections({})).find((collection) => collection.id === thesis.id)?.itemCount).toBe(3)
  })

  it('renames, moves and deletes collections without deleting an item', async () => {
    const reading = await api.createCollection({ name: 'Reading' })
    const old = await api.createCollection({ name: 'Old', parentId: reading.id })
    await api.addToCollection({ id: old.id, itemIds: [items.rain.id, items.trade.id] })
    const renamed = await api.updateCollection({ id: old.id, name: 'Archive' })
    expect(renamed).toMatchObject({ id: old.id, name: 'Archive', itemCount: 2 })
    const moved = await api.updateCollection({ id: old.id, parentId: null })
    expect(moved.parentId).toBeNull()
    expect((await api.listCollections({})).map((collection) => collection.name)).toEqual(['Archive', 'Reading'])
    expect(await refusal(api.updateCollection({ id: reading.id, parentId: reading.id }))).toEqual({ code: 'invalid_argument', message: '"Reading" cannot be moved into itself or into one of its own subcollections.' })

    await api.updateCollection({ id: reading.id, parentId: old.id })
    expect(await api.deleteCollection({ id: old.id })).toEqual({ removed: 2 })
    expect(await api.listCollections({})).toEqual([])
    expect((await api.listItems({})).length).toBe(4)
    expect((await api.getLibraryInfo({})).trashCount).toBe(0)
    expect(await refusal(api.listItems({ collectionId: old.id }))).toEqual({ code: 'not_found', message: `There is no collection with id "${old.id}".` })
  })

  it('refuses a second collection of the same name beside the first, and names that cannot be used', async () => {
    const topics = await api.createCollection({ name: 'Topics' })
    expect(await refusal(api.createCollection({ name: ' topics ' }))).toEqual({ code: 'invalid_argument', message: 'There is already a collection named "Topics".' })
    // The same name under another parent is allowed, and the path tells them apart.
    await api.createCollection({ name: 'Topics', parentId: topics.id })
    expect(await refusal(api.createCollection({ name: '  ' }))).toEqual({ code: 'invalid_argument', message: 'A collection needs a name.' })
    expect(await refusal(api.createCollection({ name: 'a/b' }))).toEqual({ code: 'invalid_argument', message: 'A collection name cannot contain "/", which separates the names in a path: "a/b".' })
    expect((await refusal(api.addToCollection({ id: topics.id, itemIds: ['NOSUCHID'] }))).code).toBe('not_found')
  })

  it('finds the items of a collection with collection:, by name or quoted path, subcollections included', async () => {
    const thesis = await api.createCollection({ name: 'My thesis' })
    const chapter = await api.createCollection({ name: 'Chapter 2', parentId: thesis.id })
    await api.addToCollection({ id: chapter.id, itemIds: [items.sample.id, items.peace.id] })
    await api.addToCollection({ id: thesis.id, itemIds: [items.trade.id] })
    const found = async (query: string) => (await api.search({ query, complete: true })).hits.map((hit) => hit.id).sort()
    expect(await found('collection:"my thesis"')).toEqual([items.sample.id, items.peace.id, items.trade.id].sort())
    expect(await found('peace collection:"My thesis/Chapter 2"')).toEqual([items.peace.id])
    expect(await refusal(api.search({ query: 'collection:Nowhere' }))).toEqual({ code: 'not_found', message: 'There is no collection named "Nowhere".' })
    expect(await api.matchItems({ query: 'rice OR vrede', collectionId: thesis.id })).toEqual({ ids: expect.arrayContaining([items.sample.id, items.trade.id]) })
    expect(await api.matchItems({ query: 'rice OR vrede', collectionId: thesis.id })).toHaveProperty('ids.length', 2)
  })

  it('counts tags, tags many items in one call, and renames a tag into another, merging them', async () => {
    expect(await api.listTags({})).toEqual([{ tag: 'talks', count: 1 }])
    const ids = [items.sample.id, items.peace.id, items.trade.id]
    expect(await api.editTags({ ids, add: ['Korea', 'reading'] })).toEqual({ changed: 3 })
    expect(await api.editTags({ ids: [items.trade.id], remove: ['korea'] })).toEqual({ changed: 1 })
    expect(await api.listTags({})).toEqual([
      { tag: 'Korea', count: 2 },
      { tag: 'reading', count: 3 },
      { tag: 'talks', count: 1 },
    ])
    expect((await api.getItem({ id: items.peace.id })).tags).toEqual(['talks', 'Korea', 'reading'])
    expect((await api.search({ query: 'tag:korea', complete: true })).total).toBe(2)

    expect(await api.renameTag({ from: 'talks', to: 'korea' })).toEqual({ changed: 1 })
    expect((await api.getItem({ id: items.peace.id })).tags).toEqual(['Korea', 'reading'])
    expect(await api.listTags({})).toEqual([
      { tag: 'Korea', count: 2 },
      { tag: 'reading', count: 3 },
    ])
    expect(await refusal(api.renameTag({ from: 'nothing', to: 'x' }))).toEqual({ code: 'not_found', message: 'No item has the tag "nothing".' })
    expect(await refusal(api.editTags({ ids, add: ['a'], remove: ['A'] }))).toEqual({ code: 'invalid_argument', message: 'The tag "a" cannot be both added and removed.' })
    // A tag on a trashed item is not counted.
    await api.trashItem({ id: items.sample.id })
    expect((await api.listTags({})).find((count) => count.tag === 'Korea')?.count).toBe(1)
  })

  it('tells a table every item a query matches: by their ids, or by the few it leaves out when it matches most', async () => {
    await api.search({ query: 'in', complete: true })
    const library = await api.listItems({})
    // "in" is in all four articles, the Dutch one too; "in geneva" in one; "i", a prefix, in all but none.
    const broad = await api.matchItems({ query: 'in' })
    expect(broad).toEqual({ except: [] })
    expect(await api.matchItems({ query: 'rice' })).toEqual({ ids: [items.trade.id] })
    const most = await api.matchItems({ query: 'in -rice' })
    expect(most).toEqual({ except: [items.trade.id] })
    for (const query of ['in', 'rice', 'in -rice', 'in geneva', 'ra', 'utrecht OR rice OR vrede', 'lang:en', 'tag:talks in']) {
      // Every hit reachable and nothing else: the test the table applies lets through what the archive lists for the query.
      const test = matchesOf(await api.matchItems({ query }))
      const listed = (await api.listItems({ query })).map((item) => item.id).sort()
      expect(library.filter((item) => test.has(item.id)).map((item) => item.id).sort(), query).toEqual(listed)
      expect(listed.length, query).toBeGreaterThan(0)
    }
  })

  it('saves a search under a name, lists it, runs it as a live list and deletes it', async () => {
    const saved = await api.saveSearch({ name: 'Rice', query: 'rice OR rained' })
    expect(await api.listSavedSearches({})).toEqual([saved])
    expect((await api.listItems({ query: saved.query })).map((item) => item.id).sort()).toEqual([items.trade.id, items.rain.id].sort())
    // Live: a new item that matches is in the list at once.
    const [later] = (await api.importFiles({ files: [text('harvest.txt', 'Title: Harvest\nLanguage: en\n\nThe rice harvest was early.')] })).added
    expect(matchesOf(await api.matchItems({ query: saved.query })).has(later.id)).toBe(true)
    // Saving under the same name replaces the query.
    const replaced = await api.saveSearch({ name: 'rice', query: 'rice' })
    expect(replaced.id).toBe(saved.id)
    expect(await refusal(api.saveSearch({ name: 'Broken', query: '"unclosed' }))).toEqual({ code: 'invalid_argument', message: 'The query cannot be saved: The quote opened at character 1 is never closed; add a closing ".' })
    expect(await api.deleteSavedSearch({ id: saved.id })).toEqual({ removed: 'rice' })
    expect(await api.listSavedSearches({})).toEqual([])
  })
})

describe('collections and tags in a rebuilt catalog', () => {
  it('are taken back from the records and collections.json when the catalog is deleted', async () => {
    const library = await openTemporaryLibrary(directTransport)
    try {
      const { peace, sample } = await addArticles(library.api)
      const collection = await library.api.createCollection({ name: 'Kept' })
      await library.api.addToCollection({ id: collection.id, itemIds: [peace.id, sample.id] })
      await library.api.editTags({ ids: [peace.id], add: ['kept'] })
      await rm(join(library.libraryDir, '.local'), { recursive: true, force: true })
      const reopened = openArchive({ libraryDir: library.libraryDir, resourcesDir })
      expect((await reopened.listCollections({})).map((each) => [each.name, each.itemCount])).toEqual([['Kept', 2]])
      expect((await reopened.listItems({ collectionId: collection.id })).map((item) => item.citekey)).toContain(SAMPLE.citekey)
      expect((await reopened.listTags({})).find((tag) => tag.tag === 'kept')?.count).toBe(1)
    } finally {
      await library.close()
    }
  })
})
