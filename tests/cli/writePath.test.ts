import { spawn, type ChildProcess } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Item, SearchResults } from '../../electron/core/archiveApi'
import { generatedBib } from '../support/generatedBib'
import { readItemRecords } from '../support/libraryFiles'
import { libraryLeftovers } from '../support/libraryLeftovers'
import { runScriptorium, type Run } from '../support/runScriptorium'
import { cliPath, samplePath, useTempDir } from '../support/tempLibrary'

const WAITING = 'Waiting for another Scriptorium process to finish saving…'

// Each test runs a dozen CLI processes, several at once: on a busy machine that takes a while.
vi.setConfig({ testTimeout: 180_000 })

const temp = useTempDir()
let sample: Item

const cli = async (...args: string[]): Promise<Run> => {
  const run = await runScriptorium(['--library', temp.libraryDir, ...args])
  expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' })
  return run
}
/** The command, failing with an error at a named step of its change (as a full disk would). */
const failedAt = async (step: string, ...args: string[]): Promise<Run> => {
  const run = await runScriptorium(['--library', temp.libraryDir, ...args], { env: { SCRIPTORIUM_FAIL_AT: step } })
  expect(run.code).toBe(1)
  expect(run.stderr).toContain(`a failure injected at ${step.split(':')[0]}`)
  return run
}
const show = async (id: string) => JSON.parse((await cli('show', '--json', id)).stdout) as Item & { highlights: { quote: string }[]; notes: { note: string }[] }
const hits = async (query: string) => (JSON.parse((await cli('search', '--json', query)).stdout) as SearchResults).hits.map((hit) => hit.id)
const listed = async (trash = false) => (JSON.parse((await cli('list', '--json', ...(trash ? ['--trash'] : []))).stdout) as Item[]).map((item) => item.id).sort()
const textFile = async (name: string, title: string, body: string) => {
  const path = join(temp.dir, name)
  await writeFile(path, `Title: ${title}\nLanguage: en\n\n${body}`)
  return path
}

/** A CLI process in the background, its stderr collected as it comes. */
function background(args: string[], env: Record<string, string> = {}): { child: ChildProcess; stderr: () => string; done: Promise<number | null> } {
  const child = spawn(process.execPath, [cliPath, '--library', temp.libraryDir, ...args], { env: { ...process.env, ...env } })
  let stderr = ''
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  child.stdout!.resume()
  return { child, stderr: () => stderr, done: new Promise((resolve) => child.on('close', resolve)) }
}

async function until(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let tries = 0; tries < 600; tries++) {
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`gave up waiting until ${what}`)
}
const isStopped = async (pid: number) => (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.startsWith('T') ?? false

beforeEach(async () => {
[sample] = JSON.parse((await cli('add', '--json', samplePath)).stdout) as Item[]
})

describe('a change that fails after it wrote files is undone, search included', () => {
  it('puts back every record of a bulk tag that failed midway, some records renamed into place and some not', async () => {
    const ids = [sample.id]
    for (const name of ['harbour', 'canal']) ids.push(...(JSON.parse((await cli('add', '--json', await textFile(`${name}.txt`, `${name} report`, `The ${name} of Rotterdam.`))).stdout) as Item[]).map((item) => item.id))
    const records = () => Promise.all(ids.map((id) => readFile(join(temp.libraryDir, 'items', id, 'item.json'), 'utf8')))
    const before = await records()
    await failedAt('after-record-rename:2', 'edit', ...ids, '--add-tag', 'Fieldwork')
    expect(await records()).toEqual(before)
    expect(await hits('tag:fieldwork')).toEqual([])
    expect(await libraryLeftovers(temp.libraryDir)).toEqual([])
    // The catalog follows the restored files: the same change again is no conflict.
    await cli('edit', ...ids, '--add-tag', 'Fieldwork')
    expect((await hits('tag:fieldwork')).sort()).toEqual([...ids].sort())
  })

  it('puts back the record of an edit, so the list, search and the next edit see the old one', async () => {
    const before = await readFile(join(temp.libraryDir, 'items', sample.id, 'item.json'), 'utf8')
    await failedAt('after-record', 'edit', sample.id, '--title', 'Verbindingsbureau in Kaesong geopend')
    expect(await readFile(join(temp.libraryDir, 'items', sample.id, 'item.json'), 'utf8')).toBe(before)
    expect((await show(sample.id)).csl.title).toBe(sample.csl.title)
    expect(await hits('title:kaesong')).toEqual([])
    // The catalog follows the restored file: the next edit is no "changed outside" conflict.
    await cli('edit', sample.id, '--title', 'Kaesong, second try')
    expect(await hits('title:kaesong')).toEqual([sample.id])
    expect(await libraryLeftovers(temp.libraryDir)).toEqual([])
  })

  it('puts back the annotations of a highlight and of a note', async () => {
    await failedAt('after-annotations', 'highlight', sample.id, '--quote', 'een nieuw tijdperk van vrede', '--note', 'verzoening')
    expect(await hits('verzoening in:highlights')).toEqual([])
    expect((await show(sample.id)).highlights).toEqual([])
    await failedAt('after-annotations', 'note', sample.id, 'Over de grens bij Kaesong')
    expect((await show(sample.id)).notes).toEqual([])
    expect(await hits('kaesong in:notes')).toEqual([])
    await cli('note', sample.id, 'Over de grens bij Kaesong')
    expect(await hits('kaesong in:notes')).toEqual([sample.id])
    expect(await libraryLeftovers(temp.libraryDir)).toEqual([])
  })

  it('keeps an item whose deletion for good failed, in the trash with its record', async () => {
    await cli('delete', sample.id)
    await failedAt('after-record-removed', 'empty-trash', '--yes')
    expect(await listed(true)).toEqual([sample.id])
    expect((await readItemRecords(temp.libraryDir)).map((item) => item.id)).toEqual([sample.id])
    await cli('empty-trash', '--yes')
    expect(await listed(true)).toEqual([])
    expect(await readItemRecords(temp.libraryDir)).toEqual([])
    expect(await libraryLeftovers(temp.libraryDir)).toEqual([])
  })

  it('leaves no folder of an addition that failed after its folder was put in place', async () => {
    const harbour = await textFile('harbour.txt', 'Harbour report', 'The harbour of Rotterdam handled more containers than ever.')
    await failedAt('after-item-files', 'add', harbour)
    expect(await listed()).toEqual([sample.id])
    expect(await hits('rotterdam')).toEqual([])
    expect((await readItemRecords(temp.libraryDir)).map((item) => item.id)).toEqual([sample.id])
    expect(await libraryLeftovers(temp.libraryDir)).toEqual([])
  })
})

describe('a bulk import run again after it was killed midway', () => {
  it('adds only what is missing and names the rest as already there, even for entries without DOI or address', async () => {
    const bib = join(temp.dir, 'refs.bib')
    // No DOI: only the entry itself says it is there already.
    await writeFile(bib, generatedBib(450, { broken: false }).replace(/,\n {2}doi = \{[^}]*\}/g, ''))
    const killed = await runScriptorium(['--library', temp.libraryDir, 'add', bib], { env: { SCRIPTORIUM_CRASH_AT: 'after-item-files:3' } })
    expect(killed.code).toBeNull()
    const before = (await listed()).length - 1
    expect(before).toBeGreaterThan(0)
    expect(before).toBeLessThan(450)

    const again = await runScriptorium(['--library', temp.libraryDir, 'add', bib])
    expect(again.code).toBe(1)
    expect(again.stdout.split('\n').filter((line) => line.startsWith('Added '))).toHaveLength(450 - before)
    expect(again.stderr.split('\n').filter((line) => line.includes('is already in the library'))).toHaveLength(before)
    const keys = (await readItemRecords(temp.libraryDir)).map((item) => item.citekey).filter((key) => key.startsWith('ref'))
    expect(keys.sort()).toEqual(Array.from({ length: 450 }, (_, n) => `ref${n}`).sort())
    expect(await libraryLeftovers(temp.libraryDir)).toEqual([])
  })
})

describe('a holder of the write lock', () => {
  it('paused (SIGSTOP) inside its change is waited for, and nothing acknowledged meanwhile or by it is lost', async () => {
    const other = JSON.parse((await cli('add', '--json', await textFile('harbour.txt', 'Harbour report', 'The harbour of Rotterdam handled more containers than ever.'))).stdout)[0] as Item
    const paused = background(['edit', sample.id, '--title', 'Paused edit of Kaesong'], { SCRIPTORIUM_PAUSE_AT: 'before-commit' })
    await until(() => isStopped(paused.child.pid!), 'the holder stopped itself')
    const waiters = [
      background(['edit', other.id, '--title', 'Harbour report, edited while another waited']),
      background(['note', sample.id, 'Written while the other process was paused']),
      background(['add', await textFile('canal.txt', 'Canal report', 'The canal of Amsterdam froze over in the winter.')]),
    ]
    await until(() => waiters.every((waiter) => waiter.stderr().includes(WAITING)), 'every other writer said it waits')
    // Still waiting, for as long as the holder is paused: none gave up or went ahead.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    for (const waiter of waiters) expect(waiter.child.exitCode).toBeNull()
    paused.child.kill('SIGCONT')
    expect(await paused.done).toBe(0)
    for (const waiter of waiters) expect(await waiter.done, waiter.stderr()).toBe(0)

    expect((await show(sample.id)).csl.title).toBe('Paused edit of Kaesong')
    expect((await show(sample.id)).notes.map((note) => note.note)).toEqual(['Written while the other process was paused'])
    expect((await show(other.id)).csl.title).toBe('Harbour report, edited while another waited')
    expect(await hits('canal amsterdam')).toHaveLength(1)
    expect(await hits('title:paused')).toEqual([sample.id])
    expect(await libraryLeftovers(temp.libraryDir)).toEqual([])
  })

  it('killed inside its change delays no one: the next command does not wait, and the change is whole or undone', async () => {
    await runScriptorium(['--library', temp.libraryDir, 'edit', sample.id, '--title', 'Killed edit'], { env: { SCRIPTORIUM_CRASH_AT: 'before-commit' } })
    const started = performance.now()
    const next = await runScriptorium(['--library', temp.libraryDir, 'note', sample.id, 'After the crash'])
    console.log(`a write after a holder was killed in the lock took ${Math.round(performance.now() - started)} ms, process start included`)
    expect(next).toMatchObject({ code: 0, stderr: '' })
    const shown = await show(sample.id)
    expect([sample.csl.title, 'Killed edit']).toContain(shown.csl.title)
    expect((await readItemRecords(temp.libraryDir))[0].csl.title).toBe(shown.csl.title)
    expect(await hits(`title:"${shown.csl.title!.split(' ')[0]}"`)).toEqual([sample.id])
    expect(await libraryLeftovers(temp.libraryDir)).toEqual([])
  })
})
