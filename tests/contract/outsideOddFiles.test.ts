import { execFileSync } from 'node:child_process'
import { readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { openArchive } from '../../electron/node/openArchive'
import { resourcesDir, useTempDir } from '../support/tempLibrary'
import { twoDutchItems } from '../support/twoDutchItems'

const temp = useTempDir()
const unix = process.platform !== 'win32'

it.skipIf(!unix)('sets aside a record a sync tool turned into a FIFO, and goes on: the pick-up never waits on it', async () => {
  const { store, api, ids } = await twoDutchItems(temp.libraryDir)
  const [id] = ids
  try {
    const path = join(temp.libraryDir, 'items', id, 'item.json')
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

it('sets aside a record over the size limit, unread, and says so; the other item stays', async () => {
  const { store, api, ids } = await twoDutchItems(temp.libraryDir)
  const [id, other] = ids
  try {
    // Sparse: 65 MB that take no disk, zeros that are not JSON either; the reason must be the size.
    await truncate(join(temp.libraryDir, 'items', id, 'item.json'), 65 * 1024 * 1024)
    expect((await store.takeInChanges([id])).changed).toBe(1)
    expect((await api.getLibraryInfo({})).setAside).toEqual([{ id, reason: expect.stringContaining(`items/${id}/item.json: it is larger than 64 MB, too large for a library file.`) }])
    expect((await api.listItems({ limit: 10 })).map((item) => item.id)).toEqual([other])
    expect((await api.search({ query: 'haven' })).total).toBe(1)
  } finally {
    store.close()
  }
})

it.skipIf(!unix)('a FIFO in place of another device\'s annotation file never holds the pick-up; the item stays, and its highlights say why they cannot be shown', async () => {
  const { store, api, ids } = await twoDutchItems(temp.libraryDir)
  const [id] = ids
  try {
    const folder = join(temp.libraryDir, 'items', id)
    execFileSync('mkfifo', [join(folder, 'annotations.otherdevice.json')])
    expect((await store.takeInChanges([id])).changed).toBe(1)
    expect((await api.listItems({ limit: 10 })).map((item) => item.id)).toContain(id)
    expect((await api.search({ query: 'haven' })).total).toBe(2)
    // Its highlights are not shown as if they were all: the reader says why, in words.
    await expect(api.listAnnotations({ id })).rejects.toThrow(`items/${id}/annotations.otherdevice.json: it is not a plain file.`)
  } finally {
    store.close()
  }
})

it.skipIf(!unix)('a conflict copy that is a FIFO stays unmerged beside the record, which is left as it was', async () => {
  const { store, api, ids } = await twoDutchItems(temp.libraryDir)
  const [id] = ids
  try {
    const folder = join(temp.libraryDir, 'items', id)
    const record = await readFile(join(folder, 'item.json'), 'utf8')
    const copy = 'item.sync-conflict-20261203-101010-ABCDEFG.json'
    execFileSync('mkfifo', [join(folder, copy)])
    await store.takeInChanges([id])
    expect(await readdir(folder)).toContain(copy)
    expect(await readFile(join(folder, 'item.json'), 'utf8')).toBe(record)
    expect((await api.listItems({ limit: 10 })).map((item) => item.id)).toContain(id)
  } finally {
    store.close()
  }
})

it('a record over the size limit is not replaced by its conflict copy: both wait, unmerged', async () => {
  const { store, ids } = await twoDutchItems(temp.libraryDir)
  const [id] = ids
  try {
    const folder = join(temp.libraryDir, 'items', id)
    const record = join(folder, 'item.json')
    const copy = 'item.sync-conflict-20261203-101010-ABCDEFG.json'
    await writeFile(join(folder, copy), await readFile(record))
    await truncate(record, 65 * 1024 * 1024)
    await store.takeInChanges([id])
    expect(await readdir(folder)).toContain(copy)
    expect((await readFile(record)).length).toBe(65 * 1024 * 1024)
  } finally {
    store.close()
  }
})

it.skipIf(!unix)('a settings.json a sync tool turned into a FIFO is refused in words, not waited on; the items come back with the file', async () => {
  const { store, ids } = await twoDutchItems(temp.libraryDir)
  store.close()
  const settings = join(temp.libraryDir, 'settings.json')
  await rm(settings, { force: true })
  execFileSync('mkfifo', [settings])
  await expect(openArchive({ libraryDir: temp.libraryDir, resourcesDir }).listItems({ limit: 10 })).rejects.toThrow(`${settings}: it is not a plain file.`)
  await rm(settings)
  expect((await openArchive({ libraryDir: temp.libraryDir, resourcesDir }).listItems({ limit: 10 })).map((item) => item.id).sort()).toEqual(ids)
})
