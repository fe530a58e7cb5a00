import { cp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { readConflictCopyName } from '../../electron/core/sync/conflictCopyName'
import { ftsSearch } from '../../electron/node/library/ftsSearchBinding'
import { createLibraryStore } from '../../electron/node/library/libraryStore'
import { openArchive } from '../../electron/node/openArchive'
import { runScriptorium } from '../support/runScriptorium'
import { resourcesDir, SAMPLE, useTempDir } from '../support/tempLibrary'
import { asDevice } from '../support/asDevice'

/**
 * Two copies of one library, each changed by its own "machine" (SCRIPTORIUM_DEVICE), then the other's
 * file laid beside this one's as each sync tool names a conflict copy: the next scan merges it.
 */
const temp = useTempDir()
let here: string
let there: string

const openAs = (device: string, libraryDir: string): ArchiveApi => asDevice(device, () => openArchive({ libraryDir, resourcesDir }))
const storeAs = (device: string, libraryDir: string) => asDevice(device, () => createLibraryStore(libraryDir, { search: ftsSearch }))

/** What the app and the CLI do at their start (the desktop's catalog is under .local/desktop/). */
async function scan(libraryDir: string): Promise<{ changed: number }> {
  const store = storeAs('desktop', libraryDir)
  try {
    return await store.scanFiles()
  } finally {
    store.close()
  }
}

/** Copies the library as a sync tool would have brought it to the other machine: without .local/. */
async function cloneLibrary(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true })
  await cp(from, to, { recursive: true, filter: (source) => !source.includes(`${from}/.local`) })
}

async function conflictCopiesLeft(libraryDir: string): Promise<string[]> {
  const names = (await readdir(libraryDir, { recursive: true })) as string[]
  return names.filter((name) => readConflictCopyName(name.split('/').pop()!) !== null)
}

beforeEach(async () => {
  here = join(temp.dir, 'desktop')
  there = join(temp.dir, 'laptop')
})

describe('conflict copies merged at the next scan', () => {
  it('merges a Syncthing copy of item.json field by field and tags as a set', async () => {
    const desktop = openAs('desktop', here)
    const { id } = await desktop.addSampleArticle({})
    await desktop.updateItem({ id, patch: { tags: ['korea', 'diplomacy'] } })
    await cloneLibrary(here, there)
    const laptop = openAs('laptop', there)
    await laptop.updateItem({ id, patch: { publisher: 'NOS', tags: ['korea', 'border'] } })
    await desktop.updateItem({ id, patch: { title: 'Verbindingsbureau geopend', tags: ['korea', 'diplomacy', 'peace'] } })

    await cp(join(there, 'items', id, 'item.json'), join(here, 'items', id, 'item.sync-conflict-20261201-101500-LAPTOP7.json'))
    await scan(here)

    const merged = await openAs('desktop', here).getItem({ id })
    expect(merged.csl.title).toBe('Verbindingsbureau geopend')
    expect(merged.csl.publisher).toBe('NOS')
    // "diplomacy" removed on the laptop, "border" added there, "peace" added here.
    expect([...merged.tags].sort()).toEqual(['border', 'korea', 'peace'])
    expect(await conflictCopiesLeft(here)).toEqual([])
    expect(await desktop.listConflicts({})).toEqual([])
  })

  it('merges a Dropbox copy of annotations.json (as an older version leaves it) as a union, with deletions kept as tombstones', async () => {
    const desktop = openAs('desktop', here)
    const { id } = await desktop.addSampleArticle({})
    const kept = await desktop.addNote({ id, note: 'Kept on both machines' })
    const doomed = await desktop.addNote({ id, note: 'Deleted on the laptop' })
    await cloneLibrary(here, there)

    const laptop = openAs('laptop', there)
    await laptop.addHighlight({ id, quote: SAMPLE.para3Phrase, note: 'Highlighted on the laptop' })
    await laptop.deleteAnnotation({ id, annotationId: doomed.id })
    // The deleted note is dropped from the laptop's file, as the app does a day later: only its tombstone remains.
    const laptopStore = storeAs('laptop', there)
    await laptopStore.mutate(async () => {
      const file = await laptopStore.readAnnotations(id)
      await laptopStore.writeAnnotations(id, { ...file, annotations: file.annotations.filter((annotation) => !annotation['scriptorium:deleted']) })
    })
    laptopStore.close()
    await desktop.addNote({ id, note: 'Written on the desktop' })
    await desktop.updateAnnotation({ id, annotationId: kept.id, note: 'Kept on both machines, edited here' })

    await cp(join(there, 'items', id, 'annotations.laptop.json'), join(here, 'items', id, "annotations (Laptop's conflicted copy 2026-12-01).json"))
    await scan(here)

    const { highlights, notes } = await openAs('desktop', here).listAnnotations({ id })
    expect(highlights.map((highlight) => highlight.note)).toEqual(['Highlighted on the laptop'])
    expect(notes.map((note) => note.note).sort()).toEqual(['Kept on both machines, edited here', 'Written on the desktop'])
    expect(await conflictCopiesLeft(here)).toEqual([])
    // Search sees the merged file.
    expect((await desktop.search({ query: 'laptop' })).hits.map((hit) => hit.id)).toEqual([id])
  })

  it('keeps the losing value of a field changed on both machines, and puts it back on "Keep this version" (Nextcloud copy)', async () => {
    const desktop = openAs('desktop', here)
    const { id } = await desktop.addSampleArticle({})
    await cloneLibrary(here, there)
    const laptop = openAs('laptop', there)
    await laptop.updateItem({ id, patch: { title: 'Title written on the laptop' } })
    await new Promise((resolve) => setTimeout(resolve, 5))
    await desktop.updateItem({ id, patch: { title: 'Title written on the desktop' } })

    await cp(join(there, 'items', id, 'item.json'), join(here, 'items', id, 'item (conflicted copy 2026-12-01 101500).json'))
    await scan(here)

    const after = openAs('desktop', here)
    expect((await after.getItem({ id })).csl.title).toBe('Title written on the desktop')
    const conflicts = await after.listConflicts({})
    expect(conflicts).toHaveLength(1)
    expect(conflicts[0]).toMatchObject({ itemId: id, file: 'item.json', differences: [{ key: 'csl.title', value: 'Title written on the laptop' }] })
    expect(await conflictCopiesLeft(here)).toEqual([])

    expect(await after.resolveConflict({ id: conflicts[0].id, keep: true })).toEqual([])
    expect((await after.getItem({ id })).csl.title).toBe('Title written on the laptop')
  })

  it('gives a citation key claimed by two items on two machines to the first added, a suffix to the other, and says so', async () => {
    // Two machines that each add the same article before either has seen the other's.
    const desktop = openAs('desktop', here)
    const first = await desktop.addSampleArticle({})
    const laptop = openAs('laptop', there)
    const second = await laptop.addSampleArticle({})
    expect(second.citekey).toBe(first.citekey)

    // The laptop's new item arrives in the desktop's library.
    await cp(join(there, 'items', second.id), join(here, 'items', second.id), { recursive: true })
    await scan(here)

    const after = openAs('desktop', here)
    expect((await after.getItem({ id: first.id })).citekey).toBe(SAMPLE.citekey)
    expect((await after.getItem({ id: second.id })).citekey).toBe(`${SAMPLE.citekey}a`)
    const [notice] = await after.listConflicts({})
    expect(notice.itemId).toBe(second.id)
    expect(notice.title).toContain(`The citation key ${SAMPLE.citekey} was given to two items on two machines`)
  })

  it('reads a record written before change stamps, and merges it with the record time for every field', async () => {
    const desktop = openAs('desktop', here)
    const { id } = await desktop.addSampleArticle({})
    const path = join(here, 'items', id, 'item.json')
    const record = JSON.parse(await readFile(path, 'utf8'))
    delete record.changes
    await writeFile(path, JSON.stringify(record))
    await scan(here)
    expect((await openAs('desktop', here).getItem({ id })).csl.title).toBe(SAMPLE.title)

    await cloneLibrary(here, there)
    await openAs('laptop', there).updateItem({ id, patch: { publisher: 'NOS' } })
    await openAs('desktop', here).updateItem({ id, patch: { volume: '12' } })
    await rename(join(there, 'items', id, 'item.json'), join(here, 'items', id, 'item.sync-conflict-20261201-101500-LAPTOP7.json'))
    await scan(here)
    const merged = await openAs('desktop', here).getItem({ id })
    expect([merged.csl.publisher, merged.csl.volume]).toEqual(['NOS', '12'])
    expect(await openAs('desktop', here).listConflicts({})).toEqual([])
  })
})

describe('the CLI', () => {
  it('merges a conflict copy with "scriptorium sync", and before changing an item that has one', async () => {
    const desktop = openAs('desktop', here)
    const { id } = await desktop.addSampleArticle({})
    await cloneLibrary(here, there)
    const laptop = openAs('laptop', there)
    await laptop.updateItem({ id, patch: { publisher: 'NOS' } })
    await laptop.addNote({ id, note: 'Written on the laptop' })
    await desktop.updateItem({ id, patch: { volume: '12' } })
    await cp(join(there, 'items', id, 'item.json'), join(here, 'items', id, 'item.sync-conflict-20261201-101500-LAPTOP7.json'))
    await cp(join(there, 'items', id, 'annotations.laptop.json'), join(here, 'items', id, 'annotations.sync-conflict-20261201-101500-LAPTOP7.json'))

    const sync = await runScriptorium(['--library', here, '--json', 'sync'], { env: { SCRIPTORIUM_DEVICE: 'desktop' } })
    expect(sync.code).toBe(0)
    expect(JSON.parse(sync.stdout)).toMatchObject({ device: 'desktop', merged: 2, conflicts: [] })
    expect(await conflictCopiesLeft(here)).toEqual([])

    // A change that meets a copy merges it first, and is to be made again.
    await laptop.addNote({ id, note: 'Written on the laptop, later' })
    await cp(join(there, 'items', id, 'annotations.laptop.json'), join(here, 'items', id, 'annotations.sync-conflict-20261201-111500-LAPTOP7.json'))
    const edit = await runScriptorium(['--library', here, 'note', id, 'Written on the desktop'], { env: { SCRIPTORIUM_DEVICE: 'desktop' } })
    expect(edit.code).toBe(1)
    expect(edit.stderr).toContain("had a sync tool's conflict copy beside it, now merged")
    expect(await conflictCopiesLeft(here)).toEqual([])
    expect((await runScriptorium(['--library', here, 'note', id, 'Written on the desktop'], { env: { SCRIPTORIUM_DEVICE: 'desktop' } })).code).toBe(0)

    const merged = openAs('desktop', here)
    expect([(await merged.getItem({ id })).csl.publisher, (await merged.getItem({ id })).csl.volume]).toEqual(['NOS', '12'])
    expect((await merged.listAnnotations({ id })).notes.map((note) => note.note).sort()).toEqual(['Written on the desktop', 'Written on the laptop', 'Written on the laptop, later'])
  })
})

describe('library-wide records merged record by record', () => {
  it('keeps the collections and saved searches both machines made, and a deletion made later', async () => {
    const desktop = openAs('desktop', here)
    const shared = await desktop.createCollection({ name: 'Shared' })
    await cloneLibrary(here, there)
    const laptop = openAs('laptop', there)
    await laptop.createCollection({ name: 'Made on the laptop' })
    await laptop.saveSearch({ name: 'Peace', query: 'vrede' })
    await desktop.createCollection({ name: 'Made on the desktop' })
    await desktop.saveSearch({ name: 'Korea', query: 'korea' })
    await desktop.deleteCollection({ id: shared.id })
    await cp(join(there, 'collections.json'), join(here, 'collections.sync-conflict-20261201-101500-LAPTOP7.json'))
    await cp(join(there, 'searches.json'), join(here, "searches (laptop's conflicted copy 2026-12-01).json"))

    expect((await runScriptorium(['--library', here, '--json', 'sync'], { env: { SCRIPTORIUM_DEVICE: 'desktop' } })).code).toBe(0)
    expect(await conflictCopiesLeft(here)).toEqual([])
    const merged = openAs('desktop', here)
    expect((await merged.listCollections({})).map((collection) => collection.name).sort()).toEqual(['Made on the desktop', 'Made on the laptop'])
    expect((await merged.listSavedSearches({})).map((search) => search.name).sort()).toEqual(['Korea', 'Peace'])
  })
})

describe("conflict copies merged by the watcher's pick-up", () => {
  it.each([
    ['Syncthing', 'annotations.laptop.sync-conflict-20261201-101500-LAPTOP7.json'],
    ['Dropbox', "annotations.laptop (Laptop's conflicted copy 2026-12-01).json"],
    ['Nextcloud', 'annotations.laptop (conflicted copy 2026-12-01 101500).json'],
  ])('takes in what it merged from a %s copy of another device\'s annotation file, in the same pick-up', async (_tool, copyName) => {
    const desktop = openAs('desktop', here)
    const { id } = await desktop.addSampleArticle({})
    await cloneLibrary(here, there)
    await openAs('laptop', there).addHighlight({ id, quote: 'een nieuw tijdperk van vrede', note: 'wapenstilstand' })
    // Only the copy arrives: its merge writes this device's file, which the pick-up found no trace of when it looked.
    await cp(join(there, 'items', id, 'annotations.laptop.json'), join(here, 'items', id, copyName))
    const store = storeAs('desktop', here)
    try {
      expect(await store.takeInChanges([id])).toEqual({ changed: 1 })
    } finally {
      store.close()
    }
    expect(await conflictCopiesLeft(here)).toEqual([])
    expect((await desktop.search({ query: 'wapenstilstand in:highlights' })).hits.map((hit) => hit.id)).toEqual([id])
  })
})

describe('conflict copy names', () => {
  it('reads the names Syncthing, Dropbox and Nextcloud give, and no others', () => {
    expect(readConflictCopyName('item.sync-conflict-20261201-101500-ABCDEF7.json')).toEqual({ original: 'item.json', tool: 'syncthing', device: 'ABCDEF7' })
    expect(readConflictCopyName("annotations (Anna's conflicted copy 2026-12-01).json")).toEqual({ original: 'annotations.json', tool: 'dropbox', device: 'Anna' })
    expect(readConflictCopyName("item (Anna's conflicted copy 2026-12-01 (1)).json")).toEqual({ original: 'item.json', tool: 'dropbox', device: 'Anna' })
    expect(readConflictCopyName('settings (conflicted copy 2026-12-01 101500).json')).toEqual({ original: 'settings.json', tool: 'nextcloud' })
    expect(readConflictCopyName('item.json')).toBeNull()
    expect(readConflictCopyName('item.sync-conflict-notadate.json')).toBeNull()
  })
})
