import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { readChangeLogLine } from '../../electron/core/sync/changeLogEntry'
import { setLogSink, type LogEvent } from '../../electron/node/log/logEvent'
import { openArchive } from '../../electron/node/openArchive'
import { runScriptorium } from '../support/runScriptorium'
import { repoRoot, resourcesDir, useTempDir } from '../support/tempLibrary'
import { eventually } from '../support/eventually'

/**
 * Files that another device writes outside its store's own changes (the merge of a sync tool's
 * conflict copies, restore-backup, check --repair) are logged in its change log like any edit: this
 * machine's app, which watches no item folder and whose full scan is an hour away, takes them in
 * from the log alone.
 */

/** biblatex's own examples (LPPL, see tests/fixtures/references/real/SOURCES.md). */
const BIB = join(repoRoot, 'tests/fixtures/references/real/biblatex-examples.bib')
/** No item folder is watched (the budget is spent on the library's top, devices/ and items/), and no full scan comes. */
const WATCH = { maxFolderWatches: 1, scanMs: 3_600_000, recheckMs: 200 }

const temp = useTempDir()
let app: ArchiveApi | null
let events: LogEvent[]

beforeEach(async () => {
  events = []
  setLogSink((_level, event) => events.push(event))
  app = null
})

afterEach(async () => {
  setLogSink(() => {})
  await rm(temp.libraryDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 })
})

/** The real CLI as another device: its own catalog under .local/<device>, its own change log. */
const on = (device: string, library: string, ...args: string[]) => runScriptorium(['--library', library, ...args], { env: { SCRIPTORIUM_DEVICE: device } })

async function libraryWithItems(): Promise<string[]> {
  const added = await on('desk', temp.libraryDir, 'add', BIB)
  expect(added.stdout).toMatch(/^Added /m)
  return (await readdir(join(temp.libraryDir, 'items'))).sort()
}

const openApp = () => (app = openArchive({ libraryDir: temp.libraryDir, resourcesDir, longRunning: true, watch: WATCH }))
const titleOf = async (id: string) => String((await app!.getItem({ id })).csl.title)

/** The lines the laptop's log holds for one item. */
async function laptopLines(id: string) {
  const text = await readFile(join(temp.libraryDir, 'devices', 'laptop.1.changes'), 'utf8').catch(() => '')
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => readChangeLogLine(line))
    .flatMap((read) => ('entry' in read && read.entry.id === id ? [read.entry] : []))
}

async function startedApp(ids: string[]): Promise<void> {
  openApp()
  expect((await app!.getLibraryInfo({})).itemCount).toBe(ids.length)
  // A first logged change, so the start's full scan is long over when the measured one comes.
  expect((await on('laptop', temp.libraryDir, 'edit', ids[1], '--add-tag', 'warmup')).code).toBe(0)
  await eventually(async () => (await app!.search({ query: 'tag:warmup' })).total, (total) => total === 1)
}

it("takes in another device's merge of conflict copies (item.json and annotations.json) from its change log", { timeout: 120_000 }, async () => {
  const ids = await libraryWithItems()
  const id = ids[0]
  // A third machine (phone) changed the title and added a note on its copy.
  const phone = join(temp.dir, 'phone-library')
  await cp(temp.libraryDir, phone, { recursive: true, filter: (source) => !source.includes(`${temp.libraryDir}/.local`) })
  expect((await on('phone', phone, 'edit', id, '--title', 'Retitled on the phone')).code).toBe(0)
  expect((await on('phone', phone, 'note', id, 'A note made on the phone')).code).toBe(0)

  await startedApp(ids)
  // Meanwhile the laptop changed another field of the item: the app takes that in from the log as usual.
  expect((await on('laptop', temp.libraryDir, 'edit', id, '--publisher', 'Laptop Press')).code).toBe(0)
  await eventually(async () => (await app!.getItem({ id })).csl.publisher, (publisher) => publisher === 'Laptop Press')

  // The sync tool leaves the phone's files as conflict copies in a folder the app does not watch (an
  // annotation file has one only when two machines share a device id, or an older version wrote it).
  const folder = join(temp.libraryDir, 'items', id)
  await writeFile(join(folder, 'item.sync-conflict-20261202-030000-PHONE12.json'), await readFile(join(phone, 'items', id, 'item.json')))
  await writeFile(join(folder, 'annotations.phone.sync-conflict-20261202-030000-PHONE12.json'), await readFile(join(phone, 'items', id, 'annotations.phone.json')))
  const before = (await laptopLines(id)).length

  // The laptop merges them, the annotations into its own file.
  const synced = await on('laptop', temp.libraryDir, 'sync')
  expect(synced.code, synced.stderr).toBe(0)
  expect((await readdir(folder)).filter((name) => name.includes('sync-conflict'))).toEqual([])
  const logged = (await laptopLines(id)).slice(before)
  expect(logged.map((entry) => ('file' in entry ? entry.file : 'deleted')).sort()).toEqual(['annotations.laptop.json', 'item.json'])

  expect(await eventually(() => titleOf(id), (title) => title === 'Retitled on the phone')).toBe('Retitled on the phone')
  expect((await app!.getItem({ id })).csl.publisher).toBe('Laptop Press')
  const notes = await eventually(async () => (await app!.listAnnotations({ id })).notes.map((note) => note.note), (found) => found.length === 1)
  expect(notes).toEqual(['A note made on the phone'])
  expect((await app!.search({ query: 'Retitled phone' })).hits.map((hit) => hit.id)).toEqual([id])
})

it("takes in another device's restore-backup from its change log", { timeout: 120_000 }, async () => {
  const ids = await libraryWithItems()
  const id = ids[2]
  const original = await readItemTitle(id)
  const backup = await on('laptop', temp.libraryDir, '--json', 'backup')
  expect(backup.code, backup.stderr).toBe(0)
  const name = (JSON.parse(backup.stdout) as { name: string }).name
  await startedApp(ids)

  expect((await on('laptop', temp.libraryDir, 'edit', id, '--title', 'Changed after the backup')).code).toBe(0)
  expect(await eventually(() => titleOf(id), (title) => title === 'Changed after the backup')).toBe('Changed after the backup')

  const restored = await on('laptop', temp.libraryDir, 'restore-backup', name)
  expect(restored.code, restored.stderr).toBe(0)
  expect((await laptopLines(id)).at(-1)).toMatchObject({ file: 'item.json' })
  expect(await eventually(() => titleOf(id), (title) => title === original)).toBe(original)
})

it("takes in a record another device's check --repair put back from a backup, from its change log", { timeout: 120_000 }, async () => {
  const ids = await libraryWithItems()
  const id = ids[3]
  const original = await readItemTitle(id)
  expect((await on('laptop', temp.libraryDir, 'backup')).code).toBe(0)
  await startedApp(ids)
  expect((await on('laptop', temp.libraryDir, 'edit', id, '--title', 'Changed before the damage')).code).toBe(0)
  expect(await eventually(() => titleOf(id), (title) => title === 'Changed before the damage')).toBe('Changed before the damage')

  // The record is cut off midway (a disk that lost its end); the app does not watch its folder.
  const recordPath = join(temp.libraryDir, 'items', id, 'item.json')
  const whole = await readFile(recordPath, 'utf8')
  await writeFile(recordPath, whole.slice(0, Math.floor(whole.length / 2)))
  const before = (await laptopLines(id)).length
  const repaired = await on('laptop', temp.libraryDir, 'check', '--repair')
  expect(repaired.stdout).toMatch(/replaced by its copy in the backup/)
  expect((await laptopLines(id)).slice(before).map((entry) => ('file' in entry ? entry.file : 'deleted'))).toContain('item.json')

  expect(await eventually(() => titleOf(id), (title) => title === original)).toBe(original)
  expect((await app!.getLibraryInfo({})).setAside).toEqual([])
})

async function readItemTitle(id: string): Promise<string> {
  const record = JSON.parse(await readFile(join(temp.libraryDir, 'items', id, 'item.json'), 'utf8')) as { item: { csl: { title?: string } } }
  expect(record.item.csl.title).toBeTruthy()
  return record.item.csl.title!
}

it("takes in the merge another device made before a change it then refused, from its change log", { timeout: 120_000 }, async () => {
  const ids = await libraryWithItems()
  const id = ids[4]
  const phone = join(temp.dir, 'phone-library')
  await cp(temp.libraryDir, phone, { recursive: true, filter: (source) => !source.includes(`${temp.libraryDir}/.local`) })
  expect((await on('phone', phone, 'edit', id, '--title', 'Retitled on the phone')).code).toBe(0)
  await startedApp(ids)
  await writeFile(join(temp.libraryDir, 'items', id, 'item.sync-conflict-20261202-030000-PHONE12.json'), await readFile(join(phone, 'items', id, 'item.json')))

  // The laptop's edit meets the copy: it merges it first, then refuses the edit (made on a version it had not seen); the merge stays, and is logged.
  const refused = await on('laptop', temp.libraryDir, 'edit', id, '--publisher', 'Laptop Press')
  expect(refused.code).not.toBe(0)
  expect(refused.stderr).toMatch(/conflict copy beside it, now merged/)
  expect(await eventually(() => titleOf(id), (title) => title === 'Retitled on the phone')).toBe('Retitled on the phone')
  expect((await app!.getItem({ id })).csl.publisher).not.toBe('Laptop Press')
})
