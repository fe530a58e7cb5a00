import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { openArchive } from '../../electron/node/openArchive'
import { runScriptorium } from '../support/runScriptorium'
import { resourcesDir, useTempDir } from '../support/tempLibrary'
import { eventually } from '../support/eventually'
import { asDevice } from '../support/asDevice'

/**
 * The library-wide records (collections.json, searches.json) are no item files, so no change log
 * names them: the app watches the library's top, which no per-folder budget gives up, and reads them
 * again on every call. Their stamps are part of the revision a window polls, so an open window shows
 * what another machine did to them (a collection made there, "Keep this version" of a collection).
 */

/** No item folder is watched, and no full scan comes. */
const WATCH = { maxFolderWatches: 1, scanMs: 3_600_000, recheckMs: 200 }

const temp = useTempDir()

afterEach(async () => {
  await rm(temp.libraryDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 })
})

const names = async (app: ArchiveApi) => (await app.listCollections({})).map((collection) => collection.name).sort()

it("an open window's revision changes when another machine makes a collection, and the collection is listed", { timeout: 60_000 }, async () => {
  const desk = asDevice('desk', () => openArchive({ libraryDir: temp.libraryDir, resourcesDir, longRunning: true, watch: WATCH }))
  await desk.addSampleArticle({})
  const before = (await desk.getLibraryInfo({})).revision
  const made = await runScriptorium(['--library', temp.libraryDir, 'collection', 'create', 'Made on the laptop'], { env: { SCRIPTORIUM_DEVICE: 'laptop' } })
  expect(made.code, made.stderr).toBe(0)
  expect(await eventually(async () => (await desk.getLibraryInfo({})).revision, (revision) => revision !== before)).not.toBe(before)
  expect(await names(desk)).toEqual(['Made on the laptop'])
})

it('"Keep this version" of a collection on another machine: the open window sees the kept name', { timeout: 60_000 }, async () => {
  const desk = asDevice('desk', () => openArchive({ libraryDir: temp.libraryDir, resourcesDir, longRunning: true, watch: WATCH }))
  await desk.addSampleArticle({})
  await desk.createCollection({ name: 'Thesis' })
  // A third machine renamed the same collection, and its copy holds an entry that is no record (a hand edit): the
  // sync tool left the file as a conflict copy, which the record-by-record merge cannot read, so it is kept whole in conflicts/.
  const file = JSON.parse(await readFile(join(temp.libraryDir, 'collections.json'), 'utf8')) as { records: Record<string, unknown> }
  for (const record of Object.values(file.records)) (record as { name: string }).name = 'Dissertation'
  file.records['hand-edited'] = 'not a collection'
  await writeFile(join(temp.libraryDir, 'collections.sync-conflict-20261202-030000-PHONE12.json'), JSON.stringify(file, null, 2))
  const kept = await eventually(() => desk.listConflicts({}), (found) => found.length === 1)
  expect(kept.map((conflict) => conflict.file)).toEqual(['collections.json'])
  expect(await names(desk)).toEqual(['Thesis'])
  const before = (await desk.getLibraryInfo({})).revision

  // The laptop keeps the other version.
  const laptop = asDevice('laptop', () => openArchive({ libraryDir: temp.libraryDir, resourcesDir }))
  await laptop.resolveConflict({ id: kept[0].id, keep: true })
  expect(await eventually(async () => (await desk.getLibraryInfo({})).revision, (revision) => revision !== before)).not.toBe(before)
  expect(await names(desk)).toEqual(['Dissertation'])
})
