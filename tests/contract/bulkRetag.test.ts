import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { openArchive } from '../../electron/node/openArchive'
import { readItemRecords } from '../support/libraryFiles'
import { generatedBib } from '../support/generatedBib'
import { resourcesDir, useTempDir } from '../support/tempLibrary'

// More than a change indexes inline (INLINE_INDEX_LIMIT in libraryStore.ts).
const COUNT = 150

describe('tagging many items in the app (a long-running archive)', () => {
  let api: ArchiveApi
  const temp = useTempDir()
  let ids: string[]

  beforeEach(async () => {
    api = openArchive({ libraryDir: temp.libraryDir, resourcesDir, longRunning: true })
    const bib = generatedBib(COUNT, { broken: false })
    const file = await api.readReferenceFile({ name: 'many.bib', dataBase64: Buffer.from(bib).toString('base64') })
    const report = await api.addReferences({ name: 'many.bib', format: file.format, encoding: file.encoding, entries: file.entries })
    ids = report.added.map((item) => item.id)
    expect(ids).toHaveLength(COUNT)
  })

  afterEach(async () => {
    // Whatever the background indexing still does is finished before the folder goes.
    await api.search({ query: 'report', complete: true })
  })

  it('answers with every record written, tag: at once, and the tag word found once indexing is done', async () => {
    expect(await api.editTags({ ids, add: ['Fieldwork'] })).toEqual({ changed: COUNT })
    // The records on disk and the catalog hold the tag when the call returns.
    const records = await readItemRecords(temp.libraryDir)
    expect(records.filter((item) => item.tags.includes('Fieldwork')).map((item) => item.id).sort()).toEqual([...ids].sort())
    expect((await api.listItems({})).filter((item) => item.tags.includes('Fieldwork'))).toHaveLength(COUNT)
    expect(await api.matchItems({ query: 'tag:fieldwork' })).toEqual({ ids: expect.arrayContaining(ids) })
    // A complete search waits for the queued words: the tag's word finds them all.
    const found = await api.search({ query: 'fieldwork', complete: true, limit: COUNT })
    expect(found.total).toBe(COUNT)
    expect(found.indexing ?? null).toBeNull()
    // Removing it again takes the word away as well.
    await api.editTags({ ids, remove: ['Fieldwork'] })
    expect((await api.search({ query: 'fieldwork', complete: true })).total).toBe(0)
    expect(await api.matchItems({ query: 'tag:fieldwork' })).toEqual({ ids: [] })
  })

  it('keeps the catalog\'s and the tag filter\'s rows in step when only some of many tags change, or only their case', async () => {
    await api.editTags({ ids, add: ['alpha', 'beta', 'Gamma'] })
    await api.editTags({ ids: ids.slice(0, 10), remove: ['beta'] })
    // Only the spelling changes: the tag pane shows the new one, counted once.
    expect(await api.renameTag({ from: 'Gamma', to: 'gamma' })).toEqual({ changed: COUNT })
    const counts = (await api.listTags({})).filter(({ tag }) => ['alpha', 'beta', 'gamma', 'Gamma'].includes(tag))
    expect(counts).toEqual([
      { tag: 'alpha', count: COUNT },
      { tag: 'beta', count: COUNT - 10 },
      { tag: 'gamma', count: COUNT },
    ])
    const tagged = async (tag: string) => {
      const answer = await api.matchItems({ query: `tag:${tag}` })
      return 'ids' in answer ? [...answer.ids].sort() : answer
    }
    expect(await tagged('alpha')).toEqual([...ids].sort())
    expect(await tagged('beta')).toEqual(ids.slice(10).sort())
    expect(await tagged('gamma')).toEqual([...ids].sort())
  })

  it('a later edit of one item, while words are still queued, is indexed with its own change', async () => {
    await api.editTags({ ids, add: ['harbour'] })
    await api.updateItem({ id: ids[0], patch: { title: 'The singular walrus dossier' } })
    expect((await api.search({ query: 'walrus' })).hits.map((hit) => hit.id)).toEqual([ids[0]])
    expect((await api.search({ query: 'harbour walrus', complete: true })).hits.map((hit) => hit.id)).toEqual([ids[0]])
  })
})
