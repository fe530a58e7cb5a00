import { execFileSync } from 'node:child_process'
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { ftsSearch } from '../../electron/node/library/ftsSearchBinding'
import { libraryLayout } from '../../electron/node/library/libraryLayout'
import { createLibraryMaintenance } from '../../electron/node/library/libraryMaintenance'
import { isSettled, markSettled } from '../../electron/node/library/settledConflicts'
import { createLibraryStore, type LibraryStore } from '../../electron/node/library/libraryStore'
import { openArchive } from '../../electron/node/openArchive'
import { makeTempDir, repoRoot, resourcesDir, useTempDir } from '../support/tempLibrary'
import { ownAnnotationsPath } from '../support/libraryFiles'

const DAY = 24 * 60 * 60 * 1000
const base64 = (text: string) => Buffer.from(text).toString('base64')

const temp = useTempDir()
let api: ArchiveApi
let store: LibraryStore
let clock: Date
let itemId: string

beforeEach(async () => {
  api = openArchive({ libraryDir: temp.libraryDir, resourcesDir })
  itemId = (await api.addSampleArticle({})).id
  await api.importFiles({ files: [{ name: 'kaesong.txt', dataBase64: base64('Title: De grens bij Kaesong\n\nHet verbindingsbureau in Kaesong is vrijdag geopend.\n') }] })
  await api.addHighlight({ id: itemId, quote: 'een nieuw tijdperk van vrede', note: 'verzoening' })
  store = createLibraryStore(temp.libraryDir, { search: ftsSearch })
})
afterEach(async () => {
  store.close()
})

/** A backup's archive unpacked by the system's tar, as a person restoring by hand would. */
async function unpack(archive: string): Promise<string> {
  // Beside the library, in the test's own temp folder, which afterEach removes.
  const dir = await mkdtemp(join(temp.libraryDir, '..', 'unpacked-'))
  execFileSync('tar', ['-xzf', archive, '-C', dir])
  return dir
}

/** Check and backups over the real files, with a clock the test moves. */
const maintenance = () => createLibraryMaintenance(temp.libraryDir, store, { now: () => clock })

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
    // An archive and its manifest each, nothing else.
    expect(await readdir(libraryLayout(temp.libraryDir).backups)).toHaveLength(2 * kept.length)
    expect(kept.every((backup) => backup.reason === 'daily' && !backup.unreadable.length)).toBe(true)
  })

  it('hold every record, byte for byte, in an archive the system\'s tar unpacks into the layout of the library', async () => {
    clock = new Date('2026-12-01T08:00:00Z')
    const backup = await maintenance().takeBackup('manual')
    expect(backup.path).toBe(join(libraryLayout(temp.libraryDir).backups, `${backup.name}.tar.gz`))
    const unpacked = await unpack(backup.path)
    const items = await readdir(join(unpacked, 'items'))
    expect(items.sort()).toEqual((await readdir(join(temp.libraryDir, 'items'))).sort())
    for (const id of items) {
      expect(await readdir(join(unpacked, 'items', id))).toEqual(expect.arrayContaining(['item.json']))
      expect(await readFile(join(unpacked, 'items', id, 'item.json'), 'utf8')).toBe(await readFile(join(temp.libraryDir, 'items', id, 'item.json'), 'utf8'))
    }
    const notes = basename(ownAnnotationsPath(temp.libraryDir, itemId))
    expect(await readFile(join(unpacked, 'items', itemId, notes), 'utf8')).toBe(await readFile(join(temp.libraryDir, 'items', itemId, notes), 'utf8'))
    expect(await readFile(join(unpacked, 'library.json'), 'utf8')).toBe(await readFile(join(temp.libraryDir, 'library.json'), 'utf8'))
    // Not the content, written once and never changed, nor this machine's derived data.
    expect((await readdir(join(unpacked, 'items', itemId))).sort()).toEqual([notes, 'item.json'])
    expect(await readdir(unpacked)).not.toContain('.local')
    expect((await readdir(unpacked, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile())).toHaveLength(backup.files)
  })

  it('are taken by a long-running open (the app, serve) when the newest is a day old', async () => {
    const app = openArchive({ libraryDir: temp.libraryDir, resourcesDir, longRunning: true })
    await expect.poll(async () => (await app.listBackups({})).map((backup) => backup.reason), { timeout: 20_000 }).toEqual(['daily'])
  })
})

describe('restoring a backup', () => {
  it('puts the records back, keeps the current ones in a backup first, and re-indexes', async () => {
    clock = new Date('2026-12-01T08:00:00Z')
    const good = await maintenance().takeBackup('manual')
    await api.updateItem({ id: itemId, patch: { title: 'Een titel die weg moet' } })
    const notes = basename(ownAnnotationsPath(temp.libraryDir, itemId))
    await writeFile(join(temp.libraryDir, 'items', itemId, notes), '{"annotations": [trunc')
    clock = new Date('2026-12-01T09:00:00Z')
    const report = await maintenance().restoreBackup(good.name)
    expect(report.safetyBackup.reason).toBe('before-restore')
    expect(report.safetyBackup.unreadable).toEqual([`items/${itemId}/${notes}`])
    expect((await api.getItem({ id: itemId })).csl.title).toMatch(/^Noord- en Zuid-Korea/)
    expect((await api.search({ query: 'verzoening in:highlights' })).hits.map((hit) => hit.id)).toEqual([itemId])
    expect((await api.search({ query: 'title:titel' })).hits).toEqual([])
    // The safety backup kept the damaged bytes as they were.
    expect(await readFile(join(await unpack(report.safetyBackup.path), 'items', itemId, notes), 'utf8')).toBe('{"annotations": [trunc')
  })

  it('leave out a sync tool\'s conflict copies, so the backup stays restorable, and keep the versions a merge set aside and which of them were settled', async () => {
    clock = new Date('2026-12-01T08:00:00Z')
    await writeFile(join(temp.libraryDir, "settings (Laptop's conflicted copy 2026-12-01).json"), '{}')
    await mkdir(join(temp.libraryDir, 'conflicts'), { recursive: true })
    await writeFile(join(temp.libraryDir, 'conflicts', 'ABC.item.json.1a2b.json'), '{"kept": true}')
    await markSettled(libraryLayout(temp.libraryDir), 'ABC.item.json.0f0f.json')
    const backup = await maintenance().takeBackup('manual')
    const files = (await readdir(await unpack(backup.path), { recursive: true })) as string[]
    expect(files).toContain(join('conflicts', 'ABC.item.json.1a2b.json'))
    expect(files).toContain(join('conflicts', 'settled', 'ABC.item.json.0f0f.json'))
    expect(files.some((name) => name.includes('conflicted copy'))).toBe(false)
    // A library that lost its settled markers gets them back from the backup.
    await rm(join(temp.libraryDir, 'conflicts', 'settled'), { recursive: true })
    clock = new Date('2026-12-01T09:00:00Z')
    expect((await maintenance().restoreBackup(backup.name)).safetyBackup.reason).toBe('before-restore')
    expect(await isSettled(libraryLayout(temp.libraryDir), 'ABC.item.json.0f0f.json')).toBe(true)
  })

  it('writes nothing through a folder that has become a link, at any level', async () => {
    clock = new Date('2026-12-01T08:00:00Z')
    await markSettled(libraryLayout(temp.libraryDir), 'ABC.item.json.0f0f.json')
    const backup = await maintenance().takeBackup('manual')
    // conflicts/ now leads outside the library, as in a library downloaded with its links.
    const outside = await mkdtemp(join(temp.libraryDir, '..', 'outside-'))
    await rm(join(temp.libraryDir, 'conflicts'), { recursive: true })
    await symlink(outside, join(temp.libraryDir, 'conflicts'))
    clock = new Date('2026-12-01T09:00:00Z')
    // Refused in words, as the library's open refuses any link in place of a folder of its own.
    await expect(maintenance().restoreBackup(backup.name)).rejects.toThrow(`${join(temp.libraryDir, 'conflicts')} is a link, which Scriptorium does not follow out of the library; remove it.`)
    expect(await readdir(outside)).toEqual([])
  })

  it('reads nothing through a folder a sync tool made a link: files outside never enter a backup, to be restored into the library', async () => {
    clock = new Date('2026-12-01T08:00:00Z')
    const outside = await mkdtemp(join(temp.libraryDir, '..', 'outside-'))
    await writeFile(join(outside, 'tokens.json'), '{"secret": "s3cr3t"}')
    await writeFile(join(outside, 'private.csl'), '<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="in-text"><info><title>Private s3cr3t</title><id>private</id></info><citation><layout><text variable="title"/></layout></citation></style>')
    await rm(join(temp.libraryDir, 'conflicts'), { recursive: true, force: true })
    await symlink(outside, join(temp.libraryDir, 'conflicts'))
    await rm(join(temp.libraryDir, 'styles'), { recursive: true, force: true })
    await symlink(outside, join(temp.libraryDir, 'styles'))
    const backup = await maintenance().takeBackup('manual')
    const files = (await readdir(await unpack(backup.path), { recursive: true })) as string[]
    expect(files).toContain(join('items', itemId, 'item.json'))
    expect(files.filter((name) => name.startsWith('conflicts') || name.startsWith('styles'))).toEqual([])
    // Nor is a file outside read as one of the user's styles.
    expect((await api.listCitationStyles({})).styles.some((style) => style.id === 'private')).toBe(false)
  })

  it('refuses a backup whose archive no longer matches its checksum, and changes nothing', async () => {
    clock = new Date('2026-12-01T08:00:00Z')
    const backup = await maintenance().takeBackup('manual')
    const archive = await readFile(backup.path)
    archive[archive.length >> 1] ^= 0xff
    await writeFile(backup.path, archive)
    const before = await readFile(join(temp.libraryDir, 'items', itemId, 'item.json'), 'utf8')
    await expect(maintenance().restoreBackup(backup.name)).rejects.toThrow(`The backup ${backup.name} is damaged: its archive ${backup.name}.tar.gz is not what was written. Choose another from "scriptorium backups".`)
    expect(await readFile(join(temp.libraryDir, 'items', itemId, 'item.json'), 'utf8')).toBe(before)
    expect(await maintenance().listBackups()).toHaveLength(1) // no backup of the current state was made for nothing
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
      expect(await readFile(join(await unpack(backup.path), 'catalog.json'), 'utf8')).toBe(original)
    } finally {
      await temp.remove()
    }
  })
})
