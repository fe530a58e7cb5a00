import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { performance } from 'node:perf_hooks'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { isAnnotationFileName } from '../../electron/core/sync/annotationFileName'
import { readConflictCopyName } from '../../electron/core/sync/conflictCopyName'
import { ftsSearch } from '../../electron/node/library/ftsSearchBinding'
import { createLibraryStore } from '../../electron/node/library/libraryStore'
import { openArchive } from '../../electron/node/openArchive'
import { setConnected, startSyncthingPair, stopSyncthing, syncthingPath, waitInSync, type SyncthingNode } from '../support/syncthingPair'
import { generatedBib, RARE } from '../support/generatedBib'
import { runScriptorium } from '../support/runScriptorium'
import { makeTempDir, resourcesDir, SAMPLE } from '../support/tempLibrary'
import { asDevice } from '../support/asDevice'
import { itemFilesOf } from '../support/libraryFiles'

/**
 * Two libraries kept in step by two real syncthing instances on 127.0.0.1, each library changed by
 * its own "machine" (SCRIPTORIUM_DEVICE) while they are cut off from each other, then reconnected.
 */
const DEVICES = ['alpha', 'beta'] as const
const base64 = (text: string) => Buffer.from(text).toString('base64')

/** What each machine's app does at its next start: merge conflict copies, take in the rest. */
async function scan(index: number): Promise<void> {
  const store = asDevice(DEVICES[index], () => createLibraryStore(libraries[index], { search: ftsSearch }))
  try {
    await store.scanFiles()
  } finally {
    store.close()
  }
}

async function conflictCopies(libraryDir: string): Promise<string[]> {
  const names = (await readdir(libraryDir, { recursive: true })) as string[]
  return names.filter((name) => readConflictCopyName(name.split('/').pop()!) !== null)
}

/** Syncs, merges on both sides, and syncs the merges, until no conflict copy is left anywhere (bounded). */
async function settle(): Promise<void> {
  for (let round = 0; round < 6; round++) {
    await waitInSync(nodes)
    await scan(0)
    await scan(1)
    await waitInSync(nodes)
    if (!(await conflictCopies(libraries[0])).length && !(await conflictCopies(libraries[1])).length) return
  }
}

let removeTemp: () => Promise<void>
let nodes: SyncthingNode[] = []
let libraries: [string, string]
let apps: ArchiveApi[]

describe.skipIf(!syncthingPath)(`two libraries synced by Syncthing${syncthingPath ? '' : ' (skipped: syncthing is not installed; apt-get install syncthing)'}`, () => {
  beforeAll(async () => {
    const temp = await makeTempDir('scriptorium-syncthing-')
    removeTemp = temp.remove
    libraries = [join(temp.dir, 'alpha-library'), join(temp.dir, 'beta-library')]
    for (const dir of libraries) await mkdir(dir, { recursive: true })
    nodes = await startSyncthingPair([join(temp.dir, 'alpha-home'), join(temp.dir, 'beta-home')], libraries)
    apps = libraries.map((libraryDir, index) => asDevice(DEVICES[index], () => openArchive({ libraryDir, resourcesDir })))
  }, 60_000)

  // Two libraries of over 1,000 items each, and two syncthing homes, take a while to remove on a busy machine.
  afterAll(async () => {
    await stopSyncthing(nodes)
    await removeTemp?.()
  }, 120_000)

  it('merges edits, highlights, notes and a delete made on both sides at once, and ends with equal libraries and no conflict copy', async () => {
    const [alpha, beta] = apps
    const sample = await alpha.addSampleArticle({})
    const { added } = await alpha.importFiles({
      files: [
        { name: 'kaesong.txt', dataBase64: base64('Title: De grens bij Kaesong\n\nHet verbindingsbureau in Kaesong is vrijdag geopend door de twee landen.\n') },
        { name: 'panmunjom.txt', dataBase64: base64('Title: Panmunjom\n\nIn Panmunjom spraken de leiders over een verdrag.\n') },
        { name: 'pyongyang.txt', dataBase64: base64('Title: Pyongyang\n\nDe top in Pyongyang volgde in september.\n') },
      ],
    })
    const [kaesong, panmunjom, pyongyang] = added
    await settle()
    expect((await beta.listItems({})).map((item) => item.id).sort()).toEqual([sample.id, kaesong.id, panmunjom.id, pyongyang.id].sort())

    await setConnected(nodes, false)
    // Different items.
    await alpha.updateItem({ id: kaesong.id, patch: { publisher: 'NOS' } })
    await beta.updateItem({ id: panmunjom.id, patch: { publisher: 'NRC' } })
    // The same item, different fields, and tags as a set.
    await alpha.updateItem({ id: sample.id, patch: { volume: '12', tags: ['korea', 'alpha'] } })
    await beta.updateItem({ id: sample.id, patch: { issue: '3', tags: ['korea', 'beta'] } })
    // The same field: the later change wins, the other is kept for the user.
    await alpha.updateItem({ id: kaesong.id, patch: { title: 'Kaesong (alpha)' } })
    await new Promise((resolve) => setTimeout(resolve, 20))
    await beta.updateItem({ id: kaesong.id, patch: { title: 'Kaesong (beta)' } })
    // Highlights and notes on both sides.
    await alpha.addHighlight({ id: sample.id, quote: SAMPLE.para3Phrase, note: 'alpha highlighted this' })
    await alpha.addNote({ id: sample.id, note: 'A note from alpha' })
    await beta.addNote({ id: sample.id, note: 'A note from beta' })
    // A delete on one side while the other edits.
    await alpha.trashItem({ id: pyongyang.id })
    await alpha.emptyTrash({})
    await beta.updateItem({ id: pyongyang.id, patch: { publisher: 'KCNA' } })
    await setConnected(nodes, true)
    await settle()

    const [left, right] = [await itemFilesOf(libraries[0]), await itemFilesOf(libraries[1])]
    expect([...left.keys()]).toEqual([...right.keys()])
    for (const [id, files] of left) expect(files, `item ${id}`).toEqual(right.get(id))
    expect(await conflictCopies(libraries[0])).toEqual([])
    expect(await conflictCopies(libraries[1])).toEqual([])

    // Reopened, as after a restart, both machines answer the same.
    const reopened = libraries.map((libraryDir, index) => asDevice(DEVICES[index], () => openArchive({ libraryDir, resourcesDir })))
    for (const app of reopened) {
      const merged = await app.getItem({ id: sample.id })
      expect([merged.csl.volume, merged.csl.issue]).toEqual(['12', '3'])
      expect([...merged.tags].sort()).toEqual(['alpha', 'beta', 'korea'])
      const { highlights, notes } = await app.listAnnotations({ id: sample.id })
      expect(highlights.map((highlight) => highlight.note)).toEqual(['alpha highlighted this'])
      expect(notes.map((note) => note.note).sort()).toEqual(['A note from alpha', 'A note from beta'])
      // A group library: each says which machine made it.
      expect(highlights.map((highlight) => highlight.madeBy?.device)).toEqual(['alpha'])
      expect(notes.map((note) => `${note.note} / ${note.madeBy?.device}`).sort()).toEqual(['A note from alpha / alpha', 'A note from beta / beta'])
      expect((await app.getItem({ id: kaesong.id })).csl.publisher).toBe('NOS')
      expect((await app.getItem({ id: kaesong.id })).csl.title).toBe('Kaesong (beta)')
      expect((await app.getItem({ id: panmunjom.id })).csl.publisher).toBe('NRC')
      // The edit made while the other side deleted is not lost: the record comes back.
      expect((await app.getItem({ id: pyongyang.id })).csl.publisher).toBe('KCNA')
      // The losing title is kept, once, for either machine to put back.
      const conflicts = await app.listConflicts({})
      expect(conflicts.map((conflict) => [conflict.itemId, conflict.differences])).toEqual([[kaesong.id, [{ key: 'csl.title', value: 'Kaesong (alpha)' }]]])
      expect((await app.search({ query: 'title:Pyongyang' })).hits.map((hit) => hit.id)).toEqual([pyongyang.id])
    }
  }, 240_000)

  it('keeps a highlight made on one side and a note made on the other, on the same item, in two files: Syncthing never makes a conflict copy', async () => {
    const [alpha, beta] = apps
    const { added } = await alpha.importFiles({ files: [{ name: 'dorasan.txt', dataBase64: base64('Title: Dorasan\n\nDe grensovergang bij Dorasan werd heropend voor treinen uit het zuiden.\n') }] })
    const [item] = added
    await settle()
    expect((await beta.getItem({ id: item.id })).csl.title).toBe('Dorasan')

    await setConnected(nodes, false)
    await alpha.addHighlight({ id: item.id, quote: 'heropend voor treinen', note: 'kwartel van alpha' })
    await beta.addNote({ id: item.id, note: 'ooievaar van beta' })
    await setConnected(nodes, true)
    // Synced, and looked at before any app has merged anything: each device's file arrived whole on the other side.
    await waitInSync(nodes)
    expect(await conflictCopies(libraries[0])).toEqual([])
    expect(await conflictCopies(libraries[1])).toEqual([])
    for (const library of libraries) {
      expect((await readdir(join(library, 'items', item.id))).filter(isAnnotationFileName).sort()).toEqual(['annotations.alpha.json', 'annotations.beta.json'])
    }

    await settle()
    const [left, right] = [await itemFilesOf(libraries[0]), await itemFilesOf(libraries[1])]
    expect(left.get(item.id)).toEqual(right.get(item.id))
    const reopened = libraries.map((libraryDir, index) => asDevice(DEVICES[index], () => openArchive({ libraryDir, resourcesDir })))
    for (const app of reopened) {
      const { highlights, notes } = await app.listAnnotations({ id: item.id })
      expect(highlights.map((highlight) => `${highlight.note} / ${highlight.madeBy?.device}`)).toEqual(['kwartel van alpha / alpha'])
      expect(notes.map((note) => `${note.note} / ${note.madeBy?.device}`)).toEqual(['ooievaar van beta / beta'])
      expect((await app.search({ query: 'kwartel' })).hits.map((hit) => hit.id)).toEqual([item.id])
      expect((await app.search({ query: 'ooievaar' })).hits.map((hit) => hit.id)).toEqual([item.id])
    }
    expect(await conflictCopies(libraries[0])).toEqual([])
    expect(await conflictCopies(libraries[1])).toEqual([])
  }, 240_000)

  it('takes in 1,000 items added on one side while the other searches, and ends with equal libraries and no conflict copy', async () => {
    const before = (await apps[1].listItems({})).length
    // The other machine's app runs, watching its folder, and searches while the items arrive.
    const searcher = asDevice(DEVICES[1], () => openArchive({ libraryDir: libraries[1], resourcesDir, longRunning: true }))
    const bib = join(libraries[0], '..', 'refs.bib')
    await writeFile(bib, generatedBib(1000, { broken: false }))
    const started = performance.now()
    const adding = runScriptorium(['--library', libraries[0], 'add', bib], { env: { SCRIPTORIUM_DEVICE: DEVICES[0] } })

    const counts: number[] = []
    let found = 0
    // Bounded, so a sync that never completes fails here instead of hanging the suite.
    // Every entry's title says "Border report number N" but one, which holds "marmoset".
    const findAll = async () => (await searcher.search({ query: 'border report', limit: 1 })).total + (await searcher.search({ query: 'marmoset', limit: 1 })).total
    while (found < 1000 && performance.now() - started < 300_000) {
      found = await findAll()
      counts.push(found)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    const run = await adding
    expect(run.code, run.stderr).toBe(0)
    console.log(`1,000 items: added on alpha and found by beta's search after ${Math.round((performance.now() - started) / 100) / 10} s; beta searched ${counts.length} times meanwhile`)
    expect(found).toBe(1000)
    // Searches answered all along, and what was found never went away.
    expect(counts.length).toBeGreaterThan(1)
    for (const [index, count] of counts.entries()) if (index) expect(count).toBeGreaterThanOrEqual(counts[index - 1])
    expect((await searcher.search({ query: 'marmoset' })).hits.map((hit) => hit.citekey)).toEqual([`ref${RARE}`])

    await settle()
    const [left, right] = [await itemFilesOf(libraries[0]), await itemFilesOf(libraries[1])]
    expect(left.size).toBe(before + 1000)
    expect([...left.keys()]).toEqual([...right.keys()])
    for (const [id, files] of left) expect(files, `item ${id}`).toEqual(right.get(id))
    expect(await conflictCopies(libraries[0])).toEqual([])
    expect(await conflictCopies(libraries[1])).toEqual([])
    expect((await searcher.listItems({})).length).toBe(before + 1000)
  }, 900_000)

  it("takes in edits of every item made on one side past the other's per-folder watch limit, from the change log Syncthing brings, with no conflict copy of it", async () => {
    const ids = (await readdir(join(libraries[0], 'items'))).sort()
    // Only 30 folders watched and no full scan for an hour: only the change log can tell beta's app what changed.
    const watcher = asDevice(DEVICES[1], () => openArchive({ libraryDir: libraries[1], resourcesDir, longRunning: true, watch: { maxFolderWatches: 30, scanMs: 3_600_000 } }))
    const tagged = async (tag: string) => (await watcher.search({ query: `tag:${tag}`, limit: 1 })).total
    const until = async (ok: () => Promise<boolean>) => {
      const started = performance.now()
      while (!(await ok()) && performance.now() - started < 300_000) await new Promise((resolve) => setTimeout(resolve, 250))
    }
    // A first change, so the start's full scan is over before the measured one.
    expect((await runScriptorium(['--library', libraries[0], 'edit', ids[0], '--add-tag', 'warmup'], { env: { SCRIPTORIUM_DEVICE: DEVICES[0] } })).code).toBe(0)
    await until(async () => (await tagged('warmup')) === 1)
    expect(await tagged('warmup')).toBe(1)

    const started = performance.now()
    const run = await runScriptorium(['--library', libraries[0], 'edit', ...ids, '--add-tag', 'fromalpha'], { env: { SCRIPTORIUM_DEVICE: DEVICES[0] } })
    expect(run.code, run.stderr).toBe(0)
    await until(async () => (await tagged('fromalpha')) === ids.length)
    console.log(`${ids.length} items edited on alpha, found by beta's search through the change log after ${Math.round((performance.now() - started) / 100) / 10} s`)
    expect(await tagged('fromalpha')).toBe(ids.length)

    await settle()
    const [left, right] = [await itemFilesOf(libraries[0]), await itemFilesOf(libraries[1])]
    for (const [id, files] of left) expect(files, `item ${id}`).toEqual(right.get(id))
    // Alpha's logs, written only by alpha, arrive whole on beta.
    const logs = (await readdir(join(libraries[0], 'devices'))).filter((name) => name.startsWith('alpha.') && name.endsWith('.changes'))
    expect(logs.length).toBeGreaterThan(0)
    for (const name of logs) expect(await readFile(join(libraries[1], 'devices', name), 'utf8'), name).toBe(await readFile(join(libraries[0], 'devices', name), 'utf8'))
    expect(await conflictCopies(libraries[0])).toEqual([])
    expect(await conflictCopies(libraries[1])).toEqual([])
  }, 900_000)
})
