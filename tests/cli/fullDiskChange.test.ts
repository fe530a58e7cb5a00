import { spawnSync } from 'node:child_process'
import { cp, mkdir, readFile, readdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Item, SearchResults } from '../../electron/core/archiveApi'
import { libraryLeftovers } from '../support/libraryLeftovers'
import { runScriptorium } from '../support/runScriptorium'
import { repoRoot, useTempDir } from '../support/tempLibrary'

// A real page (see tests/fixtures/pages/SOURCES.md): its text makes a re-index far larger than its record.
const PAGE = join(repoRoot, 'tests', 'fixtures', 'pages', 'wikipedia-mozilla.html')
const COPIES = 8

vi.setConfig({ testTimeout: 180_000 })

/** A small tmpfs needs root (CAP_SYS_ADMIN), as `.ci/run` has on our machines; elsewhere the test says why it does not run. */
function canMountTmpfs(): boolean {
  if (process.getuid?.() !== 0) return false
  const probe = join(repoRoot, 'out', `.tmpfs-probe-${process.pid}`)
  spawnSync('mkdir', ['-p', probe])
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' }).status === 0
  if (mounted) spawnSync('umount', [probe], { stdio: 'ignore' })
  spawnSync('rmdir', [probe])
  return mounted
}
const mountable = canMountTmpfs()

const temp = useTempDir()
let deviceFolder = ''

const cli = async (...args: string[]) => {
  const run = await runScriptorium(['--library', temp.libraryDir, ...args])
  expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' })
  return run.stdout
}
const records = async () => Object.fromEntries(await Promise.all((await readdir(join(temp.libraryDir, 'items'))).map(async (id) => [id, await readFile(join(temp.libraryDir, 'items', id, 'item.json'), 'utf8')])))

/** Moves this machine's catalog folder (catalog, intents, undo journal) onto a tmpfs with `spare` bytes left. */
async function catalogOnSmallDisk(spare: number): Promise<void> {
  const [device] = await readdir(join(temp.libraryDir, '.local'))
  deviceFolder = join(temp.libraryDir, '.local', device)
  const aside = join(temp.dir, 'device-aside')
  await rename(deviceFolder, aside)
  await mkdir(deviceFolder)
  const used = Number(spawnSync('du', ['-sb', aside], { encoding: 'utf8' }).stdout.split('\t')[0])
  const size = Math.ceil((used + spare) / 4096) * 4096 + 16 * 4096 // tmpfs counts whole pages, the folders' included
  expect(spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', deviceFolder]).status).toBe(0)
  await cp(aside, deviceFolder, { recursive: true })
  await rm(aside, { recursive: true })
}

/** Gives the catalog folder its room back, with what it holds. */
async function roomAgain(): Promise<void> {
  const aside = join(temp.dir, 'device-back')
  await cp(deviceFolder, aside, { recursive: true })
  spawnSync('umount', [deviceFolder])
  await rm(deviceFolder, { recursive: true })
  await rename(aside, deviceFolder)
}

afterEach(async () => {
  if (deviceFolder) spawnSync('umount', [deviceFolder], { stdio: 'ignore' })
  deviceFolder = ''
})

describe.skipIf(!mountable)(`a change that fills the disk under the catalog${mountable ? '' : ' (skipped: mounting a small tmpfs needs root)'}`, () => {
  it('is put back whole when SQLite rolls its transaction back itself, and the user is told the disk is full', async () => {
    await cli('add', '--allow-duplicate', ...Array<string>(COPIES).fill(PAGE))
    const ids = (JSON.parse(await cli('list', '--json')) as Item[]).map((item) => item.id).sort()
    const before = await records()
    // Room for the records' undo journal (a few kB each), not for re-indexing eight articles' text: the
    // disk fills in SQLite, after the records were replaced (without the fix they all kept the tag).
    await catalogOnSmallDisk(200_000)

    const failed = await runScriptorium(['--library', temp.libraryDir, 'edit', ...ids, '--add-tag', 'Fieldwork'])
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain('the disk is full')
    // Every record has its old bytes back: none keeps a tag the user was told was not added.
    expect(await records()).toEqual(before)
    expect(await libraryLeftovers(temp.libraryDir)).toEqual([])

    await roomAgain()
    expect((JSON.parse(await cli('search', '--json', 'tag:fieldwork')) as SearchResults).hits).toEqual([])
    expect(await libraryLeftovers(temp.libraryDir)).toEqual([])
    // The catalog follows the records: the same change with room is no "changed outside" conflict.
    await cli('edit', ...ids, '--add-tag', 'Fieldwork')
    expect((JSON.parse(await cli('search', '--json', 'tag:fieldwork')) as SearchResults).hits.map((hit) => hit.id).sort()).toEqual(ids)
  })
})
