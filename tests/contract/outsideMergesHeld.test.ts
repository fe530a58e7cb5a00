import Database from 'better-sqlite3'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { createArchiveService } from '../../electron/core/archiveService'
import { ftsSearch } from '../../electron/node/library/ftsSearchBinding'
import { createLibraryStore } from '../../electron/node/library/libraryStore'
import { ftsSegments } from '../../electron/node/search/ftsSegments'
import { owedMergePages } from '../../electron/node/search/heldMerges'
import { catalogDatabaseOf } from '../support/libraryFiles'
import { useTempDir } from '../support/tempLibrary'

const text = (name: string, body: string) => ({ name, dataBase64: Buffer.from(body).toString('base64') })

const temp = useTempDir()

/** Each segment of the index by the range of FTS5's writes it holds: a merged segment holds the union of its inputs'. */
function segmentKeys(catalog: Database.Database): string[] {
  const found = ftsSegments(catalog)
  expect(found).not.toBeNull()
  return found!.map((segment) => `${segment.firstWrite}-${segment.lastWrite}`)
}

/** Another device's edit of these items' titles, as a sync tool brings it: each record replaced by a rename. */
async function retitleOutside(ids: string[], word: string): Promise<void> {
  for (const id of ids) {
    const path = join(temp.libraryDir, 'items', id, 'item.json')
    const record = JSON.parse(await readFile(path, 'utf8'))
    record.item.csl.title = `${record.item.csl.title} ${word}`
    record.revision += 1
    await writeFile(`${path}.tmp`, JSON.stringify(record))
    await rename(`${path}.tmp`, path)
  }
}

it('takes in a large outside change without merging the older segments of the index in its commit, finds every item at once, and merges later when quiet', async () => {
  // Imported by a command in batches, each its own change and segment: the index has a level of several segments, which
  // FTS5's automerge would merge in the next change that writes enough.
  const command = createLibraryStore(temp.libraryDir, { search: ftsSearch })
  const imports = createArchiveService({ store: command, readSample: () => Promise.reject(new Error('none')) })
  for (let batch = 0; batch < 6; batch++) {
    const files = Array.from({ length: 25 }, (_, n) => text(`b${batch}n${n}.txt`, `Title: Bericht ${batch}-${n}\nLanguage: nl\n\nDe haven van ${n % 2 ? 'Antwerpen' : 'Rotterdam'} is weer open, bericht ${batch} nummer ${n}.`))
    await imports.importFiles({ files })
  }
  await command.indexQueued()
  const ids = (await imports.listItems({ limit: 1000 })).map((item) => item.id)
  expect(ids).toHaveLength(150)
  const queries = ['rotterdam', 'haven', 'antw', 'bericht -antwerpen']
  const answers = async (api: typeof imports) => Promise.all(queries.map(async (query) => (await api.search({ query, limit: 200 })).hits.map((hit) => hit.id).sort()))
  const before = await answers(imports)
  const catalog = new Database(await catalogDatabaseOf(temp.libraryDir), { readonly: true })
  try {
    const older = segmentKeys(catalog)
    expect(older.length).toBeGreaterThanOrEqual(4)

    // 120 items changed on another device: taken in as one change.
    const changed = ids.slice(0, 120)
    await retitleOutside(changed, 'elders')
    expect((await command.takeInChanges(changed)).changed).toBe(120)

    // Found at once, every one of them, and nothing else moved.
    const found = await imports.search({ query: 'elders', limit: 200 })
    expect(found.total).toBe(120)
    expect(found.hits.map((hit) => hit.id).sort()).toEqual([...changed].sort())
    expect(await answers(imports)).toEqual(before)
    // The change wrote its own segment and merged none of the older ones; the merging it held is owed.
    const after = segmentKeys(catalog)
    expect(after).toEqual(expect.arrayContaining(older))
    expect(after.length).toBeGreaterThan(older.length)
    expect(owedMergePages(catalog)).toBeGreaterThan(0)
    command.close()

    // A long-running store does what is owed once quiet (as the app would, after the pick-up): the older segments merge.
    const app = createLibraryStore(temp.libraryDir, { search: ftsSearch, indexInBackground: true })
    const api = createArchiveService({ store: app, readSample: () => Promise.reject(new Error('none')) })
    try {
      expect(await api.listItems({ limit: 1 })).toHaveLength(1)
      await expect.poll(() => owedMergePages(catalog), { timeout: 30_000, interval: 200 }).toBe(0)
      expect(segmentKeys(catalog).length).toBeLessThan(after.length)
      expect((await api.search({ query: 'elders', limit: 200 })).hits.map((hit) => hit.id).sort()).toEqual([...changed].sort())
      expect(await answers(api)).toEqual(before)
    } finally {
      app.close()
    }
  } finally {
    catalog.close()
  }
}, 120_000)
