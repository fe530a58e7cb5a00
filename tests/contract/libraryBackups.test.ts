import { cp, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { ftsSearch } from '../../electron/node/library/ftsSearchBinding'
import { libraryLayout } from '../../electron/node/library/libraryLayout'
import { createLibraryMaintenance } from '../../electron/node/library/libraryMaintenance'
import { createLibraryStore, type LibraryStore } from '../../electron/node/library/libraryStore'
import { openArchive } from '../../electron/node/openArchive'
import { makeTempDir, repoRoot, resourcesDir } from '../support/tempLibrary'

const DAY = 24 * 60 * 60 * 1000
const base64 = (text: string) => Buffer.from(text).toString('base64')

let removeTemp: () => Promise<void>
let libraryDir: string
let api: ArchiveApi
let store: LibraryStore
let clock: Date
let itemId: string

beforeEach(async () => {
  const temp = await makeTempDir()
  removeTemp = temp.remove
  libraryDir = join(temp.dir, 'library')
  api = openArchive({ libraryDir, resourcesDir })
  itemId = (await api.addSampleArticle({})).id
  await api.importFiles({ files: [{ name: 'kaesong.txt', dataBase64: base64('Title: De grens bij Kaesong\n\nHet verbindingsbureau in Kaesong is vrijdag geopend.\n') }] })
  await api.addHighlight({ id: itemId, quote: 'een nieuw tijdperk van vrede', note: 'verzoening' })
  store = createLibraryStore(libraryDir, { search: ftsSearch })
})
afterEach(async () => {
  store.close()
  await removeTemp()
})

/** Check and backups over the real files, with a clock the test moves. */
const maintenance = () => createLibraryMaintenance(libraryDir, store, { now: () => clock })

describe('daily backups', () => {
  it('are taken once a day and rotated to the last 7 days and 4 weeks (clock moved over 40 days)', async () => {
    const start = Date.parse('2026-10-23T08:00:00Z')
    for (let day = 0; day < 40; day++) {
      clock = new Date(start + day * DAY)
      expect(await maintenance().backUpIfDue()).not.toBeNull()
      clock = new Date(start + day * DAY + 2 * 60 * 60 * 1000)
      expect(await maintenance().backUpIfDue()).toBeNull() // not a day old yet
    }
    const kept = await maintenance().listBackups()
    const days = kept.map((backup) => backup.createdAt.slice(0, 10))
    // The last day is Tue 2026-12-01; 7 days back is 25 Nov; then the newest of the weeks of 16 and 9 Nov
    // (the weeks of 30 and 23 Nov are already represented by 1 Dec and 29 Nov).
    expect(days).toEqual(['2026-12-01', '2026-11-30', '2026-11-29', '2026-11-28', '2026-11-27', '2026-11-26', '2026-11-25', '2026-11-22', '2026-11-15'])
    expect(await readdir(libraryLayout(libraryDir).backups)).toHaveLength(kept.length)
    expect(kept.every((backup) => backup.reason === 'daily' && !backup.unreadable.length)).toBe(true)
  })

  it('hold every record, verified, and share unchanged ones between backups as hard links', async () => {
    clock = new Date('2026-12-01T08:00:00Z')
    const first = await maintenance().takeBackup('manual')
    const paths = (JSON.parse(await readFile(join(first.path, 'manifest.json'), 'utf8')) as { files: { path: string }[] }).files.map((file) => file.path)
    expect(paths).toEqual(expect.arrayContaining(['library.json', `items/${itemId}/item.json`, `items/${itemId}/annotations.json`]))
    expect(paths.some((path) => path.endsWith('content.html') || path.startsWith('.local'))).toBe(false)
    expect(await readFile(join(first.path, 'files', 'items', itemId, 'annotations.json'), 'utf8')).toBe(await readFile(join(libraryDir, 'items', itemId, 'annotations.json'), 'utf8'))
    await api.updateItem({ id: itemId, patch: { title: 'Verbindingsbureau in Kaesong' } })
    clock = new Date('2026-12-02T08:00:00Z')
    const second = await maintenance().takeBackup('manual')
    const inode = async (backup: string, path: string) => (await stat(join(backup, 'files', path))).ino
    expect(await inode(second.path, `items/${itemId}/annotations.json`)).toBe(await inode(first.path, `items/${itemId}/annotations.json`))
    expect(await inode(second.path, `items/${itemId}/item.json`)).not.toBe(await inode(first.path, `items/${itemId}/item.json`))
  })

  it('are taken by a long-running open (the app, serve) when the newest is a day old', async () => {
    const app = openArchive({ libraryDir, resourcesDir, longRunning: true })
    await expect.poll(async () => (await app.listBackups({})).map((backup) => backup.reason), { timeout: 20_000 }).toEqual(['daily'])
  })
})

describe('restoring a backup', () => {
  it('puts the records back, keeps the current ones in a backup first, and re-indexes', async () => {
    clock = new Date('2026-12-01T08:00:00Z')
    const good = await maintenance().takeBackup('manual')
    await api.updateItem({ id: itemId, patch: { title: 'Een titel die weg moet' } })
    await writeFile(join(libraryDir, 'items', itemId, 'annotations.json'), '{"annotations": [trunc')
    clock = new Date('2026-12-01T09:00:00Z')
    const report = await maintenance().restoreBackup(good.name)
    expect(report.safetyBackup.reason).toBe('before-restore')
    expect(report.safetyBackup.unreadable).toEqual([`items/${itemId}/annotations.json`])
    expect((await api.getItem({ id: itemId })).csl.title).toMatch(/^Noord- en Zuid-Korea/)
    expect((await api.search({ query: 'verzoening in:highlights' })).hits.map((hit) => hit.id)).toEqual([itemId])
    expect((await api.search({ query: 'title:titel' })).hits).toEqual([])
    // The safety backup kept the damaged bytes as they were.
    expect(await readFile(join(report.safetyBackup.path, 'files', 'items', itemId, 'annotations.json'), 'utf8')).toBe('{"annotations": [trunc')
  })

  it('refuses a backup whose copy no longer matches its checksum, naming the file, and changes nothing', async () => {
    clock = new Date('2026-12-01T08:00:00Z')
    const backup = await maintenance().takeBackup('manual')
    const copy = join(backup.path, 'files', 'items', itemId, 'item.json')
    const bytes = await readFile(copy, 'utf8')
    await unlink(copy) // a hard link may be shared: replace the file, never write into it
    await writeFile(copy, bytes.replace('Korea', 'Japan'))
    const before = await readFile(join(libraryDir, 'items', itemId, 'item.json'), 'utf8')
    await expect(maintenance().restoreBackup(backup.name)).rejects.toThrow(`The backup ${backup.name} is damaged: its copy of items/${itemId}/item.json is not what was backed up. Choose another from "scriptorium backups".`)
    expect(await readFile(join(libraryDir, 'items', itemId, 'item.json'), 'utf8')).toBe(before)
  })

  it('refuses names that are not backups, a path above all', async () => {
    await expect(maintenance().restoreBackup('../../items')).rejects.toThrow('There is no backup named "../../items"; "scriptorium backups" lists them.')
  })
})

describe('before a migration', () => {
  it('the records of the old layout are backed up, catalog.json byte for byte', async () => {
    const temp = await makeTempDir()
    try {
      const oldLibrary = join(temp.dir, 'library')
      await cp(join(repoRoot, 'tests', 'fixtures', 'libraries', 'v1-library'), oldLibrary, { recursive: true })
      const original = await readFile(join(oldLibrary, 'catalog.json'), 'utf8')
      await openArchive({ libraryDir: oldLibrary, resourcesDir }).listItems({})
      const [backup] = await openArchive({ libraryDir: oldLibrary, resourcesDir }).listBackups({})
      expect(backup).toMatchObject({ reason: 'before-migration', schemaVersion: 1, unreadable: [] })
      expect(await readFile(join(backup.path, 'files', 'catalog.json'), 'utf8')).toBe(original)
    } finally {
      await temp.remove()
    }
  })
})
