import { mkdir, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, expect, it } from 'vitest'
import { libraryLayout } from '../../electron/node/library/libraryLayout'
import { openArchive } from '../../electron/node/openArchive'
import { resourcesDir, useTempDir } from '../support/tempLibrary'
import { twoDutchItems } from '../support/twoDutchItems'

// A sync tool (Syncthing on Linux and macOS) carries symbolic links as links: a co-author's machine
// can put one anywhere in the shared folder. None may lead a read or a write out of the library.
const unix = process.platform !== 'win32'

const temp = useTempDir()
let outside: string

beforeEach(async () => {
  outside = join(temp.dir, 'outside')
  await mkdir(outside)
})

/** Every file under `folder` with its text: what must stay as it was. */
async function filesIn(folder: string): Promise<Map<string, string>> {
  const names = await readdir(folder, { recursive: true, withFileTypes: true })
  const files = names.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
  return new Map(await Promise.all(files.map(async (path) => [path, await readFile(path, 'utf8')] as const)))
}

it.skipIf(!unix)('an archived article that is a link to a file outside is refused in words, never shown or indexed', async () => {
  const { store, api, ids } = await twoDutchItems(temp.libraryDir)
  const [id] = ids
  try {
    const secret = join(outside, 'private.html')
    await writeFile(secret, '<p>geheimwoord from a private file</p>')
    const content = join(temp.libraryDir, 'items', id, 'content.html')
    await rm(content)
    await symlink(secret, content)
    await store.takeInChanges([id])
    await expect(api.getContent({ id })).rejects.toThrow(`${content}: it is not a plain file.`)
    expect((await api.search({ query: 'geheimwoord' })).total).toBe(0)
    expect((await api.search({ query: 'haven' })).total).toBeGreaterThanOrEqual(1)
  } finally {
    store.close()
  }
})

it.skipIf(!unix)('a record that is a link to a record outside is set aside, unread, and the other item stays', async () => {
  const { store, api, ids } = await twoDutchItems(temp.libraryDir)
  const [id, other] = ids
  try {
    const record = join(temp.libraryDir, 'items', id, 'item.json')
    // A valid record, with a title of its own: read through the link, it would pass as this item.
    const copy = JSON.parse(await readFile(record, 'utf8'))
    copy.item.csl.title = 'Buitenstaander'
    await writeFile(join(outside, 'item.json'), JSON.stringify(copy))
    await rm(record)
    await symlink(join(outside, 'item.json'), record)
    expect((await store.takeInChanges([id])).changed).toBe(1)
    expect((await api.getLibraryInfo({})).setAside).toEqual([{ id, reason: expect.stringContaining(`items/${id}/item.json: it is not a plain file.`) }])
    expect((await api.listItems({ limit: 10 })).map((item) => item.id)).toEqual([other])
    expect((await api.search({ query: 'buitenstaander' })).total).toBe(0)
  } finally {
    store.close()
  }
})

it.skipIf(!unix)('a devices folder that is a link to a folder outside gets no change log; the change itself is made', async () => {
  const { store, api, ids } = await twoDutchItems(temp.libraryDir)
  const [id] = ids
  try {
    const devices = join(temp.libraryDir, 'devices')
    const before = await filesIn(outside)
    await rm(devices, { recursive: true, force: true })
    await symlink(outside, devices)
    await api.updateItem({ id, patch: { title: 'Bericht bijgewerkt' } })
    expect(await filesIn(outside)).toEqual(before)
    expect((await api.getItem({ id })).csl.title).toBe('Bericht bijgewerkt')
  } finally {
    store.close()
  }
})

it.skipIf(!unix)('this device\'s change log that is a link to a file outside is not appended to', async () => {
  const { store, api, ids } = await twoDutchItems(temp.libraryDir)
  const [id] = ids
  try {
    const { device } = libraryLayout(temp.libraryDir)
    const devices = join(temp.libraryDir, 'devices')
    const logs = (await readdir(devices)).filter((name) => name.startsWith(`${device}.`))
    expect(logs.length).toBeGreaterThan(0)
    const target = join(outside, 'notes.txt')
    await writeFile(target, 'my own notes\n')
    for (const name of logs) {
      await rm(join(devices, name))
      await symlink(target, join(devices, name))
    }
    await api.updateItem({ id, patch: { title: 'Bericht bijgewerkt' } })
    expect(await readFile(target, 'utf8')).toBe('my own notes\n')
    expect((await api.getItem({ id })).csl.title).toBe('Bericht bijgewerkt')
    // The other machines then see this one's changes only in their full scans: the Sync panel says why.
    expect((await api.getSyncStatus({})).problem).toBe(`Scriptorium could not note this machine's changes for the others in ${devices}: ${join(devices, logs.at(-1)!)} is a link, which Scriptorium does not follow out of the library; remove it.`)
    // Gone once the links are, before any other change.
    for (const name of logs) await rm(join(devices, name))
    expect((await api.getSyncStatus({})).problem).toBeNull()
  } finally {
    store.close()
  }
})

it.skipIf(!unix)('this machine\'s folder under .local that is a link is refused in words at open; the folder it leads to stays untouched', async () => {
  const { store, ids } = await twoDutchItems(temp.libraryDir)
  store.close()
  const { deviceFolder } = libraryLayout(temp.libraryDir)
  // The machine's real folder is moved out of the library and a link left in its place, as a sync tool (Dropbox carries .local) could.
  const moved = join(outside, 'device')
  await rename(deviceFolder, moved)
  await symlink(moved, deviceFolder)
  const before = await filesIn(moved)
  await expect(openArchive({ libraryDir: temp.libraryDir, resourcesDir }).listItems({ limit: 10 })).rejects.toThrow(`${deviceFolder} is a link, which Scriptorium does not follow out of the library; remove it.`)
  expect(await filesIn(moved)).toEqual(before)
  // Once the link is gone, the library opens, its catalog made again from the records.
  await rm(deviceFolder)
  expect((await openArchive({ libraryDir: temp.libraryDir, resourcesDir }).listItems({ limit: 10 })).map((item) => item.id).sort()).toEqual(ids)
})

it.skipIf(!unix)('a styles folder that became a link while the app runs: a style is neither written nor removed through it, and the user is told', async () => {
  const { store, api } = await twoDutchItems(temp.libraryDir)
  try {
    await writeFile(join(outside, 'mine.csl'), '<style/>')
    await rm(join(temp.libraryDir, 'styles'), { recursive: true, force: true })
    await symlink(outside, join(temp.libraryDir, 'styles'))
    const style = '<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="in-text"><info><title>Written</title><id>written</id></info><citation><layout><text variable="title"/></layout></citation></style>'
    await expect(api.addCitationStyle({ fileName: 'written.csl', content: style })).rejects.toThrow(`${join(temp.libraryDir, 'styles')} is a link, which Scriptorium does not follow out of the library; remove it.`)
    // Not one of the user's styles at all: the list reads nothing through the link.
    await expect(api.removeCitationStyle({ id: 'mine' })).rejects.toThrow('There is no style "mine" of your own')
    expect((await readdir(outside)).sort()).toEqual(['mine.csl'])
  } finally {
    store.close()
  }
})

it.skipIf(!unix)('an items folder that became a link while the app runs gets no record written through it; at the next open the library is refused in words', async () => {
  const { store, api, ids } = await twoDutchItems(temp.libraryDir)
  const [id] = ids
  const moved = join(outside, 'items')
  try {
    await rename(join(temp.libraryDir, 'items'), moved)
    await symlink(moved, join(temp.libraryDir, 'items'))
    const before = await filesIn(moved)
    await expect(api.updateItem({ id, patch: { title: 'Bericht bijgewerkt' } })).rejects.toThrow(`${join(temp.libraryDir, 'items')} is a link, which Scriptorium does not follow out of the library; remove it.`)
    expect(await filesIn(moved)).toEqual(before)
  } finally {
    store.close()
  }
  await expect(openArchive({ libraryDir: temp.libraryDir, resourcesDir }).listItems({ limit: 10 })).rejects.toThrow(`${join(temp.libraryDir, 'items')} is a link, which Scriptorium does not follow out of the library; remove it.`)
})

it.skipIf(!unix)('an items folder that became a link while the app runs: neither a new item nor a bulk tag is written through it', async () => {
  const { store, api, ids } = await twoDutchItems(temp.libraryDir)
  const moved = join(outside, 'items')
  try {
    await rename(join(temp.libraryDir, 'items'), moved)
    await symlink(moved, join(temp.libraryDir, 'items'))
    const before = await filesIn(moved)
    const refusal = `${join(temp.libraryDir, 'items')} is a link, which Scriptorium does not follow out of the library; remove it.`
    await expect(api.importFiles({ files: [{ name: 'n3.txt', dataBase64: Buffer.from('Title: Bericht 3\n\nDe haven is dicht.').toString('base64') }] })).rejects.toThrow(refusal)
    await expect(api.editTags({ ids, add: ['gelezen'] })).rejects.toThrow(refusal)
    expect(await filesIn(moved)).toEqual(before)
  } finally {
    store.close()
  }
})

it.skipIf(!unix)('an items folder that became a link while the app runs: what it leads to is not taken in as changes made elsewhere, and the Sync panel says why', async () => {
  const { store, api, ids } = await twoDutchItems(temp.libraryDir)
  const [id] = ids
  const items = join(temp.libraryDir, 'items')
  const moved = join(outside, 'items')
  try {
    await rename(items, moved)
    await symlink(moved, items)
    // A valid record there, with a title of its own: taken in through the link, it would pass as this item.
    const record = join(moved, id, 'item.json')
    const changed = JSON.parse(await readFile(record, 'utf8'))
    changed.item.csl.title = 'Buitenstaander'
    await writeFile(record, JSON.stringify(changed))
    const refusal = `Scriptorium could not take in the changes made elsewhere in ${temp.libraryDir}: ${items} is a link, which Scriptorium does not follow out of the library; remove it.`
    await expect(store.takeInChanges([id])).rejects.toThrow(refusal)
    await expect(store.scanFiles()).rejects.toThrow(refusal)
    expect((await api.getSyncStatus({})).problem).toBe(refusal)
    expect((await api.search({ query: 'buitenstaander' })).total).toBe(0)
    expect((await api.getItem({ id })).csl.title).not.toBe('Buitenstaander')
    // Once the folder is back in place, its changes are taken in and the panel is clear.
    await rm(items)
    await rename(moved, items)
    expect((await api.getSyncStatus({})).problem).toBeNull()
    expect((await store.takeInChanges([id])).changed).toBe(1)
    expect((await api.getSyncStatus({})).problem).toBeNull()
    expect((await api.getItem({ id })).csl.title).toBe('Buitenstaander')
  } finally {
    store.close()
  }
})

it.skipIf(!unix)('an item folder that became a link is set aside with the reason, once, and the other item stays', async () => {
  const { store, api, ids } = await twoDutchItems(temp.libraryDir)
  const [id, other] = ids
  const folder = join(temp.libraryDir, 'items', id)
  try {
    await rename(folder, join(outside, id))
    await symlink(join(outside, id), folder)
    expect((await store.takeInChanges([id])).changed).toBe(1)
    expect((await api.getLibraryInfo({})).setAside).toEqual([{ id, reason: `The record of item ${id} (items/${id}/item.json) cannot be read: ${folder} is a link, which Scriptorium does not follow out of the library; remove it. Scriptorium set it aside and left the file untouched.` }])
    expect((await api.listItems({ limit: 10 })).map((item) => item.id)).toEqual([other])
    // A full scan does not take the same link in again.
    expect((await store.scanFiles()).changed).toBe(0)
  } finally {
    store.close()
  }
})

it.skipIf(!unix)('a devices folder that became a link while the app runs stops the take-in too, and the Sync panel clears once it is gone', async () => {
  const { store, api, ids } = await twoDutchItems(temp.libraryDir)
  const devices = join(temp.libraryDir, 'devices')
  try {
    await rename(devices, join(outside, 'devices'))
    await symlink(join(outside, 'devices'), devices)
    const refusal = `Scriptorium could not take in the changes made elsewhere in ${temp.libraryDir}: ${devices} is a link, which Scriptorium does not follow out of the library; remove it.`
    await expect(store.takeInChanges(ids)).rejects.toThrow(refusal)
    expect((await api.getSyncStatus({})).problem).toBe(refusal)
    await rm(devices)
    await mkdir(devices)
    expect((await api.getSyncStatus({})).problem).toBeNull()
  } finally {
    store.close()
  }
})
