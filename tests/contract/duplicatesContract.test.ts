import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { readItemRecords } from '../support/libraryFiles'
import { repoRoot } from '../support/tempLibrary'
import { directTransport, httpTransport, ipcTransport, openTemporaryLibrary, refusal, workerTransport, type TemporaryLibrary } from './transports'

const fixtures = join(repoRoot, 'tests', 'fixtures')
const upload = async (name: string, path: string) => ({ name, dataBase64: (await readFile(path)).toString('base64') })

describe.each([directTransport, ipcTransport, httpTransport, workerTransport])('duplicates and merge over $name', (transport) => {
  let library: TemporaryLibrary
  let api: ArchiveApi

  beforeEach(async () => {
    library = await openTemporaryLibrary(transport)
    api = library.api
  })

  afterEach(async () => {
    await library.close()
  })

  it('refuses a text or Markdown file with the same text as an item, naming it, and adds it anyway when allowed', async () => {
    const first = await api.importFiles({ files: [await upload('long-peace.md', join(fixtures, 'long-peace.md'))] })
    expect(first.failed).toEqual([])
    const original = first.added[0]
    // The same words under another name and extension.
    const again = await api.importFiles({ files: [await upload('copy of the long peace.txt', join(fixtures, 'long-peace.md'))] })
    expect(again.added).toEqual([])
    expect(again.failed).toEqual([
      {
        name: 'copy of the long peace.txt',
        message: `copy of the long peace.txt is already in the library as ${original.citekey}, “The Long Peace Revisited” by John Lewis Gaddis (the same text).`,
        duplicateOf: original.id,
      },
    ])
    const kept = await api.importFiles({ files: [await upload('copy of the long peace.txt', join(fixtures, 'long-peace.md'))], allowDuplicate: true })
    expect(kept.added).toHaveLength(1)
    expect((await api.listItems({})).length).toBe(2)
  })

  it('reports each repeated reference of a real .bib in the import report, naming the entry it repeats, and adds the rest', async () => {
    // biblatex's own examples hold four works entered twice (reprints, and an @online copy of an article at the same address).
    const report = await api.importFiles({ files: [await upload('biblatex-examples.bib', join(fixtures, 'references', 'real', 'biblatex-examples.bib'))] })
    const repeats = report.failed.filter((failure) => failure.duplicateOf)
    expect(repeats.map((failure) => failure.message.replace(/ is already in the library as (\S+), .*\((.*)\)\.$/, ' = $1: $2')).sort()).toEqual([
      'biblatex-examples.bib: baez/online = baez/article: the same address',
      'biblatex-examples.bib: knuth:ct:related = knuth:ct: the same title, year and first author',
      'biblatex-examples.bib: kullback:related = kullback:reprint: the same title, year and first author',
      'biblatex-examples.bib: vangennep:related = vangennep: the same title, year and first author',
    ])
    for (const failure of repeats) expect(report.added.map((item) => item.id)).toContain(failure.duplicateOf)
    const added = report.added.length
    // Imported again: every entry is refused, each by name; nothing is added twice.
    const again = await api.importFiles({ files: [await upload('biblatex-examples.bib', join(fixtures, 'references', 'real', 'biblatex-examples.bib'))] })
    expect(again.added).toEqual([])
    expect(again.failed.filter((failure) => failure.duplicateOf)).toHaveLength(added + repeats.length)
    expect((await api.listItems({})).length).toBe(added)
  })

  it('refuses a reference with the title, year and first author of an article already there, unless their DOIs differ', async () => {
    const peace = (await api.importFiles({ files: [await upload('long-peace.md', join(fixtures, 'long-peace.md'))] })).added[0]
    const reference = (doi?: string) => ({
      name: 'gaddis.json',
      dataBase64: Buffer.from(JSON.stringify([{ id: 'gaddis1986', type: 'article-journal', title: 'The long peace: revisited', author: [{ family: 'Gaddis', given: 'J. L.' }], issued: { 'date-parts': [[1986]] }, ...(doi ? { DOI: doi } : {}) }])).toString('base64'),
    })
    const refused = await api.importFiles({ files: [reference()] })
    expect(refused.added).toEqual([])
    expect(refused.failed).toMatchObject([{ duplicateOf: peace.id, message: `gaddis.json: gaddis1986 is already in the library as ${peace.citekey}, “The Long Peace Revisited” by John Lewis Gaddis (the same title, year and first author).` }])
    await api.updateItem({ id: peace.id, patch: { DOI: '10.2307/2538951' } })
    expect((await api.importFiles({ files: [reference('10.2307/2538951')] })).failed[0].message).toMatch(/\(the same DOI\)\.$/)
    // Another DOI names another work of the same title (a reply, an erratum).
    const other = await api.importFiles({ files: [reference('10.1000/reply.1')] })
    expect(other.failed).toEqual([])
    expect(other.added).toHaveLength(1)
    expect(await api.listDuplicates({})).toEqual([])
  })

  it('lists likely pairs and merges one into the other, which goes to the trash; unmerge takes back exactly what was added', async () => {
    const peace = (await api.importFiles({ files: [await upload('long-peace.md', join(fixtures, 'long-peace.md'))] })).added[0]
    const copy = (await api.importFiles({ files: [await upload('long-peace.txt', join(fixtures, 'long-peace.md'))], allowDuplicate: true })).added[0]
    const thesis = await api.createCollection({ name: 'Thesis' })
    await api.addToCollection({ id: thesis.id, itemIds: [copy.id] })
    await api.editTags({ ids: [copy.id], add: ['to read'] })
    await api.updateItem({ id: copy.id, patch: { DOI: '10.2307/2538951', volume: '10' } })
    const highlight = await api.addHighlight({ id: copy.id, quote: 'great-power war since 1945', color: 'green', note: 'Key claim.' })
    await api.addNote({ id: copy.id, note: 'Read for chapter 2.' })

    const pairs = await api.listDuplicates({})
    expect(pairs.map((pair) => [pair.keep.id, pair.other.id, pair.reason])).toEqual([[peace.id, copy.id, 'the same text']])

    expect(await refusal(api.mergeItems({ keep: peace.id, other: peace.id }))).toMatchObject({ code: 'invalid_argument', message: `An item cannot be merged with itself (${peace.citekey}).` })
    const merged = await api.mergeItems({ keep: peace.id, other: copy.id })
    expect(merged.added).toMatchObject({ fields: ['DOI', 'volume'], tags: ['to read'], collections: [thesis.id] })
    expect(merged.added.annotationIds).toHaveLength(2)
    expect(merged.trashed.trashedAt).not.toBeNull()
    const kept = await api.getItem({ id: peace.id })
    expect(kept.csl).toMatchObject({ DOI: '10.2307/2538951', volume: '10', title: 'The Long Peace Revisited' })
    expect(kept.tags).toEqual(['cold war', 'peace', 'to read'])
    expect(kept.collections).toEqual([thesis.id])
    const annotations = await api.listAnnotations({ id: peace.id })
    expect(annotations.highlights).toMatchObject([{ quote: highlight.quote, color: 'green', note: 'Key claim.' }])
    expect(annotations.notes.map((note) => note.note)).toEqual(['Read for chapter 2.'])
    expect((await api.listItems({ trash: true })).map((item) => item.id)).toEqual([copy.id])
    expect(await api.listDuplicates({})).toEqual([])
    // The records on disk say the same, for sync and other processes.
    const records = await readItemRecords(library.libraryDir)
    expect(records.find((item) => item.id === peace.id)?.csl.DOI).toBe('10.2307/2538951')
    expect(records.find((item) => item.id === copy.id)?.trashedAt).toBeTruthy()
    expect(await refusal(api.mergeItems({ keep: peace.id, other: copy.id }))).toMatchObject({ code: 'invalid_argument' })

    const { kept: unmerged, restored } = await api.unmergeItems({ keep: peace.id, other: copy.id, added: merged.added })
    expect(restored.trashedAt).toBeNull()
    expect(unmerged.csl.DOI).toBeUndefined()
    expect(unmerged.csl.volume).toBeUndefined()
    expect(unmerged.tags).toEqual(['cold war', 'peace'])
    expect(unmerged.collections).toBeUndefined()
    expect(await api.listAnnotations({ id: peace.id })).toMatchObject({ highlights: [], notes: [] })
    expect((await api.listAnnotations({ id: copy.id })).highlights).toHaveLength(1)
  })

  it('brings a deleted collection back with its subcollections and members, as an undo of the delete', async () => {
    const peace = (await api.importFiles({ files: [await upload('long-peace.md', join(fixtures, 'long-peace.md'))] })).added[0]
    const thesis = await api.createCollection({ name: 'Thesis' })
    const chapter = await api.createCollection({ name: 'Chapter 2', parentId: thesis.id })
    await api.addToCollection({ id: chapter.id, itemIds: [peace.id] })
    expect(await api.deleteCollection({ id: thesis.id })).toEqual({ removed: 2 })
    expect(await api.listCollections({})).toEqual([])
    const restored = await api.restoreCollections({ ids: [thesis.id, chapter.id] })
    expect(restored.map((collection) => [collection.name, collection.parentId, collection.itemCount])).toEqual([
      ['Thesis', null, 1],
      ['Chapter 2', thesis.id, 1],
    ])
    expect((await api.listItems({ collectionId: thesis.id })).map((item) => item.id)).toEqual([peace.id])
    const file = JSON.parse(await readFile(join(library.libraryDir, 'collections.json'), 'utf8'))
    expect(file.records[thesis.id].deletedAt).toBeUndefined()
    expect(await refusal(api.restoreCollections({ ids: ['NONE2345'] }))).toEqual({ code: 'not_found', message: 'There is no collection with id "NONE2345".' })
  })

  it('refuses a malformed merge at the boundary', async () => {
    expect(await refusal(api.mergeItems({ keep: 'NOPE2345', other: 'ALSO2345' }))).toMatchObject({ code: 'not_found' })
    if (library.client.raw) {
      const envelope = await library.client.raw('unmergeItems', { keep: 'A', other: 'B', added: { fields: [], tags: [] } })
      expect(envelope).toEqual({ ok: false, error: { code: 'invalid_argument', message: 'Invalid argument to unmergeItems: added.collections is missing.' } })
    }
  })
})
