import { cp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { openArchive } from '../../electron/node/openArchive'
import { resourcesDir, useTempDir } from '../support/tempLibrary'
import { eventually } from '../support/eventually'

const temp = useTempDir()

afterEach(async () => {
  // The app's watcher may still be answering the removal's own events.
  await rm(temp.libraryDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 })
})

it('takes in records a sync tool changes, adds and removes while the app runs: lists, items and search follow', async () => {
  const cli = openArchive({ libraryDir: temp.libraryDir, resourcesDir })
  const first = await cli.addSampleArticle({})
  const second = await cli.addSampleArticle({})
  const app = openArchive({ libraryDir: temp.libraryDir, resourcesDir, longRunning: true })
  expect((await app.getLibraryInfo({})).itemCount).toBe(2)

  // One item removed on another machine.
  await rm(join(temp.libraryDir, 'items', second.id), { recursive: true })
  expect((await eventually(() => app.getLibraryInfo({}), (value) => value.itemCount === 1)).itemCount).toBe(1)
  const before = (await app.getLibraryInfo({})).revision

  // Another machine's edit, written the way a sync tool writes: a temp file renamed into place.
  const recordPath = join(temp.libraryDir, 'items', first.id, 'item.json')
  const record = JSON.parse(await readFile(recordPath, 'utf8'))
  record.item.csl.title = 'Kaesong verbindingsbureau heropend'
  record.revision += 1
  await writeFile(`${recordPath}.syncthing.tmp`, JSON.stringify(record))
  await cp(`${recordPath}.syncthing.tmp`, recordPath)
  await rm(`${recordPath}.syncthing.tmp`)

  await eventually(() => app.getLibraryInfo({}), (value) => value.revision !== before)
  expect((await app.getItem({ id: first.id })).csl.title).toBe('Kaesong verbindingsbureau heropend')
  expect((await app.search({ query: 'heropend' })).hits.map((hit) => hit.id)).toEqual([first.id])
  expect((await app.getSyncStatus({})).lastOutsideChange).not.toBeNull()
})

it('keeps watching an item folder a sync tool deleted and made again: a later change inside it is taken in', async () => {
  const cli = openArchive({ libraryDir: temp.libraryDir, resourcesDir })
  const item = await cli.addSampleArticle({})
  const app = openArchive({ libraryDir: temp.libraryDir, resourcesDir, longRunning: true })
  expect((await app.getLibraryInfo({})).itemCount).toBe(1)
  const folder = join(temp.libraryDir, 'items', item.id)
  const kept = join(temp.libraryDir, '..', 'kept-folder')
  await cp(folder, kept, { recursive: true })

  // Deleted on another machine, then brought back (a restore there, an undone delete).
  await rm(folder, { recursive: true })
  await eventually(() => app.getLibraryInfo({}), (value) => value.itemCount === 0)
  await cp(kept, folder, { recursive: true })
  expect((await eventually(() => app.getLibraryInfo({}), (value) => value.itemCount === 1)).itemCount).toBe(1)

  // Now an edit arrives inside the folder made again, as a sync tool writes it.
  const recordPath = join(folder, 'item.json')
  const record = JSON.parse(await readFile(recordPath, 'utf8'))
  record.item.csl.title = 'Verbindingsbureau na terugkeer bewerkt'
  record.revision += 1
  await writeFile(join(folder, '.syncthing.item.json.tmp'), JSON.stringify(record))
  await rename(join(folder, '.syncthing.item.json.tmp'), recordPath)

  const edited = await eventually(() => app.getItem({ id: item.id }), (value) => value.csl.title === record.item.csl.title)
  expect(edited.csl.title).toBe('Verbindingsbureau na terugkeer bewerkt')
  expect((await app.search({ query: 'terugkeer' })).hits.map((hit) => hit.id)).toEqual([item.id])
})
