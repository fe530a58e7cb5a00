import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { ftsSearch } from '../../electron/node/library/ftsSearchBinding'
import { createLibraryStore } from '../../electron/node/library/libraryStore'
import { openArchive } from '../../electron/node/openArchive'
import { resourcesDir, SAMPLE, useTempDir } from '../support/tempLibrary'

const temp = useTempDir()

it('leaves out an item whose metadata was damaged by hand, and still finds the others', async () => {
  const libraryDir = temp.libraryDir
  const writer = openArchive({ libraryDir, resourcesDir })
  const sample = await writer.addSampleArticle({})
  const other = (await writer.importFiles({ files: [{ name: 'other.txt', dataBase64: Buffer.from('Een ander stuk\n\nOver de vrede in Korea.').toString('base64') }] })).added[0]
  // A sync tool or a hand edit leaves an author that is text, not a list of names.
  const recordPath = join(libraryDir, 'items', other.id, 'item.json')
  const record = JSON.parse(await readFile(recordPath, 'utf8'))
  record.item.csl.author = 'Smith'
  await writeFile(recordPath, JSON.stringify(record))

  // As the app does at its start, the records are compared with the catalog.
  const store = createLibraryStore(libraryDir, { search: ftsSearch })
  expect(await store.scanFiles()).toEqual({ changed: 1 })
  store.close()
  const reader = openArchive({ libraryDir, resourcesDir })
  expect((await reader.getLibraryInfo({})).setAside).toEqual([
    { id: other.id, reason: `The record of item ${other.id} (items/${other.id}/item.json) cannot be read: its author is not a list of names. Scriptorium set it aside and left the file untouched.` },
  ])
  const results = await reader.search({ query: 'tijdperk vrede', complete: true })
  expect(results.hits.map((hit) => hit.citekey)).toEqual([SAMPLE.citekey])
  expect((await reader.search({ query: 'korea', complete: true })).hits.map((hit) => hit.id)).toContain(sample.id)
})
