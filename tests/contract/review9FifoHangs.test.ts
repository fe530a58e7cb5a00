// Review 9 proofs: reads of synced-in files that still open a FIFO blocking (fs.promises.readFile).
// Each case races the call against a few seconds, then opens the FIFO for writing to release the
// blocked pool thread, so that the suite itself never hangs.
import { execFileSync } from 'node:child_process'
import { closeSync, constants, openSync } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { openArchive } from '../../electron/node/openArchive'
import { makeTempDir, resourcesDir } from '../support/tempLibrary'

let removeTemp: () => Promise<void>
let libraryDir: string
let api: ArchiveApi
let itemId: string

beforeEach(async () => {
  const temp = await makeTempDir()
  removeTemp = temp.remove
  libraryDir = join(temp.dir, 'library')
  api = openArchive({ libraryDir, resourcesDir })
  itemId = (await api.addSampleArticle({})).id
})
afterEach(() => removeTemp())

/** 'hung' when the call has not settled after `ms`; the FIFO is then opened for writing so that it settles. */
async function answersOrHangs(call: Promise<unknown>, fifo: string, ms = 3000): Promise<string> {
  const settled = call.then(() => 'answered', (error: Error) => `refused: ${error.message}`)
  const outcome = await Promise.race([settled, new Promise<string>((resolve) => setTimeout(() => resolve('hung'), ms))])
  if (outcome === 'hung') {
    for (let tries = 0; tries < 50; tries++) {
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK))
      } catch {
        // ENXIO: no reader is waiting right now.
      }
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    await settled
  }
  return outcome
}

it.skipIf(process.platform === 'win32')('a backup with a FIFO annotation file in an item folder', async () => {
  const fifo = join(libraryDir, 'items', itemId, 'annotations.otherdevice.json')
  execFileSync('mkfifo', [fifo])
  expect(await answersOrHangs(api.takeBackup({}), fifo)).not.toBe('hung')
})

it.skipIf(process.platform === 'win32')('check --repair of a FIFO record that a backup holds', async () => {
  await api.takeBackup({})
  const fifo = join(libraryDir, 'items', itemId, 'item.json')
  await rm(fifo)
  execFileSync('mkfifo', [fifo])
  expect(await answersOrHangs(api.checkLibrary({ repair: true }), fifo)).not.toBe('hung')
})

it.skipIf(process.platform === 'win32')('the full check with a FIFO settings.json', async () => {
  const fifo = join(libraryDir, 'settings.json')
  await rm(fifo, { force: true })
  execFileSync('mkfifo', [fifo])
  expect(await answersOrHangs(api.checkLibrary({}), fifo)).not.toBe('hung')
})

it.skipIf(process.platform === 'win32')('the list of kept conflicts with a FIFO in conflicts/', async () => {
  await mkdir(join(libraryDir, 'conflicts'), { recursive: true })
  const fifo = join(libraryDir, 'conflicts', 'X.item.0123456789abcdef.json')
  execFileSync('mkfifo', [fifo])
  expect(await answersOrHangs(api.listConflicts({}), fifo)).not.toBe('hung')
})

it.skipIf(process.platform === 'win32')('control: the full check (no repair) of a FIFO record answers', async () => {
  await api.takeBackup({})
  const fifo = join(libraryDir, 'items', itemId, 'item.json')
  await rm(fifo)
  execFileSync('mkfifo', [fifo])
  expect(await answersOrHangs(api.checkLibrary({}), fifo)).not.toBe('hung')
})

it.skipIf(process.platform === 'win32')('taking in an item that arrived by sync whose content.html is a FIFO', async () => {
  const { cp } = await import('node:fs/promises')
  const { createLibraryStore } = await import('../../electron/node/library/libraryStore')
  const { ftsSearch } = await import('../../electron/node/library/ftsSearchBinding')
  const { makeTempDir: temp } = await import('../support/tempLibrary')
  const other = await temp()
  try {
    const there = join(other.dir, 'library')
    const store = createLibraryStore(there, { search: ftsSearch })
    const api2 = openArchive({ libraryDir: there, resourcesDir })
    await api2.listItems({ limit: 1 })
    // The item arrives by sync: its folder copied in, its content.html a FIFO no process writes.
    await cp(join(libraryDir, 'items', itemId), join(there, 'items', itemId), { recursive: true })
    const fifo = join(there, 'items', itemId, 'content.html')
    await rm(fifo)
    execFileSync('mkfifo', [fifo])
    try {
      expect(await answersOrHangs(store.takeInChanges([itemId]).then(() => store.indexQueued()), fifo)).not.toBe('hung')
    } finally {
      store.close()
    }
  } finally {
    await other.remove()
  }
})
