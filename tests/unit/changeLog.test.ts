import { appendFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { changeLogLine, hasArrived, loggedWriteOf, readChangeLogLine, readChangeLogName } from '../../electron/core/sync/changeLogEntry'
import { awaitLoggedChanges } from '../../electron/node/library/awaitLoggedChanges'
import { CHANGE_LOG_WRITER, createChangeLogWriter, ROTATE_BYTES } from '../../electron/node/library/changeLogWriter'
import { followChangeLogs } from '../../electron/node/library/followChangeLogs'
import { makeTempDir, useTempDir } from '../support/tempLibrary'

describe('a line of a change log', () => {
  it('reads back what was written, and refuses ids that are not item ids', () => {
    const entry = { id: 'AB12-cd_3', file: 'annotations.json' as const, versions: { laptop: 4, desk: 2 }, writer: 'a1b2c3d4' }
    expect(readChangeLogLine(changeLogLine(entry).trimEnd())).toEqual({ entry })
    expect(readChangeLogLine('{"id":"AB12","deleted":true,"writer":"ff"}')).toEqual({ entry: { id: 'AB12', deleted: true, writer: 'ff' } })
    for (const id of ['..', '../x', 'a/b', 'a\\b', '', 'x'.repeat(65), 7, null]) {
      expect(readChangeLogLine(JSON.stringify({ ...entry, id }))).toEqual({ problem: 'bad-item-id' })
    }
    expect(readChangeLogLine(JSON.stringify({ ...entry, versions: { laptop: -1 } }))).toEqual({ problem: 'bad-versions' })
    expect(readChangeLogLine(JSON.stringify({ ...entry, versions: { laptop: 1.5 } }))).toEqual({ problem: 'bad-versions' })
    expect(readChangeLogLine(JSON.stringify({ ...entry, versions: {} }))).toEqual({ problem: 'bad-versions' })
    expect(readChangeLogLine(JSON.stringify({ ...entry, file: 'content.html' }))).toEqual({ problem: 'bad-file' })
    expect(readChangeLogLine(JSON.stringify({ ...entry, writer: '../' }))).toEqual({ problem: 'not-an-entry' })
    expect(readChangeLogLine('{"id":"AB12","file":"item.js')).toEqual({ problem: 'not-json' })
  })

  it('names a device\'s own annotation file, never a conflict copy of one or anything else beside it', () => {
    const entry = { id: 'AB12', file: 'annotations.laptop.json' as const, versions: { laptop: 4 }, writer: 'a1b2c3d4' }
    expect(readChangeLogLine(changeLogLine(entry).trimEnd())).toEqual({ entry })
    for (const file of ['annotations.sync-conflict-20261201-101500-ABCDEF7.json', 'annotations.laptop.sync-conflict-20261201-101500-ABCDEF7.json', "annotations.laptop (Anna's conflicted copy 2026-12-01).json", 'annotations..json', 'annotations.a/b.json', 'annotations.../x.json', `annotations.${'x'.repeat(49)}.json`]) {
      expect(readChangeLogLine(JSON.stringify({ ...entry, file })), file).toEqual({ problem: 'bad-file' })
    }
    expect(loggedWriteOf('items/AB12/annotations.phone.json', { 'scriptorium:changes': { versions: { phone: 2 } } })).toEqual({ id: 'AB12', file: 'annotations.phone.json', versions: { phone: 2 } })
    expect(hasArrived(entry, { 'scriptorium:changes': { versions: { laptop: 4 } } })).toBe(true)
    expect(hasArrived(entry, { 'scriptorium:changes': { versions: { laptop: 3, desk: 9 } } })).toBe(false)
  })

  it('names only files of its own shape', () => {
    expect(readChangeLogName('laptop.3.changes')).toEqual({ device: 'laptop', generation: 3 })
    for (const name of ['laptop.json', 'laptop.changes', '../x.1.changes', 'laptop.1.changes.sync-conflict-20261201-101500-ABCDEF7', '.laptop.1.changes.tmp']) expect(readChangeLogName(name)).toBeNull()
  })

  it('tells a record that holds the logged write (or a later one) from an older, missing or unreadable one', () => {
    const entry = { id: 'AB12', file: 'item.json' as const, versions: { laptop: 3, desk: 1 }, writer: 'ff' }
    expect(hasArrived(entry, { changes: { versions: { laptop: 3, desk: 1 } } })).toBe(true)
    expect(hasArrived(entry, { changes: { versions: { laptop: 4, desk: 2, third: 1 } } })).toBe(true)
    expect(hasArrived(entry, { changes: { versions: { laptop: 2, desk: 5 } } })).toBe(false)
    expect(hasArrived(entry, null)).toBe(false)
    expect(hasArrived(entry, undefined)).toBe(false)
    expect(hasArrived({ ...entry, file: 'annotations.json' }, { 'scriptorium:changes': { versions: { laptop: 3, desk: 1 } } })).toBe(true)
    expect(hasArrived({ id: 'AB12', deleted: true, writer: 'ff' }, null)).toBe(true)
    expect(hasArrived({ id: 'AB12', deleted: true, writer: 'ff' }, { changes: {} })).toBe(false)
  })
})

describe('a line for a file written outside a change (a merge, a restore, a repair)', () => {
  it('names an item file by its path and the counts its stamps hold; any other path, or a file without stamps, gets none', () => {
    expect(loggedWriteOf('items/AB12/item.json', { changes: { versions: { laptop: 3, desk: 1 } } })).toEqual({ id: 'AB12', file: 'item.json', versions: { laptop: 3, desk: 1 } })
    expect(loggedWriteOf('items/AB12/annotations.json', { 'scriptorium:changes': { versions: { phone: 2 } } })).toEqual({ id: 'AB12', file: 'annotations.json', versions: { phone: 2 } })
    // The stamps of one file are never read as the other's.
    expect(loggedWriteOf('items/AB12/annotations.json', { changes: { versions: { phone: 2 } } })).toBeNull()
    expect(loggedWriteOf('items/AB12/item.json', { changes: {} })).toBeNull()
    expect(loggedWriteOf('items/AB12/item.json', null)).toBeNull()
    for (const path of ['collections.json', 'settings.json', 'items/AB12/content.html', 'items/../item.json', 'items/AB12/sub/item.json', 'conflicts/AB12.item.json']) {
      expect(loggedWriteOf(path, { changes: { versions: { laptop: 1 } } }), path).toBeNull()
    }
  })

  it('is appended at once with the counts of the file on disk, for another process to follow', async () => {
    const own = await makeTempDir()
    onTestFinished(() => own.remove())
    const location = join(own.dir, 'library')
    await mkdir(join(location, 'items', 'AB12'), { recursive: true })
    await writeFile(join(location, 'items', 'AB12', 'item.json'), JSON.stringify({ changes: { versions: { desk: 2, phone: 1 } } }))
    await writeFile(join(location, 'collections.json'), '{}')
    const follower = followChangeLogs(location)
    await follower.start()
    const writer = createChangeLogWriter(location, 'desk', { writer: 'abcd' })
    // An unwritten annotations.json and a shared record name nothing; no flush is needed.
    await writer.logFiles(['items/AB12/item.json', 'items/AB12/annotations.json', 'collections.json'])
    expect((await follower.readNew()).entries).toEqual([{ id: 'AB12', file: 'item.json', versions: { desk: 2, phone: 1 }, writer: 'abcd' }])
    // What a change noted is still its own, flushed (or dropped) with it.
    writer.note({ id: 'AB12', file: 'item.json', versions: { desk: 3, phone: 1 } })
    await writer.logFiles(['items/AB12/item.json'])
    expect((await follower.readNew()).entries.map((entry) => ('versions' in entry ? entry.versions.desk : null))).toEqual([2])
    writer.discard()
    await writer.flush()
    expect((await follower.readNew()).entries).toEqual([])
  })
})

describe('change log files', () => {
  const temp = useTempDir()

  it('rotates past its size, keeps the generation before for slow readers, and a follower reads across the rotation', async () => {
    const library = temp.dir
    const follower = followChangeLogs(library)
    await follower.start()
    const writer = createChangeLogWriter(library, 'laptop')
    const perFlush = 200
    let written = 0
    const flushes = Math.ceil((ROTATE_BYTES * 2.5) / (perFlush * 60))
    const read: string[] = []
    for (let flush = 0; flush < flushes; flush++) {
      for (let n = 0; n < perFlush; n++) writer.note({ id: `I${String(written++).padStart(7, '0')}`, file: 'item.json', versions: { laptop: written } })
      await writer.flush()
      // Read now and then, as a watcher does: what came meanwhile may span two generations.
      if (flush % 7 === 6) read.push(...(await follower.readNew()).entries.map((entry) => entry.id))
    }
    read.push(...(await follower.readNew()).entries.map((entry) => entry.id))
    const names = (await readdir(join(library, 'devices'))).sort()
    const last = Math.max(...names.map((name) => readChangeLogName(name)!.generation))
    expect(last).toBeGreaterThanOrEqual(3)
    expect(names).toEqual([`laptop.${last - 1}.changes`, `laptop.${last}.changes`])
    expect(read).toEqual(Array.from({ length: written }, (_, n) => `I${String(n).padStart(7, '0')}`))
    // A discarded change writes nothing.
    writer.note({ id: 'NEVER', deleted: true })
    writer.discard()
    await writer.flush()
    expect((await follower.readNew()).entries).toEqual([])
  })

  it("skips this process's own lines, waits for an incomplete last line, and reads a rewritten log again from its start", async () => {
    const library = temp.dir
    await mkdir(join(library, 'devices'))
    const path = join(library, 'devices', 'laptop.1.changes')
    const follower = followChangeLogs(library, { skipWriter: CHANGE_LOG_WRITER })
    await follower.start()
    const mine = createChangeLogWriter(library, 'laptop')
    mine.note({ id: 'MINE', deleted: true })
    await mine.flush()
    const other = (id: string) => changeLogLine({ id, deleted: true, writer: 'abcdef01' })
    const half = other('SECOND')
    await appendFile(path, other('FIRST') + half.slice(0, 10))
    expect((await follower.readNew()).entries.map((entry) => entry.id)).toEqual(['FIRST'])
    await appendFile(path, half.slice(10))
    expect((await follower.readNew()).entries.map((entry) => entry.id)).toEqual(['SECOND'])
    // Replaced by a sync tool with other bytes (a log of another history): read from the start.
    await writeFile(`${path}.tmp`, other('OTHER1') + other('OTHER2') + other('OTHER3') + other('OTHER4'))
    await rename(`${path}.tmp`, path)
    expect((await follower.readNew()).entries.map((entry) => entry.id)).toEqual(['OTHER1', 'OTHER2', 'OTHER3', 'OTHER4'])
  })

  it('awaits a record until its logged version is on disk whole', async () => {
    const library = temp.dir
    const folder = join(library, 'items', 'AB12')
    await mkdir(folder, { recursive: true })
    const record = (n: number) => JSON.stringify({ format: 'scriptorium-item', changes: { versions: { laptop: n } } })
    await writeFile(join(folder, 'item.json'), record(1))
    const awaiting = awaitLoggedChanges(library, { timeoutMs: 60_000 })
    awaiting.add([{ id: 'AB12', file: 'item.json', versions: { laptop: 2 }, writer: 'ff' }])
    expect(await awaiting.check()).toEqual({ arrived: [], timedOut: [] })
    const whole = record(2)
    await writeFile(join(folder, 'item.json'), whole.slice(0, whole.length - 5))
    expect(await awaiting.check()).toEqual({ arrived: [], timedOut: [] })
    await writeFile(join(folder, 'item.json'), whole)
    expect(await awaiting.check()).toEqual({ arrived: ['AB12'], timedOut: [] })
    expect(awaiting.size).toBe(0)
    expect(JSON.parse(await readFile(join(folder, 'item.json'), 'utf8')).changes.versions.laptop).toBe(2)
  })

  it('takes an item edited and then deleted as arrived once its folder is gone, and keeps one entry per file however often a log repeats it', async () => {
    const folder = join(temp.dir, 'items', 'CD34')
    await mkdir(folder, { recursive: true })
    await writeFile(join(folder, 'item.json'), JSON.stringify({ format: 'scriptorium-item', changes: { versions: { laptop: 1 } } }))
    const awaiting = awaitLoggedChanges(temp.dir, { timeoutMs: 60_000 })
    awaiting.add(Array.from({ length: 50 }, (_, n) => ({ id: 'CD34', file: 'item.json' as const, versions: { laptop: n + 1, ['__proto__']: n }, writer: 'ff' })))
    awaiting.add([{ id: 'CD34', deleted: true, writer: 'ff' }])
    expect(await awaiting.check()).toEqual({ arrived: [], timedOut: [] })
    await rm(folder, { recursive: true })
    expect(await awaiting.check()).toEqual({ arrived: ['CD34'], timedOut: [] })
  })

  it('waits for the highest logged count of a file when a log repeats an item', async () => {
    const folder = join(temp.dir, 'items', 'EF56')
    await mkdir(folder, { recursive: true })
    const record = (n: number) => JSON.stringify({ format: 'scriptorium-item', changes: { versions: { laptop: n } } })
    await writeFile(join(folder, 'item.json'), record(2))
    const awaiting = awaitLoggedChanges(temp.dir, { timeoutMs: 60_000 })
    awaiting.add([3, 2].map((n) => ({ id: 'EF56', file: 'item.json' as const, versions: { laptop: n }, writer: 'ff' })))
    expect(await awaiting.check()).toEqual({ arrived: [], timedOut: [] })
    await writeFile(join(folder, 'item.json'), record(3))
    expect(await awaiting.check()).toEqual({ arrived: ['EF56'], timedOut: [] })
  })

  it('gives up on a record that never comes after the time-out, and hands it over to be taken in as it is', async () => {
    let clock = 0
    const awaiting = awaitLoggedChanges(temp.dir, { timeoutMs: 1000, now: () => clock })
    awaiting.add([{ id: 'GONE', file: 'item.json', versions: { laptop: 2 }, writer: 'ff' }])
    expect(await awaiting.check()).toEqual({ arrived: [], timedOut: [] })
    clock = 1000
    expect(await awaiting.check()).toEqual({ arrived: [], timedOut: ['GONE'] })
  })
})
