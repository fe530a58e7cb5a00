import { cp, mkdir, readdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { checkLibrary } from '../../electron/node/library/checkLibrary'
import { libraryLayout } from '../../electron/node/library/libraryLayout'
import { listRecordFiles } from '../../electron/node/library/recordFiles'
import { setLogSink, type LogEvent } from '../../electron/node/log/logEvent'
import { openArchive } from '../../electron/node/openArchive'
import { runScriptorium } from '../support/runScriptorium'
import { repoRoot, resourcesDir, useTempDir } from '../support/tempLibrary'
import { eventually } from '../support/eventually'

/** biblatex's own examples (LPPL, see tests/fixtures/references/real/SOURCES.md): 86 items once duplicates and sets are refused. */
const BIB = join(repoRoot, 'tests/fixtures/references/real/biblatex-examples.bib')
/** Far fewer folders than the library has: most items' folders are not watched, as past 20,000 in a real library. */
const WATCH = { maxFolderWatches: 30, scanMs: 3_600_000, recheckMs: 200 }

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

/** The real CLI as another device ("laptop"): its own catalog under .local/laptop, its own change log. */
const onLaptop = (library: string, ...args: string[]) => runScriptorium(['--library', library, ...args], { env: { SCRIPTORIUM_DEVICE: 'laptop' } })

async function libraryWithItems(): Promise<string[]> {
  const added = await runScriptorium(['--library', temp.libraryDir, 'add', BIB], { env: { SCRIPTORIUM_DEVICE: 'desk' } })
  // It refuses its @set entries and related duplicates, and says so in its exit code; the rest are added.
  expect(added.stdout).toMatch(/^Added /m)
  const ids = (await readdir(join(temp.libraryDir, 'items'))).sort()
  expect(ids.length).toBeGreaterThan(WATCH.maxFolderWatches + 20)
  return ids
}

const tagged = async (tag: string) => (await app!.search({ query: `tag:${tag}`, limit: 500 })).hits.map((hit) => hit.id).sort()

/** Writes a file the way Syncthing does: a temp file in the same folder, renamed into place. */
async function deliver(from: string, to: string): Promise<void> {
  await mkdir(join(to, '..'), { recursive: true })
  await writeFile(`${to}.syncthing.tmp`, await readFile(from))
  await rename(`${to}.syncthing.tmp`, to)
}

/** A copy of the library as the other machine holds it after a sync (its derived .local/ is its own). */
async function laptopCopy(): Promise<string> {
  const copy = join(temp.dir, 'laptop-library')
  await cp(temp.libraryDir, copy, { recursive: true, filter: (source) => !source.includes(`${temp.libraryDir}/.local`) })
  return copy
}

const openApp = () => (app = openArchive({ libraryDir: temp.libraryDir, resourcesDir, longRunning: true, watch: WATCH }))

it('takes in what another device changed, past the per-folder watch limit, from its change log alone', { timeout: 120_000 }, async () => {
  const ids = await libraryWithItems()
  openApp()
  expect((await app!.getLibraryInfo({})).itemCount).toBe(ids.length)
  // A first change, so the start's full scan is long over when the measured one comes.
  expect((await onLaptop(temp.libraryDir, 'edit', ids[0], '--add-tag', 'warmup')).code).toBe(0)
  expect(await eventually(() => tagged('warmup'), (found) => found.length === 1)).toEqual([ids[0]])

  // Every item at once, on the other device: only 30 of the folders are watched, and the full scan is an hour away.
  expect((await onLaptop(temp.libraryDir, 'edit', ...ids, '--add-tag', 'fromlaptop')).code).toBe(0)
  expect(await eventually(() => tagged('fromlaptop'), (found) => found.length === ids.length)).toEqual(ids)
  expect(events.some((event) => event.event === 'outside-changes' && event.logged === ids.length)).toBe(true)
  expect(await readdir(join(temp.libraryDir, 'devices'))).toContain('laptop.1.changes')

  // A deletion there too.
  expect((await onLaptop(temp.libraryDir, 'delete', ids[5])).code).toBe(0)
  expect((await onLaptop(temp.libraryDir, 'empty-trash', '--yes')).code).toBe(0)
  await eventually(() => app!.getLibraryInfo({}), (info) => info.itemCount + info.trashCount === ids.length - 1)
  expect(await tagged('fromlaptop')).not.toContain(ids[5])
})

it('waits for records whose log arrived first, and takes each in once its own version is on disk', { timeout: 120_000 }, async () => {
  const ids = await libraryWithItems()
  const laptop = await laptopCopy()
  openApp()
  expect((await app!.getLibraryInfo({})).itemCount).toBe(ids.length)
  expect((await onLaptop(laptop, 'edit', ...ids, '--add-tag', 'arrivedlater')).code).toBe(0)

  // The log comes first; the records it names are not here yet.
  await deliver(join(laptop, 'devices', 'laptop.1.changes'), join(temp.libraryDir, 'devices', 'laptop.1.changes'))
  const waiting = await eventually(() => events.find((event) => event.event === 'outside-changes'), Boolean)
  expect(waiting).toEqual({ event: 'outside-changes', logged: ids.length, awaiting: ids.length })
  expect(await tagged('arrivedlater')).toEqual([])

  // Half of one record, as a tool that writes in place leaves it for a moment: never taken for the new version.
  const [first, ...rest] = ids
  const whole = await readFile(join(laptop, 'items', first, 'item.json'))
  await writeFile(join(temp.libraryDir, 'items', first, 'item.json'), whole.subarray(0, Math.floor(whole.length / 2)))
  // Then the other records, in any order.
  for (const id of [...rest].reverse()) await deliver(join(laptop, 'items', id, 'item.json'), join(temp.libraryDir, 'items', id, 'item.json'))
  expect(await eventually(() => tagged('arrivedlater'), (found) => found.length === rest.length)).toEqual(rest)
  expect(events.filter((event) => event.event === 'outside-changes' && event.timedOut)).toEqual([])
  await deliver(join(laptop, 'items', first, 'item.json'), join(temp.libraryDir, 'items', first, 'item.json'))
  expect(await eventually(() => tagged('arrivedlater'), (found) => found.length === ids.length)).toEqual(ids)
  expect((await app!.getLibraryInfo({})).setAside).toEqual([])
})

it('skips damaged and hostile lines of a log with a logged reason, and takes in the rest', { timeout: 120_000 }, async () => {
  const ids = await libraryWithItems()
  const laptop = await laptopCopy()
  openApp()
  expect((await app!.getLibraryInfo({})).itemCount).toBe(ids.length)
  const chosen = ids.slice(-12)
  expect((await onLaptop(laptop, 'edit', ...chosen, '--add-tag', 'despitedamage')).code).toBe(0)
  for (const id of chosen) await deliver(join(laptop, 'items', id, 'item.json'), join(temp.libraryDir, 'items', id, 'item.json'))

  const good = await readFile(join(laptop, 'devices', 'laptop.1.changes'), 'utf8')
  const hostile = [
    '{"id":"../../escaped","file":"item.json","versions":{"laptop":1},"writer":"abcd"}',
    '{"id":"B0000001","file":"../../../etc/passwd","versions":{"laptop":1},"writer":"abcd"}',
    '{"id":"B0000001","file":"item.json","versions":{"../x":1},"writer":"abcd"}',
    '{"id":"B0000001","file":"item.json","versions":{"laptop":1},"wri',
    'not a line of ours at all',
    '[1,2,3]',
    `{"id":"B0000001","file":"item.json","versions":{"laptop":1},"writer":"abcd","pad":"${'x'.repeat(5000)}"}`,
  ]
  await mkdir(join(temp.dir, 'made'), { recursive: true })
  await writeFile(join(temp.dir, 'made', 'log'), `${hostile.join('\n')}\n${good}`)
  await deliver(join(temp.dir, 'made', 'log'), join(temp.libraryDir, 'devices', 'laptop.1.changes'))

  expect(await eventually(() => tagged('despitedamage'), (found) => found.length === chosen.length)).toEqual([...chosen].sort())
  const skipped = events.filter((event) => event.event === 'change-log-line-skipped')
  expect(skipped).toEqual([
    { event: 'change-log-line-skipped', file: 'laptop.1.changes', line: 1, reason: 'bad-item-id' },
    { event: 'change-log-line-skipped', file: 'laptop.1.changes', line: 2, reason: 'bad-file' },
    { event: 'change-log-line-skipped', file: 'laptop.1.changes', line: 3, reason: 'bad-versions' },
    { event: 'change-log-line-skipped', file: 'laptop.1.changes', line: 4, reason: 'not-json' },
    { event: 'change-log-line-skipped', file: 'laptop.1.changes', line: 5, reason: 'not-json' },
    { event: 'change-log-line-skipped', file: 'laptop.1.changes', line: 6, reason: 'not-an-entry' },
    { event: 'change-log-line-skipped', file: 'laptop.1.changes', line: 7, reason: 'too-long' },
  ])
  // Nothing named by a line became a path.
  await expect(stat(join(temp.libraryDir, '..', 'escaped'))).rejects.toThrow()
  await expect(stat(join(temp.libraryDir, 'escaped'))).rejects.toThrow()
  expect((await app!.getLibraryInfo({})).itemCount).toBe(ids.length)
})

it('never follows an item folder that became a link out of the library, whatever a log names', { timeout: 120_000 }, async () => {
  const ids = await libraryWithItems()
  const laptop = await laptopCopy()
  openApp()
  expect((await app!.getLibraryInfo({})).itemCount).toBe(ids.length)
  const victim = ids[ids.length - 1]
  expect((await onLaptop(laptop, 'edit', victim, '--add-tag', 'linked')).code).toBe(0)
  // Outside the library: the edited record and a conflict copy beside it, reached through a link where the item's folder was.
  const outside = join(temp.dir, 'outside')
  await cp(join(laptop, 'items', victim), outside, { recursive: true })
  await cp(join(outside, 'item.json'), join(outside, 'item.sync-conflict-20261202-010101-ABCDEFG.json'))
  const before = new Map(await Promise.all((await readdir(outside)).map(async (name) => [name, await readFile(join(outside, name), 'utf8')] as const)))
  await rm(join(temp.libraryDir, 'items', victim), { recursive: true })
  await symlink(outside, join(temp.libraryDir, 'items', victim))
  await deliver(join(laptop, 'devices', 'laptop.1.changes'), join(temp.libraryDir, 'devices', 'laptop.1.changes'))

  // A link is no item folder, as in a full scan: the item leaves the list, and nothing is read or written through it.
  expect(await eventually(async () => (await app!.getLibraryInfo({})).itemCount, (count) => count === ids.length - 1)).toBe(ids.length - 1)
  expect(await tagged('linked')).toEqual([])
  const after = new Map(await Promise.all((await readdir(outside)).map(async (name) => [name, await readFile(join(outside, name), 'utf8')] as const)))
  expect(after).toEqual(before)
})

it('keeps change logs out of check findings and backups, and syncs them (not in .stignore)', { timeout: 120_000 }, async () => {
  const ids = await libraryWithItems()
  expect((await onLaptop(temp.libraryDir, 'edit', ids[0], '--add-tag', 'logged')).code).toBe(0)
  const layout = libraryLayout(temp.libraryDir)
  const logs = (await readdir(join(temp.libraryDir, 'devices'))).sort()
  expect(logs).toEqual(['desk.1.changes', 'laptop.1.changes'])
  const { problems } = await checkLibrary(layout)
  expect(problems.filter((problem) => problem.path.startsWith('devices'))).toEqual([])
  expect((await listRecordFiles(layout)).filter((path) => path.startsWith('devices'))).toEqual([])
  const stignore = await readFile(layout.stignore, 'utf8').catch(() => '')
  expect(stignore.split('\n').some((pattern) => pattern === 'devices' || pattern.endsWith('.changes'))).toBe(false)
})
