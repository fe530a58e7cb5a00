import { execFileSync } from 'node:child_process'
import { cp, mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, expect, it } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { createArchiveService } from '../../electron/core/archiveService'
import { ftsSearch } from '../../electron/node/library/ftsSearchBinding'
import { createLibraryStore } from '../../electron/node/library/libraryStore'
import { openArchive } from '../../electron/node/openArchive'
import { resourcesDir, useTempDir } from '../support/tempLibrary'

/**
 * A sync tool can leave a FIFO where one of our files should be, and no process ever writes it: a
 * read that opens it blocking waits for ever (on a pool thread, or on the archive's own). Each call
 * here must answer, in words where something cannot be read; a read that blocks fails by the suite's
 * time-out for a test.
 */
const temp = useTempDir()
let api: ArchiveApi
let itemId: string

beforeEach(async () => {
  api = openArchive({ libraryDir: temp.libraryDir, resourcesDir })
  itemId = (await api.addSampleArticle({})).id
})

async function makeFifo(path: string): Promise<void> {
  await rm(path, { force: true })
  execFileSync('mkfifo', [path])
}

const unix = process.platform !== 'win32'

it.skipIf(!unix)('check --repair puts back a record that is a FIFO from the backup that holds it', async () => {
  await api.takeBackup({})
  await makeFifo(join(temp.libraryDir, 'items', itemId, 'item.json'))
  const check = await api.checkLibrary({ repair: true })
  const problem = check.problems.find((entry) => entry.path === `items/${itemId}/item.json`)
  expect(problem?.repaired).toBe(true)
  expect(problem?.message).toContain('It was replaced by its copy in the backup')
  expect((await api.getItem({ id: itemId })).id).toBe(itemId)
})

it.skipIf(!unix)('the full check names a settings.json that is a FIFO', async () => {
  await makeFifo(join(temp.libraryDir, 'settings.json'))
  const messages = (await api.checkLibrary({})).problems.map((problem) => problem.message)
  expect(messages).toContain('The settings file (settings.json) cannot be read: it is not a plain file.')
})

it.skipIf(!unix)('the list of kept conflicts passes over a FIFO in conflicts/', async () => {
  await mkdir(join(temp.libraryDir, 'conflicts'), { recursive: true })
  await makeFifo(join(temp.libraryDir, 'conflicts', 'X.item.0123456789abcdef.json'))
  expect(await api.listConflicts({})).toEqual([])
})

it.skipIf(!unix)('an item that arrives by sync with a FIFO for its article is taken in and found by its title; its text says why it is missing', async () => {
  const there = join(temp.dir, 'other')
  // Another machine's copy of the library, made before the item arrived.
  await mkdir(there)
  await cp(join(temp.libraryDir, 'library.json'), join(there, 'library.json'))
  const store = createLibraryStore(there, { search: ftsSearch })
  const other = createArchiveService({ store, readSample: () => Promise.reject(new Error('none')) })
  expect(await other.listItems({ limit: 1 })).toEqual([])
  await cp(join(temp.libraryDir, 'items', itemId), join(there, 'items', itemId), { recursive: true })
  await makeFifo(join(there, 'items', itemId, 'content.html'))
  await store.takeInChanges([itemId])
  const title = String((await api.getItem({ id: itemId })).csl.title)
  const word = title.split(/\s+/).find((token) => /^\p{L}{5,}$/u.test(token))!
  expect((await other.search({ query: `title:${word}`, complete: true })).hits.map((hit) => hit.id)).toEqual([itemId])
  await expect(other.getContent({ id: itemId })).rejects.toThrow('content.html: it is not a plain file.')
  store.close()
})
