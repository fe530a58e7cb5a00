import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { openArchive } from '../../electron/node/openArchive'
import { makeTempDir, resourcesDir, SAMPLE } from '../support/tempLibrary'

let temp: { dir: string; remove: () => Promise<void> }

beforeEach(async () => {
  temp = await makeTempDir()
})

afterEach(async () => {
  await temp.remove()
})

it('leaves out an item whose metadata was damaged by hand, and still finds the others', async () => {
  const libraryDir = join(temp.dir, 'library')
  const writer = openArchive({ libraryDir, resourcesDir })
  const sample = await writer.addSampleArticle({})
  const other = (await writer.importFiles({ files: [{ name: 'other.txt', dataBase64: Buffer.from('Een ander stuk\n\nOver de vrede in Korea.').toString('base64') }] })).added[0]
  // A sync tool or a hand edit leaves an author that is text, not a list of names.
  const catalogPath = join(libraryDir, 'catalog.json')
  const catalog = JSON.parse(await readFile(catalogPath, 'utf8'))
  catalog.items[other.id].csl.author = 'Smith'
  catalog.items[other.id].modifiedAt = new Date(Date.now() + 1000).toISOString()
  await writeFile(catalogPath, JSON.stringify(catalog))

  const reader = openArchive({ libraryDir, resourcesDir })
  const results = await reader.search({ query: 'tijdperk vrede', complete: true })
  expect(results.hits.map((hit) => hit.citekey)).toEqual([SAMPLE.citekey])
  expect((await reader.search({ query: 'korea', complete: true })).hits.map((hit) => hit.id)).toContain(sample.id)
})
