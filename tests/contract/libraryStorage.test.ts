import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { ftsSearch } from '../../electron/node/library/ftsSearchBinding'
import { createLibraryStore } from '../../electron/node/library/libraryStore'
import { libraryLayout } from '../../electron/node/library/libraryLayout'
import { openArchive } from '../../electron/node/openArchive'
import { makeReadOnly, makeTempDir, resourcesDir, samplePath, snapshotTree, useTempDir, type ReadOnlyProtection } from '../support/tempLibrary'
import { ownAnnotationsPath } from '../support/libraryFiles'
import { refusal } from './transports'

const base64 = (text: string) => Buffer.from(text).toString('base64')
const ARTICLE = 'Title: De grens bij Kaesong\n\nHet verbindingsbureau in Kaesong is vrijdag geopend door de twee landen.\n'

const temp = useTempDir()
let catalogPath: string
const open = (): ArchiveApi => openArchive({ libraryDir: temp.libraryDir, resourcesDir })
/** Takes in what changed on disk outside Scriptorium, as the app does at its start. */
async function scanLibrary(): Promise<{ changed: number }> {
  const store = createLibraryStore(temp.libraryDir, { search: ftsSearch })
  try {
    return await store.scanFiles()
  } finally {
    store.close()
  }
}

beforeEach(async () => {
  catalogPath = join(temp.libraryDir, 'catalog.json')
})

/** Every method, each with an argument it would otherwise accept. */
function everyCall(api: ArchiveApi, id: string): [string, () => Promise<unknown>][] {
  return [
    ['getLibraryInfo', () => api.getLibraryInfo({})],
    ['listItems', () => api.listItems({})],
    ['listItems (trash)', () => api.listItems({ trash: true })],
    ['getItem', () => api.getItem({ id })],
    ['getContent', () => api.getContent({ id })],
    ['importFiles', () => api.importFiles({ files: [{ name: 'kaesong.txt', dataBase64: base64(ARTICLE) }] })],
    ['addSampleArticle', () => api.addSampleArticle({})],
    ['updateItem', () => api.updateItem({ id, patch: { title: 'Changed' } })],
    ['trashItem', () => api.trashItem({ id })],
    ['restoreItem', () => api.restoreItem({ id })],
  ]
}

describe('a damaged or foreign catalog', () => {
  async function expectEveryCallRefused(code: string, message: string): Promise<void> {
    const before = await snapshotTree(temp.libraryDir)
    const api = open()
    for (const [name, call] of everyCall(api, 'ABCDEFGH')) {
      expect({ name, ...(await refusal(call())) }).toEqual({ name, code, message })
    }
    expect(await snapshotTree(temp.libraryDir)).toEqual(before)
  }

  it('refuses every call when catalog.json is not valid JSON, and leaves its bytes alone', async () => {
    await mkdir(temp.libraryDir)
    const damaged = '{"schemaVersion": 1, "items": {"ABCDEFGH": {"id": "ABCDEFGH", '
    await writeFile(catalogPath, damaged)
    const reason = (() => {
      try {
        JSON.parse(damaged)
      } catch (error) {
        return (error as Error).message
      }
    })()
    await expectEveryCallRefused(
      'damaged_library',
      `The library catalog ${catalogPath} is damaged (not valid JSON: ${reason}); Scriptorium left it untouched. Restore it from a backup, or move it aside to start a new catalog.`,
    )
    expect(await readFile(catalogPath, 'utf8')).toBe(damaged)
  })

  it.each(['[]', 'null', '{"items": {}}', '{"schemaVersion": 1}', '{"schemaVersion": 1, "items": null}'])(
    'refuses a catalog without a schema version or item table: %s',
    async (text) => {
      await mkdir(temp.libraryDir)
      await writeFile(catalogPath, text)
      await expectEveryCallRefused(
        'damaged_library',
        `The library catalog ${catalogPath} is damaged (it lacks a schema version or an item table); Scriptorium left it untouched.`,
      )
    },
  )

  it('refuses a catalog written by a newer Scriptorium', async () => {
    await mkdir(temp.libraryDir)
    await writeFile(catalogPath, JSON.stringify({ schemaVersion: 99, items: {}, shelves: ['kept as is'] }))
    await expectEveryCallRefused(
      'newer_library',
      `The library at ${catalogPath} was written by a newer Scriptorium (schema 99); update Scriptorium to open it.`,
    )
  })

})

describe('the library folder on disk', () => {
  it('holds one record per item beside its content and original bytes, and a marker of its layout', async () => {
    const api = open()
    const item = await api.addSampleArticle({})
    const [notes] = (await api.importFiles({ files: [{ name: 'notes.md', dataBase64: base64(ARTICLE) }] })).added
    await api.addHighlight({ id: item.id, quote: 'een nieuw tijdperk van vrede' })

    // devices/: this machine's change log, which other machines follow to re-read only what changed.
    expect((await readdir(temp.libraryDir)).sort()).toEqual(['.local', '.stignore', 'catalog.json', 'devices', 'items', 'library.json'])
    expect(await readdir(join(temp.libraryDir, 'devices'))).toEqual([`${libraryLayout(temp.libraryDir).device}.1.changes`])
    expect(JSON.parse(await readFile(join(temp.libraryDir, 'library.json'), 'utf8'))).toEqual({ format: 'scriptorium-library', schemaVersion: 2 })
    // Folder-sync tools leave each machine's catalog and index alone.
    expect(await readFile(join(temp.libraryDir, '.stignore'), 'utf8')).toContain('\n.local\n')
    // Scriptorium 0.1 refuses the folder rather than starting an empty catalog beside the items.
    expect(JSON.parse(await readFile(catalogPath, 'utf8'))).toMatchObject({ schemaVersion: 2, items: {} })
    expect((await readdir(join(temp.libraryDir, 'items'))).sort()).toEqual([item.id, notes.id].sort())

    const folder = join(temp.libraryDir, 'items', item.id)
    // The highlights are in this device's own annotation file: another machine's highlights are in another file.
    expect((await readdir(folder)).sort()).toEqual([`annotations.${libraryLayout(temp.libraryDir).device}.json`, 'content.html', 'item.json', 'source.txt'])
    // `changes`: this machine's first write of the record, which no field change stamps yet (see core/sync/changeStamps.ts).
    expect(JSON.parse(await readFile(join(folder, 'item.json'), 'utf8'))).toEqual({ format: 'scriptorium-item', schemaVersion: 2, revision: 1, item: await api.getItem({ id: item.id }), changes: { versions: { [libraryLayout(temp.libraryDir).device]: 1 }, changes: {} } })
    expect(await readFile(join(folder, 'content.html'), 'utf8')).toBe((await api.getContent({ id: item.id })).html)
    expect((await readFile(join(folder, 'source.txt'))).equals(await readFile(samplePath))).toBe(true)

    const notesFolder = join(temp.libraryDir, 'items', notes.id)
    expect((await readdir(notesFolder)).sort()).toEqual(['content.html', 'item.json', 'source.md'])
    expect(await readFile(join(notesFolder, 'source.md'), 'utf8')).toBe(ARTICLE)
  })

  it('rewrites only the record of the item that changed', async () => {
    const api = open()
    const item = await api.addSampleArticle({})
    const [other] = (await api.importFiles({ files: [{ name: 'kaesong.txt', dataBase64: base64(ARTICLE) }] })).added
    const before = await snapshotTree(temp.libraryDir)
    const edited = await api.updateItem({ id: item.id, patch: { title: 'Een nieuwe titel' } })
    const after = await snapshotTree(temp.libraryDir)
    const changed = [...after.keys()].filter((path) => after.get(path) !== before.get(path))
    // The record, and one line appended to this machine's change log, naming it.
    const log = `devices/${libraryLayout(temp.libraryDir).device}.1.changes`
    expect(changed.sort()).toEqual([log, `items/${item.id}/item.json`])
    const appended = Buffer.from(after.get(log)!, 'base64').subarray(Buffer.from(before.get(log)!, 'base64').length).toString('utf8')
    expect(appended.trimEnd().split('\n').map((line) => JSON.parse(line))).toMatchObject([{ id: item.id, file: 'item.json', versions: { [libraryLayout(temp.libraryDir).device]: 2 } }])
    expect(JSON.parse(await readFile(join(temp.libraryDir, 'items', item.id, 'item.json'), 'utf8'))).toMatchObject({ revision: 2, item: edited })
    expect(await api.getItem({ id: other.id })).toEqual(other)
  })

  it('shows one instance the changes another instance made to the same folder', async () => {
    const first = open()
    const second = open()
    expect(await first.listItems({})).toEqual([])
    expect(await second.listItems({})).toEqual([])

    const item = await first.addSampleArticle({})
    expect(await second.listItems({})).toEqual([item])

    const renamed = await second.updateItem({ id: item.id, patch: { title: 'X'.repeat(item.csl.title!.length) } })
    expect(await first.getItem({ id: item.id })).toEqual(renamed)
    const before = (await first.getLibraryInfo({})).revision

    // An edit through the first instance starts from the second's version, so neither is lost.
    const tagged = await first.updateItem({ id: item.id, patch: { tags: ['korea'] } })
    expect(tagged.csl.title).toBe(renamed.csl.title)
    expect(await second.getItem({ id: item.id })).toEqual(tagged)
    expect((await second.getLibraryInfo({})).revision).not.toBe(before)

    const trashed = await second.trashItem({ id: item.id })
    expect(await first.listItems({})).toEqual([])
    expect(await first.listItems({ trash: true })).toEqual([trashed])
    expect(await first.getLibraryInfo({})).toMatchObject({ itemCount: 0, trashCount: 1 })
  })
})

describe('records changed outside Scriptorium', () => {
  it('never deletes for good a record that a sync tool restored meanwhile', async () => {
    const api = open()
    const item = await api.addSampleArticle({})
    await api.trashItem({ id: item.id })
    // Another machine restored and retitled it; its record arrives by sync.
    const path = join(temp.libraryDir, 'items', item.id, 'item.json')
    const record = JSON.parse(await readFile(path, 'utf8'))
    record.item = { ...record.item, trashedAt: null, csl: { ...record.item.csl, title: 'Hersteld elders' } }
    await writeFile(path, JSON.stringify(record))
    // Nothing was deleted, and the user is told why in words.
    expect(await api.emptyTrash({})).toEqual({ removed: 0, notes: [`"Hersteld elders" (${item.id}) was restored on another machine while the trash was emptied; it was kept.`] })
    expect(await readdir(join(temp.libraryDir, 'items'))).toEqual([item.id])
    expect((await api.listItems({})).map((entry) => entry.csl.title)).toEqual(['Hersteld elders'])
  })

  it('takes in highlights that arrived by sync, for search too', async () => {
    const api = open()
    const item = await api.addSampleArticle({})
    const other = await makeTempDir()
    try {
      // The same article highlighted in another copy of the library (the phone), whose annotation file is synced here.
      const elsewhere = openArchive({ libraryDir: join(other.dir, 'library'), resourcesDir })
      const copy = await elsewhere.addSampleArticle({})
      await elsewhere.addHighlight({ id: copy.id, quote: 'een nieuw tijdperk van vrede', note: 'verzoening' })
      const file = JSON.parse(await readFile(ownAnnotationsPath(join(other.dir, 'library'), copy.id), 'utf8'))
      await writeFile(join(temp.libraryDir, 'items', item.id, 'annotations.phone.json'), JSON.stringify(file).replaceAll(copy.id, item.id))
    } finally {
      await other.remove()
    }
    expect(await scanLibrary()).toEqual({ changed: 1 })
    expect((await open().search({ query: 'verzoening in:highlights' })).hits.map((hit) => hit.id)).toEqual([item.id])
  })
})

describe("records another device changed, picked up as the app's watcher does", () => {
  it('finds a changed title and abstract by their new words, and no longer by their old ones', async () => {
    const api = open()
    const item = await api.addSampleArticle({})
    const find = async (query: string) => (await open().search({ query, complete: true })).hits.map((hit) => hit.id)
    /** The other device changed the record; the sync tool replaced it; the watcher names the item. */
    const changeElsewhere = async (csl: Record<string, string>) => {
      const path = join(temp.libraryDir, 'items', item.id, 'item.json')
      const record = JSON.parse(await readFile(path, 'utf8'))
      record.item.csl = { ...record.item.csl, ...csl }
      record.revision += 1
      await writeFile(path, JSON.stringify(record))
      const store = createLibraryStore(temp.libraryDir, { search: ftsSearch })
      try {
        expect(await store.takeInChanges([item.id])).toEqual({ changed: 1 })
      } finally {
        store.close()
      }
    }
    await changeElsewhere({ title: 'Walvissen in de Noordzee', abstract: 'Over zeehonden en bruinvissen.' })
    for (const word of ['walvissen', 'zeehonden', 'tijdperk']) expect(await find(`${word} `)).toEqual([item.id])
    await changeElsewhere({ title: 'Kabeljauw bij de Doggersbank', abstract: 'Over haring en makreel.' })
    for (const word of ['kabeljauw', 'doggersbank', 'haring', 'makreel', 'tijdperk']) expect(await find(`${word} `)).toEqual([item.id])
    for (const word of ['walvissen', 'noordzee', 'zeehonden', 'bruinvissen']) expect(await find(`${word} `)).toEqual([])
    // Its phrases too: the new title's, not the old one's.
    expect(await find('"bij de doggersbank"')).toEqual([item.id])
    expect(await find('"in de noordzee"')).toEqual([])
  })
})

describe('a new library', () => {
  it('answers reads while its first change makes it on disk', async () => {
    const api = open()
    const reads = Array.from({ length: 20 }, () => api.search({ query: 'vrede' }).then((results) => results.total))
    const [added] = await Promise.all([api.addSampleArticle({}), ...reads])
    expect((await api.search({ query: 'vrede' })).hits.map((hit) => hit.id)).toEqual([added.id])
  })
})

describe('records that are damaged or hostile', () => {
  it('sets a damaged record aside, names it, and keeps every other item', async () => {
    const api = open()
    const kept = await api.addSampleArticle({})
    const [damaged] = (await api.importFiles({ files: [{ name: 'kaesong.txt', dataBase64: base64(ARTICLE) }] })).added
    const recordPath = join(temp.libraryDir, 'items', damaged.id, 'item.json')
    await writeFile(recordPath, '{"format": "scriptorium-item", ')

    // As the app does at start (and `check`): compare the records with the catalog.
    expect(await scanLibrary()).toEqual({ changed: 1 })
    const reopened = open()
    expect(await reopened.listItems({})).toEqual([kept])
    expect((await reopened.getLibraryInfo({})).setAside).toEqual([
      { id: damaged.id, reason: `The record of item ${damaged.id} (items/${damaged.id}/item.json) cannot be read: it is not valid JSON. Scriptorium set it aside and left the file untouched.` },
    ])
    expect((await reopened.search({ query: 'tijdperk' })).hits.map((hit) => hit.id)).toEqual([kept.id])
    expect(await readFile(recordPath, 'utf8')).toBe('{"format": "scriptorium-item", ')
    // Changes to the others go on.
    expect((await reopened.updateItem({ id: kept.id, patch: { tags: ['korea'] } })).tags).toEqual(['korea'])
  })

  it('never turns an item id from a file into a path outside the library', async () => {
    const api = open()
    const kept = await api.addSampleArticle({})
    const outside = join(temp.libraryDir, '..', 'victim')
    await mkdir(outside)
    await writeFile(join(outside, 'precious.txt'), 'keep me')
    // A record that names another item, or a folder named to climb out: neither is used as a path.
    const folder = join(temp.libraryDir, 'items', 'EVILEVIL')
    await mkdir(folder)
    const record = JSON.parse(await readFile(join(temp.libraryDir, 'items', kept.id, 'item.json'), 'utf8'))
    record.item = { ...record.item, id: '../../victim', trashedAt: new Date().toISOString() }
    await writeFile(join(folder, 'item.json'), JSON.stringify(record))

    expect(await scanLibrary()).toEqual({ changed: 1 })
    const reopened = open()
    expect((await reopened.listItems({ trash: true })).map((item) => item.id)).toEqual([])
    expect((await reopened.getLibraryInfo({})).setAside.map((entry) => entry.id)).toEqual(['EVILEVIL'])
    expect(await reopened.emptyTrash({})).toEqual({ removed: 0 })
    expect((await refusal(reopened.getItem({ id: '../../victim' }))).code).toBe('not_found')
    expect(await readFile(join(outside, 'precious.txt'), 'utf8')).toBe('keep me')
  })
})

describe('a read-only library folder', () => {
  let protection: ReadOnlyProtection | undefined

  afterEach(async () => {
    await protection?.undo()
    protection = undefined
  })

  it('still shows the library, refuses every change with read_only_library, and changes nothing', async (context) => {
    const api = open()
    const item = await api.addSampleArticle({})
    const content = await api.getContent({ id: item.id })
    const before = await snapshotTree(temp.libraryDir)

    protection = await makeReadOnly(temp.libraryDir)
    if (!protection) return context.skip('this machine offers no way to make a folder read-only for root (chattr +i or a read-only bind mount)')
    await context.annotate(`read-only by ${protection.mechanism}`)

    expect(await api.listItems({})).toEqual([item])
    expect(await api.getContent({ id: item.id })).toEqual(content)
    const reopened = open()
    expect(await reopened.getItem({ id: item.id })).toEqual(item)

    // Each refusal names what could not be saved, and why, in the same words.
    const catalogRefusal = { code: 'read_only_library', message: expect.stringMatching(/^Scriptorium could not .+: the library folder is read-only\.$/) }
    expect(await refusal(api.importFiles({ files: [{ name: 'kaesong.txt', dataBase64: base64(ARTICLE) }] }))).toEqual(catalogRefusal)
    expect(await refusal(api.addSampleArticle({}))).toEqual(catalogRefusal)
    expect(await refusal(api.updateItem({ id: item.id, patch: { title: 'Changed' } }))).toEqual(catalogRefusal)
    expect(await refusal(api.trashItem({ id: item.id }))).toEqual(catalogRefusal)
    expect(await refusal(reopened.updateItem({ id: item.id, patch: { tags: ['x'] } }))).toEqual(catalogRefusal)

    // Neither the disk nor what the open instances show took any of the refused changes.
    expect(await snapshotTree(temp.libraryDir)).toEqual(before)
    expect(await api.listItems({})).toEqual([item])
    expect(await api.getItem({ id: item.id })).toEqual(item)
    expect(await reopened.getItem({ id: item.id })).toEqual(item)
    expect(await api.getLibraryInfo({})).toMatchObject({ itemCount: 1, trashCount: 0 })
  })

  it('adds items when only the top folder is read-only, and refuses a settings change in words', async (context) => {
    const api = open()
    const item = await api.addSampleArticle({})
    const settingsBefore = await api.getSettings({})

    protection = await makeReadOnly(temp.libraryDir, { recursive: false })
    if (!protection) return context.skip('this machine cannot make only the top folder read-only for root')
    await context.annotate(`read-only by ${protection.mechanism}`)

    // An item is written in items/ alone; the top folder holds only the shared settings.
    const [added] = (await api.importFiles({ files: [{ name: 'kaesong.txt', dataBase64: base64(ARTICLE) }] })).added
    expect((await api.listItems({})).map((entry) => entry.id).sort()).toEqual([item.id, added.id].sort())
    expect(await refusal(api.updateSettings({ citationLocale: 'nl-NL' }))).toEqual({
      code: 'read_only_library',
      message: `Scriptorium could not save the settings ${join(temp.libraryDir, 'settings.json')}: the library folder is read-only.`,
    })
    expect(await api.getSettings({})).toEqual(settingsBefore)
  })

  // Node's recursive mkdir reports a read-only file system (EROFS) as ENOENT (nodejs/node#47098).
  it('refuses an addition with read_only_library on a read-only file system', async (context) => {
    const api = open()
    const item = await api.addSampleArticle({})
    const before = await snapshotTree(temp.libraryDir)

    protection = await makeReadOnly(temp.libraryDir, { using: 'bind-mount' })
    if (!protection) return context.skip('only root with CAP_SYS_ADMIN can mount a read-only file system')

    expect(await refusal(api.importFiles({ files: [{ name: 'kaesong.txt', dataBase64: base64(ARTICLE) }] }))).toEqual({
      code: 'read_only_library',
      message: `Scriptorium could not write to the library at ${temp.libraryDir}: the library folder is read-only.`,
    })
    expect(await refusal(api.updateItem({ id: item.id, patch: { title: 'Changed' } }))).toEqual({
      code: 'read_only_library',
      message: `Scriptorium could not write to the library at ${temp.libraryDir}: the library folder is read-only.`,
    })
    expect(await snapshotTree(temp.libraryDir)).toEqual(before)
    expect(await api.listItems({})).toEqual([item])
  })
})

describe('file names', () => {
  it('keeps the original under a plain extension, whatever the name carries', async () => {
    const api = open()
    const odd = `notes.${'‹x›'.repeat(90)}`
    const report = await api.importFiles({
      files: [
        { name: odd, dataBase64: base64(ARTICLE) },
        { name: 'dir/sub/Verslag.MD', dataBase64: base64(ARTICLE) },
      ],
      // The same text twice, for its two names: without this the second is refused as a duplicate.
      allowDuplicate: true,
    })
    expect(report.failed).toEqual([])
    const [first, second] = report.added
    expect(await readdir(join(temp.libraryDir, 'items', first.id))).toEqual(['content.html', 'item.json', 'source.txt'])
    expect(await readdir(join(temp.libraryDir, 'items', second.id))).toEqual(['content.html', 'item.json', 'source.md'])
    expect(second.source.fileName).toBe('Verslag.MD')
  })
})

describe('an entry of an old catalog that is malformed', () => {
  it('is set aside and named; the other items open', async () => {
    await mkdir(temp.libraryDir)
    const api = open()
    const good = await api.addSampleArticle({})
    const record = JSON.parse(await readFile(join(temp.libraryDir, 'items', good.id, 'item.json'), 'utf8')).item
    // The same library as Scriptorium 0.1 kept it, with one entry damaged by hand.
    const other = await makeTempDir()
    const old = join(other.dir, 'old')
    await mkdir(join(old, 'items', good.id), { recursive: true })
    await writeFile(join(old, 'items', good.id, 'content.html'), await readFile(join(temp.libraryDir, 'items', good.id, 'content.html')))
    await writeFile(join(old, 'catalog.json'), JSON.stringify({ schemaVersion: 1, items: { X1: null, [good.id]: record } }))
    const converted = openArchive({ libraryDir: old, resourcesDir })
    expect(await converted.listItems({})).toEqual([record])
    expect((await converted.getLibraryInfo({})).setAside).toEqual([
      { id: 'X1', reason: `The catalog entry "X1" was malformed and was not converted; it stays as it was in ${join(old, 'catalog.v1.json')}.` },
    ])
    await other.remove()
  })
})

describe('emptying the trash', () => {
  it('deletes trashed items for good, entries and folders, and leaves the rest alone', async () => {
    const api = open()
    const kept = await api.addSampleArticle({})
    const [gone] = (await api.importFiles({ files: [{ name: 'kaesong.txt', dataBase64: base64(ARTICLE) }] })).added
    await api.addHighlight({ id: kept.id, quote: 'een nieuw tijdperk van vrede' })
    await api.trashItem({ id: gone.id })
    const keptFiles = await snapshotTree(join(temp.libraryDir, 'items', kept.id))

    expect(await api.emptyTrash({})).toEqual({ removed: 1 })
    expect(await api.listItems({ trash: true })).toEqual([])
    expect((await api.listItems({})).map((item) => item.id)).toEqual([kept.id])
    expect(await readdir(join(temp.libraryDir, 'items'))).toEqual([kept.id])
    expect(await snapshotTree(join(temp.libraryDir, 'items', kept.id))).toEqual(keptFiles)
    expect(await refusal(api.getItem({ id: gone.id }))).toEqual({ code: 'not_found', message: `There is no item with id "${gone.id}".` })
    expect(await api.emptyTrash({})).toEqual({ removed: 0 })
  })
})
