import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Item, SearchResults } from '../../electron/core/archiveApi'
import { readItemRecords } from '../support/libraryFiles'
import { libraryLeftovers } from '../support/libraryLeftovers'
import { runScriptorium, type Run } from '../support/runScriptorium'
import { samplePath, useTempDir } from '../support/tempLibrary'

const temp = useTempDir()
let sample: Item

const cli = async (...args: string[]): Promise<Run> => {
  const run = await runScriptorium(['--library', temp.libraryDir, ...args])
  expect(run).toMatchObject({ code: 0, stderr: '' })
  return run
}
/** The same command, killed (SIGKILL) at a named step of its write. */
const killedAt = async (step: string, ...args: string[]): Promise<void> => {
  const run = await runScriptorium(['--library', temp.libraryDir, ...args], { env: { SCRIPTORIUM_CRASH_AT: step } })
  expect(run.code).toBeNull()
}
const search = async (query: string) => JSON.parse((await cli('search', '--json', query)).stdout) as SearchResults
const listed = async (trash = false) => (JSON.parse((await cli('list', '--json', ...(trash ? ['--trash'] : []))).stdout) as Item[]).map((item) => item.id).sort()

beforeEach(async () => {
[sample] = JSON.parse((await cli('add', '--json', samplePath)).stdout) as Item[]
})

describe('a command killed in the middle of a change', () => {
  // A change killed before its commit is put back from its undo journal: the next command finds the
  // files as they were, the catalog and search agree with them, and nothing of the change is left.
  it('puts back a highlight whose annotations file was written before the kill', async () => {
    await killedAt('after-annotations', 'highlight', sample.id, '--quote', 'een nieuw tijdperk van vrede', '--note', 'verzoening')
    expect((await search('verzoening in:highlights')).hits).toEqual([])
    expect(JSON.parse((await cli('show', '--json', sample.id)).stdout).highlights).toEqual([])
    const device = join(temp.libraryDir, '.local', (await readdir(join(temp.libraryDir, '.local')))[0])
    expect(await readdir(join(device, 'intents'))).toEqual([])
    expect(await readdir(join(device, 'undo'))).toEqual([])
    // The quote can be made again.
    await cli('highlight', sample.id, '--quote', 'een nieuw tijdperk van vrede', '--note', 'verzoening')
    expect((await search('verzoening in:highlights')).hits.map((hit) => hit.id)).toEqual([sample.id])
  })

  it('puts back an edit whose record was written before the kill, in the file, the list and search', async () => {
    const title = sample.csl.title
    await killedAt('after-record', 'edit', sample.id, '--title', 'Verbindingsbureau in Kaesong geopend')
    expect((await search('title:kaesong')).hits).toEqual([])
    const [record] = await readItemRecords(temp.libraryDir)
    expect(record.csl.title).toBe(title)
    expect(JSON.parse((await cli('show', '--json', sample.id)).stdout).csl.title).toBe(title)
  })

  it('leaves a record that a sync tool changed after the kill: only what the dead change wrote is put back', async () => {
    await killedAt('after-record', 'edit', sample.id, '--title', 'Verbindingsbureau in Kaesong geopend')
    // Before any writer comes, the other machine's version of the record arrives (as Syncthing writes it).
    const path = join(temp.libraryDir, 'items', sample.id, 'item.json')
    const arrived = (await readFile(path, 'utf8')).replace('Verbindingsbureau in Kaesong geopend', 'Verbindingsbureau heropend')
    await writeFile(path, arrived)
    await cli('note', sample.id, 'Na de grens')
    expect((await readItemRecords(temp.libraryDir))[0].csl.title).toBe('Verbindingsbureau heropend')
    expect((await search('title:heropend')).hits.map((hit) => hit.id)).toEqual([sample.id])
    expect(await libraryLeftovers(temp.libraryDir)).toEqual([])
  })

  it('keeps an addition killed just before its commit, because its record was written', async () => {
    const other = join(temp.libraryDir, '..', 'harbour.txt')
    await import('node:fs/promises').then(({ writeFile }) => writeFile(other, 'Title: Harbour report\nLanguage: en\n\nThe harbour of Rotterdam handled more containers than ever.'))
    await killedAt('before-commit', 'add', other)
    const records = await readItemRecords(temp.libraryDir)
    expect(records).toHaveLength(2)
    expect(await listed()).toEqual(records.map((item) => item.id).sort())
    expect((await search('rotterdam')).hits).toHaveLength(1)
  })

  it('never leaves a catalog that looks made but is empty: one killed while filling is filled again', async () => {
    await rm(join(temp.libraryDir, '.local'), { recursive: true, force: true })
    await killedAt('during-catalog-fill', 'list')
    expect(await listed()).toEqual([sample.id])
    expect((await search('tijdperk')).hits.map((hit) => hit.id)).toEqual([sample.id])
  })

  it('puts an item back in the trash, whole, when emptying the trash is killed after its record was removed', async () => {
    await cli('delete', sample.id)
    await killedAt('after-record-removed', 'empty-trash', '--yes')
    expect(await listed(true)).toEqual([sample.id])
    expect(await listed()).toEqual([])
    await cli('restore', sample.id)
    expect((await search('vrede')).hits.map((hit) => hit.id)).toEqual([sample.id])
    await cli('delete', sample.id)
    await cli('empty-trash', '--yes')
    expect(await listed(true)).toEqual([])
  })
})
