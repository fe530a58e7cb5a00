import { execFileSync, spawnSync } from 'node:child_process'
import { mkdir, readdir, readFile, truncate, utimes, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { dispatch } from '../../electron/core/dispatch'
import { openArchive } from '../../electron/node/openArchive'
import { resourcesDir, useTempDir } from '../support/tempLibrary'
import { ownAnnotationsPath } from '../support/libraryFiles'

const temp = useTempDir()
let api: ArchiveApi
let itemId: string

beforeEach(async () => {
  api = openArchive({ libraryDir: temp.libraryDir, resourcesDir })
  itemId = (await api.addSampleArticle({})).id
})

const found = (check: { problems: { kind: string; path: string }[] }) => check.problems.map((problem) => `${problem.kind} ${problem.path}`).sort()

describe("the app's quick check at start", () => {
  it('finds leftovers, interrupted changes and folders of no item without reading a record', async () => {
    const pid = spawnSync(process.execPath, ['-e', '']).pid
    const device = join(temp.libraryDir, '.local', (await readdir(join(temp.libraryDir, '.local')))[0])
    await mkdir(join(device, 'intents'), { recursive: true })
    await writeFile(join(device, 'intents', `${itemId}.${pid}.0a1b2c3d`), '')
    await writeFile(join(temp.libraryDir, `settings.json.${pid}.0123456789ab.tmp`), '')
    await mkdir(join(temp.libraryDir, 'items', 'ORPHAN01'))
    await writeFile(join(temp.libraryDir, 'items', 'ORPHAN01', 'source.txt'), 'Half an addition.')
    // Two hours old: a folder changed within the hour may still be arriving from a sync tool, and is left alone.
    const earlier = new Date(Date.now() - 2 * 3600_000)
    for (const path of ['ORPHAN01/source.txt', 'ORPHAN01']) await utimes(join(temp.libraryDir, 'items', path), earlier, earlier)
    await mkdir(join(temp.libraryDir, 'items', 'ARRIVING'))
    await writeFile(join(temp.libraryDir, 'items', 'ARRIVING', 'content.html'), '<p>Its record is still on its way.</p>')
    // Damaged after the catalog took it in: only the full check reads records to see it.
    await writeFile(join(temp.libraryDir, 'items', itemId, 'item.json'), '{')

    const devicePath = device.slice(temp.libraryDir.length + 1)
    const quick = await api.checkLibrary({ quick: true })
    expect(quick).toMatchObject({ ok: false, quick: true, repair: false, items: 3 })
    expect(found(quick)).toEqual([`leftover-temp settings.json.${pid}.0123456789ab.tmp`, 'orphan-folder items/ORPHAN01', `stale-intent ${devicePath}/intents/${itemId}.${pid}.0a1b2c3d`])
    expect(found(await api.checkLibrary({}))).toContain(`unreadable-record items/${itemId}/item.json`)
  })

  it('leaves alone every item a live change of many items names in its one intent', async () => {
    const other = (await api.importFiles({ files: [{ name: 'tweede.txt', dataBase64: Buffer.from('Een tweede tekst, half geschreven.').toString('base64') }] })).added[0].id
    const device = join(temp.libraryDir, '.local', (await readdir(join(temp.libraryDir, '.local')))[0])
    await mkdir(join(device, 'intents'), { recursive: true })
    // This process is alive: its bulk change is under way, and its records may be half written.
    await writeFile(join(device, 'intents', `${itemId}.${process.pid}.0a1b2c3d`), `${itemId}\n${other}\n`)
    await writeFile(join(temp.libraryDir, 'items', other, 'item.json'), '{')
    const check = await api.checkLibrary({})
    expect(found(check)).toEqual([])
    expect(check.items).toBe(0)
  })

  it('names every item a dead change of many items lists in its one intent, not only the first', async () => {
    const others = []
    for (const n of [1, 2]) others.push((await api.importFiles({ files: [{ name: `deel-${n}.txt`, dataBase64: Buffer.from(`Deel ${n} van een bulkwijziging.`).toString('base64') }] })).added[0].id)
    const pid = spawnSync(process.execPath, ['-e', '']).pid
    const device = join(temp.libraryDir, '.local', (await readdir(join(temp.libraryDir, '.local')))[0])
    await mkdir(join(device, 'intents'), { recursive: true })
    await writeFile(join(device, 'intents', `${itemId}.${pid}.0a1b2c3d`), `${itemId}\n${others.join('\n')}\n`)
    const [problem] = (await api.checkLibrary({ quick: true })).problems
    expect(problem.kind).toBe('stale-intent')
    expect(problem.message).toBe(`A change to 3 items (${[itemId, ...others].join(', ')}) was interrupted (its process is gone); the catalog must take in their files as they are.`)
  })

  it('is refused over the transports with anything but its two flags', async () => {
    expect(await dispatch(api, 'checkLibrary', { quick: 'yes' } as never)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
    expect(await dispatch(api, 'restoreBackup', { name: '' })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
  })
})

describe('check --repair leaves what only a person can decide', () => {
  it('never replaces a record a newer Scriptorium wrote, even when a backup holds an older one', async () => {
    await api.takeBackup({})
    const path = join(temp.libraryDir, 'items', itemId, 'item.json')
    const newer = (await readFile(path, 'utf8')).replace('"schemaVersion": 2', '"schemaVersion": 99')
    await writeFile(path, newer)
    const check = await api.checkLibrary({ repair: true })
    expect(check.ok).toBe(false)
    expect(check.problems).toEqual([
      expect.objectContaining({ kind: 'unreadable-record', repaired: false, message: `The record of item ${itemId} (items/${itemId}/item.json) cannot be used: it was written by a newer Scriptorium (schema 99). Update Scriptorium to read it; it was left as it is.` }),
    ])
    expect(await readFile(path, 'utf8')).toBe(newer)
  })

  it('names a damaged entry of an annotation file, and keeps it', async () => {
    await api.addHighlight({ id: itemId, quote: 'een nieuw tijdperk van vrede' })
    const path = ownAnnotationsPath(temp.libraryDir, itemId)
    const name = basename(path)
    const file = JSON.parse(await readFile(path, 'utf8'))
    file.annotations.push({ ...file.annotations[0], id: 'urn:scriptorium:annotation:BROKEN22', target: { source: file.annotations[0].target.source } })
    await writeFile(path, JSON.stringify(file))
    const check = await api.checkLibrary({ repair: true })
    expect(check.problems.filter((problem) => problem.kind === 'damaged-annotation')).toEqual([
      { kind: 'damaged-annotation', path: `items/${itemId}/${name}`, id: itemId, message: `Item ${itemId}: Entry 2 (BROKEN22) of ${name} has no TextQuoteSelector; it was set aside and is kept in the file.`, repaired: false },
    ])
    expect(JSON.parse(await readFile(path, 'utf8')).annotations).toHaveLength(2)
  })
})

describe('the full check on files that are not records at all', () => {
  it.skipIf(process.platform === 'win32')('names a huge record and a FIFO annotation file in words, and finishes', async () => {
    const other = (await api.importFiles({ files: [{ name: 'tweede.txt', dataBase64: Buffer.from('Een tweede tekst.').toString('base64') }] })).added[0].id
    // Sparse, so it takes no disk; and a FIFO no process writes, which a read would wait on for ever.
    await truncate(join(temp.libraryDir, 'items', itemId, 'item.json'), 65 * 1024 * 1024)
    execFileSync('mkfifo', [join(temp.libraryDir, 'items', other, 'annotations.otherdevice.json')])
    const messages = (await api.checkLibrary({})).problems.map((problem) => problem.message)
    expect(messages).toContain(`The record of item ${itemId} (items/${itemId}/item.json) cannot be used: it is larger than 64 MB, too large for a library file.`)
    expect(messages).toContain(`The highlights and notes of item ${other} (items/${other}/annotations.otherdevice.json) cannot be read: it is not a plain file.`)
  })
})
