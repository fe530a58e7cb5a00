import { spawn, type ChildProcess } from 'node:child_process'
import { readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { Item, SearchResults } from '../../electron/core/archiveApi'
import { runScriptorium, type Run } from '../support/runScriptorium'
import { cliPath, useTempDir } from '../support/tempLibrary'

/** Deleting items for good while a sync tool (played here by plain file writes) changes them. */
vi.setConfig({ testTimeout: 120_000 })

const temp = useTempDir()

const cli = async (...args: string[]): Promise<Run> => {
  const run = await runScriptorium(['--library', temp.libraryDir, ...args])
  expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' })
  return run
}
const listed = async (trash = false) => (JSON.parse((await cli('list', '--json', ...(trash ? ['--trash'] : []))).stdout) as Item[]).map((item) => item.id).sort()
const hits = async (query: string) => (JSON.parse((await cli('search', '--json', query)).stdout) as SearchResults).hits.map((hit) => hit.id)
const add = async (name: string, title: string, body: string): Promise<Item> => {
  const path = join(temp.dir, name)
  await writeFile(path, `Title: ${title}\nLanguage: nl\n\n${body}\n`)
  return (JSON.parse((await cli('add', '--json', path)).stdout) as Item[])[0]
}

/** What another machine's version of an item looks like when a sync tool writes it: a temp file renamed into place. */
async function writeAsSyncTool(path: string, change: (record: { revision: number; item: Item }) => void): Promise<void> {
  const record = JSON.parse(await readFile(join(temp.libraryDir, 'items', path.split('/')[0], 'item.json'), 'utf8')) as { revision: number; item: Item }
  change(record)
  record.revision += 1
  const target = join(temp.libraryDir, 'items', path)
  await writeFile(`${target}.syncthing.tmp`, JSON.stringify(record, null, 2))
  await rename(`${target}.syncthing.tmp`, target)
}

const isStopped = async (pid: number) => (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.startsWith('T') ?? false
async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let tries = 0; tries < 600; tries++) {
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`gave up waiting until ${what}`)
}

describe('empty-trash meets items a sync tool changed since they were read', () => {
  it('deletes one still in the trash as it now is, keeps one restored elsewhere, and says so in words', async () => {
    const restored = await add('kaesong.txt', 'Kaesong', 'Het verbindingsbureau in Kaesong is geopend.')
    const edited = await add('panmunjom.txt', 'Panmunjom', 'In Panmunjom spraken de leiders.')
    await cli('delete', restored.id)
    await cli('delete', edited.id)
    // Another machine restored one and edited the other (still in its trash) before this one empties the trash.
    await writeAsSyncTool(`${restored.id}/item.json`, (record) => {
      record.item.trashedAt = null
      record.item.csl.title = 'Kaesong, teruggehaald'
    })
    await writeAsSyncTool(`${edited.id}/item.json`, (record) => {
      record.item.csl.publisher = 'NRC'
    })

    const run = await cli('empty-trash', '--yes')
    expect(run.stdout).toContain('Deleted 1 item for good.')
    expect(run.stdout).toContain(`"Kaesong, teruggehaald" (${restored.id}) was restored on another machine while the trash was emptied; it was kept.`)
    expect(await listed()).toEqual([restored.id])
    expect(await listed(true)).toEqual([])
    expect((await readdir(join(temp.libraryDir, 'items'))).filter((name) => !name.startsWith('.'))).toEqual([restored.id])
    expect(await hits('teruggehaald')).toEqual([restored.id])
  })
})

describe('a deleted item whose record a merge brings back before its folder is removed', () => {
  it('keeps the record that came back, with its folder, and lists it', async () => {
    const item = await add('kaesong.txt', 'Kaesong', 'Het verbindingsbureau in Kaesong is geopend.')
    await cli('delete', item.id)
    const folder = join(temp.libraryDir, 'items', item.id)
    const otherMachine = JSON.parse(await readFile(join(folder, 'item.json'), 'utf8')) as { revision: number; item: Item }
    otherMachine.item.trashedAt = null
    otherMachine.item.csl.title = 'Kaesong, elders bewerkt'
    otherMachine.revision += 1

    // The delete stops itself (as a suspended laptop) right after its commit, before it removes the folder.
    const child: ChildProcess = spawn(process.execPath, [cliPath, '--library', temp.libraryDir, 'empty-trash', '--yes'], { env: { ...process.env, SCRIPTORIUM_PAUSE_AT: 'after-commit:1' } })
    child.stdout!.resume()
    let stderr = ''
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const done = new Promise<number | null>((resolve) => child.on('close', resolve))
    await until(() => isStopped(child.pid!), 'the delete stopped after its commit')
    expect((await readdir(folder)).includes('item.json')).toBe(false)

    // Meanwhile the other machine's edit arrives as a conflict copy, and a merge puts it back as the record.
    await writeFile(join(folder, 'item.sync-conflict-20261201-120000-BETA123.json'), JSON.stringify(otherMachine, null, 2))
    await cli('sync')
    expect((await readdir(folder)).includes('item.json')).toBe(true)

    child.kill('SIGCONT')
    expect(await done, stderr).toBe(0)
    expect((await readdir(folder)).sort()).toEqual(expect.arrayContaining(['content.html', 'item.json']))
    expect(await listed()).toEqual([item.id])
    const shown = JSON.parse((await cli('show', '--json', item.id)).stdout) as Item
    expect(shown.csl.title).toBe('Kaesong, elders bewerkt')
    expect(await hits('bewerkt')).toEqual([item.id])
  })
})
