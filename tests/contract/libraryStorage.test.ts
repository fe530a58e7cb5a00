import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { openArchive } from '../../electron/node/openArchive'
import { makeReadOnly, makeTempDir, resourcesDir, samplePath, snapshotTree, type ReadOnlyProtection } from '../support/tempLibrary'
import { refusal } from './transports'

const base64 = (text: string) => Buffer.from(text).toString('base64')
const ARTICLE = 'Title: De grens bij Kaesong\n\nHet verbindingsbureau in Kaesong is vrijdag geopend door de twee landen.\n'

let removeTemp: () => Promise<void>
let libraryDir: string
let catalogPath: string
const open = (): ArchiveApi => openArchive({ libraryDir, resourcesDir })

beforeEach(async () => {
  const temp = await makeTempDir()
  removeTemp = temp.remove
  libraryDir = join(temp.dir, 'library')
  catalogPath = join(libraryDir, 'catalog.json')
})

afterEach(async () => {
  await removeTemp()
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
    const before = await snapshotTree(libraryDir)
    const api = open()
    for (const [name, call] of everyCall(api, 'ABCDEFGH')) {
      expect({ name, ...(await refusal(call())) }).toEqual({ name, code, message })
    }
    expect(await snapshotTree(libraryDir)).toEqual(before)
  }

  it('refuses every call when catalog.json is not valid JSON, and leaves its bytes alone', async () => {
    await mkdir(libraryDir)
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
      await mkdir(libraryDir)
      await writeFile(catalogPath, text)
      await expectEveryCallRefused(
        'damaged_library',
        `The library catalog ${catalogPath} is damaged (it lacks a schema version or an item table); Scriptorium left it untouched.`,
      )
    },
  )

  it('refuses a catalog written by a newer Scriptorium', async () => {
    await mkdir(libraryDir)
    await writeFile(catalogPath, JSON.stringify({ schemaVersion: 99, items: {}, shelves: ['kept as is'] }))
    await expectEveryCallRefused(
      'newer_library',
      `The library at ${catalogPath} was written by a newer Scriptorium (schema 99); update Scriptorium to open it.`,
    )
  })

  it('refuses a catalog that becomes damaged while the library is open', async () => {
    const api = open()
    const item = await api.addSampleArticle({})
    await writeFile(catalogPath, '{')
    const before = await snapshotTree(libraryDir)
    expect((await refusal(api.updateItem({ id: item.id, patch: { title: 'Changed' } }))).code).toBe('damaged_library')
    expect((await refusal(api.importFiles({ files: [{ name: 'kaesong.txt', dataBase64: base64(ARTICLE) }] }))).code).toBe('damaged_library')
    expect((await refusal(api.getItem({ id: item.id }))).code).toBe('damaged_library')
    expect(await snapshotTree(libraryDir)).toEqual(before)
  })
})

describe('the library folder on disk', () => {
  it('holds catalog.json and items/<id>/ with the content and the original bytes', async () => {
    const api = open()
    const item = await api.addSampleArticle({})
    const [notes] = (await api.importFiles({ files: [{ name: 'notes.md', dataBase64: base64(ARTICLE) }] })).added

    expect((await readdir(libraryDir)).sort()).toEqual(['catalog.json', 'index', 'items'])
    // Each addition is recorded for every process's search index, one id a line.
    expect(await readFile(join(libraryDir, 'index', 'search-changes.log'), 'utf8')).toBe(`${item.id}\n${notes.id}\n`)
    expect(JSON.parse(await readFile(catalogPath, 'utf8'))).toEqual({ schemaVersion: 1, items: { [item.id]: item, [notes.id]: notes } })
    expect((await readdir(join(libraryDir, 'items'))).sort()).toEqual([item.id, notes.id].sort())

    const folder = join(libraryDir, 'items', item.id)
    expect((await readdir(folder)).sort()).toEqual(['content.html', 'source.txt'])
    expect(await readFile(join(folder, 'content.html'), 'utf8')).toBe((await api.getContent({ id: item.id })).html)
    expect((await readFile(join(folder, 'source.txt'))).equals(await readFile(samplePath))).toBe(true)

    const notesFolder = join(libraryDir, 'items', notes.id)
    expect((await readdir(notesFolder)).sort()).toEqual(['content.html', 'source.md'])
    expect(await readFile(join(notesFolder, 'source.md'), 'utf8')).toBe(ARTICLE)
  })

  it('shows one instance the changes another instance made to the same folder', async () => {
    const first = open()
    const second = open()
    expect(await first.listItems({})).toEqual([])
    expect(await second.listItems({})).toEqual([])

    const item = await first.addSampleArticle({})
    expect(await second.listItems({})).toEqual([item])

    // A title of the same length keeps the catalog's size: only its modification time tells.
    const renamed = await second.updateItem({ id: item.id, patch: { title: 'X'.repeat(item.csl.title!.length) } })
    expect(await first.getItem({ id: item.id })).toEqual(renamed)

    // An edit through the first instance starts from the second's version, so neither is lost.
    const tagged = await first.updateItem({ id: item.id, patch: { tags: ['korea'] } })
    expect(tagged.csl.title).toBe(renamed.csl.title)
    expect(await second.getItem({ id: item.id })).toEqual(tagged)

    const trashed = await second.trashItem({ id: item.id })
    expect(await first.listItems({})).toEqual([])
    expect(await first.listItems({ trash: true })).toEqual([trashed])
    expect(await first.getLibraryInfo({})).toMatchObject({ itemCount: 0, trashCount: 1 })
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
    const before = await snapshotTree(libraryDir)

    protection = await makeReadOnly(libraryDir)
    if (!protection) return context.skip('this machine offers no way to make a folder read-only for root (chattr +i or a read-only bind mount)')
    await context.annotate(`read-only by ${protection.mechanism}`)

    expect(await api.listItems({})).toEqual([item])
    expect(await api.getContent({ id: item.id })).toEqual(content)
    const reopened = open()
    expect(await reopened.getItem({ id: item.id })).toEqual(item)

    // The first write of any change is the library's lock, so every refusal says the same.
    const catalogRefusal = {
      code: 'read_only_library',
      message: `Scriptorium could not write to the library at ${libraryDir}: the library folder is read-only.`,
    }
    expect(await refusal(api.importFiles({ files: [{ name: 'kaesong.txt', dataBase64: base64(ARTICLE) }] }))).toEqual(catalogRefusal)
    expect(await refusal(api.addSampleArticle({}))).toEqual(catalogRefusal)
    expect(await refusal(api.updateItem({ id: item.id, patch: { title: 'Changed' } }))).toEqual(catalogRefusal)
    expect(await refusal(api.trashItem({ id: item.id }))).toEqual(catalogRefusal)
    expect(await refusal(reopened.updateItem({ id: item.id, patch: { tags: ['x'] } }))).toEqual(catalogRefusal)

    // Neither the disk nor what the open instances show took any of the refused changes.
    expect(await snapshotTree(libraryDir)).toEqual(before)
    expect(await api.listItems({})).toEqual([item])
    expect(await api.getItem({ id: item.id })).toEqual(item)
    expect(await reopened.getItem({ id: item.id })).toEqual(item)
    expect(await api.getLibraryInfo({})).toMatchObject({ itemCount: 1, trashCount: 0 })
  })

  it('refuses a change when only the top folder is read-only, and leaves items/ untouched', async (context) => {
    const api = open()
    const item = await api.addSampleArticle({})
    const before = await snapshotTree(libraryDir)

    protection = await makeReadOnly(libraryDir, { recursive: false })
    if (!protection) return context.skip('this machine cannot make only the top folder read-only for root')
    await context.annotate(`read-only by ${protection.mechanism}`)

    expect(await refusal(api.importFiles({ files: [{ name: 'kaesong.txt', dataBase64: base64(ARTICLE) }] }))).toEqual({
      code: 'read_only_library',
      message: `Scriptorium could not write to the library at ${libraryDir}: the library folder is read-only.`,
    })
    expect(await snapshotTree(libraryDir)).toEqual(before)
    expect(await api.listItems({})).toEqual([item])
  })

  // Node's recursive mkdir reports a read-only file system (EROFS) as ENOENT (nodejs/node#47098).
  it('refuses an addition with read_only_library on a read-only file system', async (context) => {
    const api = open()
    const item = await api.addSampleArticle({})
    const before = await snapshotTree(libraryDir)

    protection = await makeReadOnly(libraryDir, { using: 'bind-mount' })
    if (!protection) return context.skip('only root with CAP_SYS_ADMIN can mount a read-only file system')

    expect(await refusal(api.importFiles({ files: [{ name: 'kaesong.txt', dataBase64: base64(ARTICLE) }] }))).toEqual({
      code: 'read_only_library',
      message: `Scriptorium could not write to the library at ${libraryDir}: the library folder is read-only.`,
    })
    expect(await refusal(api.updateItem({ id: item.id, patch: { title: 'Changed' } }))).toEqual({
      code: 'read_only_library',
      message: `Scriptorium could not write to the library at ${libraryDir}: the library folder is read-only.`,
    })
    expect(await snapshotTree(libraryDir)).toEqual(before)
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
    })
    expect(report.failed).toEqual([])
    const [first, second] = report.added
    expect(await readdir(join(libraryDir, 'items', first.id))).toEqual(['content.html', 'source.txt'])
    expect(await readdir(join(libraryDir, 'items', second.id))).toEqual(['content.html', 'source.md'])
    expect(second.source.fileName).toBe('Verslag.MD')
  })
})

describe('an entry of the catalog that is malformed', () => {
  it('makes the catalog count as damaged, naming the entry', async () => {
    await mkdir(libraryDir)
    await writeFile(catalogPath, JSON.stringify({ schemaVersion: 1, items: { X1: null } }))
    expect(await refusal(open().listItems({}))).toEqual({
      code: 'damaged_library',
      message: `The library catalog ${catalogPath} is damaged (the entry for item "X1" is malformed); Scriptorium left it untouched.`,
    })
  })
})

describe('emptying the trash', () => {
  it('deletes trashed items for good, entries and folders, and leaves the rest alone', async () => {
    const api = open()
    const kept = await api.addSampleArticle({})
    const [gone] = (await api.importFiles({ files: [{ name: 'kaesong.txt', dataBase64: base64(ARTICLE) }] })).added
    await api.addHighlight({ id: kept.id, quote: 'een nieuw tijdperk van vrede' })
    await api.trashItem({ id: gone.id })
    const keptFiles = await snapshotTree(join(libraryDir, 'items', kept.id))

    expect(await api.emptyTrash({})).toEqual({ removed: 1 })
    expect(await api.listItems({ trash: true })).toEqual([])
    expect((await api.listItems({})).map((item) => item.id)).toEqual([kept.id])
    expect(await readdir(join(libraryDir, 'items'))).toEqual([kept.id])
    expect(await snapshotTree(join(libraryDir, 'items', kept.id))).toEqual(keptFiles)
    expect(await refusal(api.getItem({ id: gone.id }))).toEqual({ code: 'not_found', message: `There is no item with id "${gone.id}".` })
    expect(await api.emptyTrash({})).toEqual({ removed: 0 })
  })
})
