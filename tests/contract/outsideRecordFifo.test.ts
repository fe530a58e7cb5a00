import { execFileSync } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createArchiveService } from '../../electron/core/archiveService'
import { ftsSearch } from '../../electron/node/library/ftsSearchBinding'
import { createLibraryStore } from '../../electron/node/library/libraryStore'
import { makeTempDir } from '../support/tempLibrary'

let removeTemp: () => Promise<void>
let libraryDir: string

beforeEach(async () => {
  const temp = await makeTempDir()
  removeTemp = temp.remove
  libraryDir = join(temp.dir, 'library')
})

afterEach(async () => {
  await removeTemp()
})

it.skipIf(process.platform === 'win32')('sets aside a record a sync tool turned into a FIFO, and goes on: the pick-up never waits on it', async () => {
  const store = createLibraryStore(libraryDir, { search: ftsSearch })
  const api = createArchiveService({ store, readSample: () => Promise.reject(new Error('none')) })
  const body = (n: number) => ({ name: `n${n}.txt`, dataBase64: Buffer.from(`Title: Bericht ${n}\nLanguage: nl\n\nDe haven van bericht ${n} is weer open.`).toString('base64') })
  await api.importFiles({ files: [body(1), body(2)] })
  const [id] = (await api.listItems({ limit: 10 })).map((item) => item.id).sort()
  try {
    const path = join(libraryDir, 'items', id, 'item.json')
    await rm(path)
    // No writer ever opens it: reading it as a file would wait for ever.
    execFileSync('mkfifo', [path])
    expect((await store.takeInChanges([id])).changed).toBe(1)
    expect((await api.getLibraryInfo({})).setAside).toEqual([{ id, reason: expect.stringContaining(`items/${id}/item.json: it is not a plain file.`) }])
    expect((await api.listItems({ limit: 10 })).map((item) => item.id)).not.toContain(id)
  } finally {
    store.close()
  }
})
