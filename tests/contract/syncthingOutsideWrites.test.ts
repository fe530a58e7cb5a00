import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { readConflictCopyName } from '../../electron/core/sync/conflictCopyName'
import { openArchive } from '../../electron/node/openArchive'
import { runScriptorium } from '../support/runScriptorium'
import { startSyncthingPair, stopSyncthing, syncthingPath, waitInSync, type SyncthingNode } from '../support/syncthingPair'
import { makeTempDir, repoRoot, resourcesDir } from '../support/tempLibrary'
import { eventually as eventuallyWithin } from '../support/eventually'
import { asDevice } from '../support/asDevice'
import { itemFilesOf } from '../support/libraryFiles'

/**
 * Two libraries kept in step by two real syncthing instances on 127.0.0.1. Beta's app watches no item
 * folder and its full scan is an hour away: what alpha's merge of a conflict copy and alpha's
 * restore-backup wrote reaches it only through alpha's change log, which Syncthing carries.
 */

/** biblatex's own examples (LPPL, see tests/fixtures/references/real/SOURCES.md). */
const BIB = join(repoRoot, 'tests/fixtures/references/real/biblatex-examples.bib')
const WATCH = { maxFolderWatches: 1, scanMs: 3_600_000, recheckMs: 200 }

const eventually = <T>(ask: () => Promise<T> | T, ok: (value: T) => boolean) => eventuallyWithin(ask, ok, { tries: 480, everyMs: 250 })

async function conflictCopies(libraryDir: string): Promise<string[]> {
  const names = (await readdir(libraryDir, { recursive: true })) as string[]
  return names.filter((name) => readConflictCopyName(name.split('/').pop()!) !== null)
}

let removeTemp: () => Promise<void>
let nodes: SyncthingNode[] = []
let alphaDir: string
let betaDir: string
let ids: string[]
let beta: ArchiveApi

const onAlpha = (...args: string[]) => runScriptorium(['--library', alphaDir, ...args], { env: { SCRIPTORIUM_DEVICE: 'alpha' } })
const betaTitle = async (id: string) => String((await beta.getItem({ id })).csl.title)

describe.skipIf(!syncthingPath)(`alpha's merges and restores reach beta's app through Syncthing and the change log${syncthingPath ? '' : ' (skipped: syncthing is not installed; apt-get install syncthing)'}`, () => {
  beforeAll(async () => {
    const temp = await makeTempDir('scriptorium-syncthing-')
    removeTemp = temp.remove
    alphaDir = join(temp.dir, 'alpha-library')
    betaDir = join(temp.dir, 'beta-library')
    for (const dir of [alphaDir, betaDir]) await mkdir(dir, { recursive: true })
    nodes = await startSyncthingPair([join(temp.dir, 'alpha-home'), join(temp.dir, 'beta-home')], [alphaDir, betaDir])
    expect((await onAlpha('add', BIB)).stdout).toMatch(/^Added /m)
    ids = (await readdir(join(alphaDir, 'items'))).sort()
    await waitInSync(nodes)
    beta = asDevice('beta', () => openArchive({ libraryDir: betaDir, resourcesDir, longRunning: true, watch: WATCH }))
    expect((await beta.getLibraryInfo({})).itemCount).toBe(ids.length)
    // Syncthing marks the folder it shares with a .stfolder: the Sync panel says the library looks synced by it.
    expect((await beta.getSyncStatus({})).tool).toBe('syncthing')
  }, 180_000)

  afterAll(async () => {
    await stopSyncthing(nodes)
    await removeTemp?.()
  }, 120_000)

  it("takes in alpha's merge of a conflict copy, and ends with equal libraries and no conflict copy", async () => {
    const id = ids[0]
    // A third machine's version of the record, left by a sync tool as a conflict copy beside alpha's.
    const record = JSON.parse(await readFile(join(alphaDir, 'items', id, 'item.json'), 'utf8')) as { item: { csl: Record<string, unknown>; modifiedAt: string }; changes: { versions: Record<string, number>; changes: Record<string, unknown> } }
    const at = new Date(Date.now() + 1000).toISOString()
    record.item.csl.title = 'Retitled on a third machine'
    record.changes.versions.phone = 1
    record.changes.changes['csl.title'] = { at, by: 'phone', n: 1 }
    await writeFile(join(alphaDir, 'items', id, 'item.sync-conflict-20261202-030000-PHONE12.json'), `${JSON.stringify(record, null, 2)}\n`)
    const synced = await onAlpha('sync')
    expect(synced.code, synced.stderr).toBe(0)

    expect(await eventually(() => betaTitle(id), (title) => title === 'Retitled on a third machine')).toBe('Retitled on a third machine')
    await waitInSync(nodes)
    expect(await itemFilesOf(betaDir)).toEqual(await itemFilesOf(alphaDir))
    expect(await conflictCopies(alphaDir)).toEqual([])
    expect(await conflictCopies(betaDir)).toEqual([])
  }, 300_000)

  it("takes in alpha's restore-backup, and ends with equal libraries and no conflict copy", async () => {
    const id = ids[1]
    const original = await betaTitle(id)
    const backup = await onAlpha('--json', 'backup')
    expect(backup.code, backup.stderr).toBe(0)
    expect((await onAlpha('edit', id, '--title', 'Changed on alpha after its backup')).code).toBe(0)
    expect(await eventually(() => betaTitle(id), (title) => title === 'Changed on alpha after its backup')).toBe('Changed on alpha after its backup')

    const restored = await onAlpha('restore-backup', (JSON.parse(backup.stdout) as { name: string }).name)
    expect(restored.code, restored.stderr).toBe(0)
    expect(await eventually(() => betaTitle(id), (title) => title === original)).toBe(original)
    await waitInSync(nodes)
    expect(await itemFilesOf(betaDir)).toEqual(await itemFilesOf(alphaDir))
    expect(await conflictCopies(alphaDir)).toEqual([])
    expect(await conflictCopies(betaDir)).toEqual([])
  }, 300_000)
})
