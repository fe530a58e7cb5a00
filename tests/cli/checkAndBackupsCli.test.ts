import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Item, LibraryBackup, LibraryCheck, RestoreReport } from '../../electron/core/archiveApi'
import { catalogDatabaseOf, readItemRecords } from '../support/libraryFiles'
import { runScriptorium, type Run } from '../support/runScriptorium'
import { samplePath, useTempDir } from '../support/tempLibrary'

const temp = useTempDir()
let sample: Item

const run = (...args: string[]): Promise<Run> => runScriptorium(['--library', temp.libraryDir, ...args])
const cli = async (...args: string[]): Promise<Run> => {
  const result = await run(...args)
  expect(result).toMatchObject({ code: 0, stderr: '' })
  return result
}
const check = async (...flags: string[]): Promise<{ code: number | null; report: LibraryCheck }> => {
  const result = await run('check', '--json', ...flags)
  expect(result.stderr).toBe('')
  return { code: result.code, report: JSON.parse(result.stdout) as LibraryCheck }
}
const kinds = (report: LibraryCheck) => report.problems.map((problem) => `${problem.kind} ${problem.path}`).sort()
const device = async () => join(temp.libraryDir, '.local', (await readdir(join(temp.libraryDir, '.local')))[0])
/** The id of a process that has exited: what a crashed writer leaves in its file names. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid

beforeEach(async () => {
[sample] = JSON.parse((await cli('add', '--json', samplePath)).stdout) as Item[]
})

// Each test runs the real command many times; on a loaded machine one run can take seconds.
describe('scriptorium check', { timeout: 120_000 }, () => {
  it('finds nothing in a sound library, and says so with exit code 0', async () => {
    await cli('highlight', sample.id, '--quote', 'een nieuw tijdperk van vrede', '--note', 'verzoening')
    expect(await check()).toEqual({ code: 0, report: { ok: true, quick: false, repair: false, location: temp.libraryDir, items: 1, problems: [], newestGoodBackup: null } })
    expect((await cli('check')).stdout.trimEnd()).toBe(`Checked 1 item in ${temp.libraryDir}.\nNo problems found.`)
  })

  it('finds leftovers and files of no item, and --repair removes the leftovers and moves the rest aside, untouched', async () => {
    const pid = deadPid()
    const items = join(temp.libraryDir, 'items')
    await writeFile(join(items, sample.id, `item.json.${pid}.0123456789ab.tmp`), '{"half":')
    await writeFile(join(temp.libraryDir, `settings.json.${pid}.0123456789ab.tmp`), '')
    await mkdir(join(items, 'ORPHAN01'))
    await writeFile(join(items, 'ORPHAN01', 'content.html'), '<p>Half an addition.</p>')
    await mkdir(join(items, 'ORPHAN02'))
    await writeFile(join(items, 'ORPHAN02', 'annotations.json'), '{"schemaVersion":1,"annotations":[]}')
    await mkdir(join(items, 'EMPTY001'))
    // Two hours old: a folder changed within the hour may still be arriving from a sync tool, and is left alone.
    const earlier = new Date(Date.now() - 2 * 3600_000)
    for (const path of ['ORPHAN01/content.html', 'ORPHAN01', 'ORPHAN02/annotations.json', 'ORPHAN02', 'EMPTY001']) await utimes(join(items, path), earlier, earlier)
    await mkdir(join(items, 'ARRIVING'))
    await writeFile(join(items, 'ARRIVING', 'content.html'), '<p>Its record is still on its way.</p>')
    // An addition staged in a folder of its own, interrupted before it was renamed into place.
    await mkdir(join(items, `NEWITEM1.${pid}.0a1b2c3d.tmp`))
    await writeFile(join(items, `NEWITEM1.${pid}.0a1b2c3d.tmp`, 'content.html'), '<p>Staged.</p>')
    await writeFile(join(items, 'notes.txt'), 'mine')
    await mkdir(join(await device(), 'intents'), { recursive: true })
    await writeFile(join(await device(), 'intents', `${sample.id}.${pid}.abcd1234`), '')
    // A backup interrupted before its manifest (an hour ago), and one interrupted while writing its archive.
    const backups = join(await device(), 'backups')
    await mkdir(backups, { recursive: true })
    await writeFile(join(backups, '2026-12-01T08-00-00Z-daily.tar.gz'), 'half')
    await utimes(join(backups, '2026-12-01T08-00-00Z-daily.tar.gz'), new Date(Date.now() - 3600_000), new Date(Date.now() - 3600_000))
    await writeFile(join(backups, `2026-12-01T09-00-00Z-daily.tar.gz.${pid}.0123456789ab.tmp`), 'half')

    const found = await check()
    expect(found.code).toBe(1)
    expect(found.report.ok).toBe(false)
    const devicePath = (await device()).slice(temp.libraryDir.length + 1)
    expect(kinds(found.report)).toEqual(
      [
        `leftover-temp items/${sample.id}/item.json.${pid}.0123456789ab.tmp`,
        `leftover-temp settings.json.${pid}.0123456789ab.tmp`,
        `leftover-temp items/NEWITEM1.${pid}.0a1b2c3d.tmp`,
        `leftover-temp ${devicePath}/backups/2026-12-01T08-00-00Z-daily.tar.gz`,
        `leftover-temp ${devicePath}/backups/2026-12-01T09-00-00Z-daily.tar.gz.${pid}.0123456789ab.tmp`,
        'orphan-folder items/ORPHAN01',
        'orphan-folder items/EMPTY001',
        'annotations-without-item items/ORPHAN02',
        'stray-file items/notes.txt',
        `stale-intent ${devicePath}/intents/${sample.id}.${pid}.abcd1234`,
      ].sort(),
    )
    expect(found.report.problems.every((problem) => !problem.repaired && problem.message.length > 20)).toBe(true)

    const repaired = await check('--repair')
    expect(repaired.code).toBe(0)
    expect(repaired.report.ok).toBe(true)
    expect(kinds(repaired.report)).toEqual(kinds(found.report))
    expect(repaired.report.problems.every((problem) => problem.repaired)).toBe(true)
    const moved = repaired.report.problems.find((problem) => problem.path === 'items/ORPHAN01')!.message
    const target = /Moved to (\S+)\.$/.exec(moved)![1]
    expect(await readFile(join(temp.libraryDir, target, 'content.html'), 'utf8')).toBe('<p>Half an addition.</p>')
    // The folder still arriving is left where it is, untouched.
    expect((await readdir(items)).sort()).toEqual(['ARRIVING', sample.id].sort())
    expect(await readdir(join(items, 'ARRIVING'))).toEqual(['content.html'])
    expect(await readdir(backups)).toEqual([])
    expect(await check()).toMatchObject({ code: 0, report: { ok: true, problems: [] } })
  })

  it('finds a damaged record, and --repair puts back its copy from the newest backup, keeping the damaged file', async () => {
    const backup = JSON.parse((await cli('backup', '--json')).stdout) as LibraryBackup
    const record = join(temp.libraryDir, 'items', sample.id, 'item.json')
    const damaged = (await readFile(record, 'utf8')).slice(0, 100)
    await writeFile(record, damaged)

    const found = await check()
    expect(found.code).toBe(1)
    expect(found.report.problems).toEqual([
      { kind: 'unreadable-record', path: `items/${sample.id}/item.json`, id: sample.id, message: `The record of item ${sample.id} (items/${sample.id}/item.json) cannot be used: it is not valid JSON.`, repaired: false },
    ])
    expect(found.report.newestGoodBackup?.name).toBe(backup.name)
    expect((await run('check')).stdout).toContain(`restore it with: scriptorium restore-backup ${backup.name}`)

    const repaired = await check('--repair')
    expect(repaired.code).toBe(0)
    const [problem] = repaired.report.problems
    expect(problem.repaired).toBe(true)
    expect(problem.message).toContain(`It was replaced by its copy in the backup ${backup.name}; the damaged file was moved to `)
    const aside = /moved to (\S+)\.$/.exec(problem.message)![1]
    expect(await readFile(join(temp.libraryDir, aside), 'utf8')).toBe(damaged)
    expect((JSON.parse((await cli('list', '--json')).stdout) as Item[]).map((item) => item.id)).toEqual([sample.id])
    expect(JSON.parse((await cli('search', '--json', 'tijdperk')).stdout).hits).toHaveLength(1)
  })

  it('leaves a damaged record no backup holds, says so, and exits 1', async () => {
    await writeFile(join(temp.libraryDir, 'items', sample.id, 'item.json'), '{"format":"scriptorium-item","schemaVersion":2,"revision":1,"item":{"id":"OTHER"}}')
    const repaired = await check('--repair')
    expect(repaired.code).toBe(1)
    expect(repaired.report.problems).toEqual([
      expect.objectContaining({ kind: 'unreadable-record', repaired: false, message: expect.stringContaining('its item is malformed. No backup holds a readable copy of it: mend the file by hand, or restore an older backup.') }),
    ])
  })

  it('finds where the catalog and the search index drifted from the records, and --repair indexes those items again', async () => {
    const other = JSON.parse((await cli('add', '--json', join(temp.libraryDir, '..', await writeArticle()))).stdout)[0] as Item
    // A catalog row lost (the search entry stays behind it)…
    const catalog = new Database(await catalogDatabaseOf(temp.libraryDir))
    catalog.prepare('DELETE FROM items WHERE id = ?').run(other.id)
    catalog.close()
    // …and a command killed after writing a record, before its commit: the record holds the new title,
    // the catalog the old one, and the change's undo journal the old record.
    const killed = await runScriptorium(['--library', temp.libraryDir, 'edit', sample.id, '--title', 'Verbindingsbureau in Kaesong geopend'], { env: { SCRIPTORIUM_CRASH_AT: 'after-record' } })
    expect(killed.code).toBeNull()
    expect((await readItemRecords(temp.libraryDir)).find((item) => item.id === sample.id)?.csl.title).toBe('Verbindingsbureau in Kaesong geopend')

    const found = await check()
    expect(found.code).toBe(1)
    expect(kinds(found.report)).toEqual(
      expect.arrayContaining([`index-stale items/${sample.id}/item.json`, `index-missing items/${other.id}/item.json`, `index-extra items/${other.id}`]),
    )
    expect(found.report.problems.find((problem) => problem.kind === 'stale-intent' && problem.id === sample.id)?.message).toMatch(/put back as they were before it/)

    // The unfinished edit is undone: record, catalog and search all hold the old title again.
    expect((await check('--repair')).report.ok).toBe(true)
    expect(await check()).toMatchObject({ code: 0, report: { ok: true, problems: [] } })
    expect((await readItemRecords(temp.libraryDir)).find((item) => item.id === sample.id)?.csl.title).toBe(sample.csl.title)
    expect(JSON.parse((await cli('search', '--json', 'title:kaesong')).stdout).hits).toEqual([])
    expect(JSON.parse((await cli('search', '--json', 'rotterdam')).stdout).hits.map((hit: { id: string }) => hit.id)).toEqual([other.id])
  })

  it('takes no option of another command, and no argument', async () => {
    expect(await run('check', 'now')).toMatchObject({ code: 2, stderr: expect.stringContaining('"check" takes no arguments.') })
    expect(await run('check', '--trash')).toMatchObject({ code: 2, stderr: expect.stringContaining('The option --trash does not apply to "check".') })
  })
})

describe('scriptorium backups and restore-backup', { timeout: 120_000 }, () => {
  it('list the backups, restore one with the current records backed up first, and refuse unknown names', async () => {
    expect((await cli('backups')).stdout.trimEnd()).toBe('There are no backups of this library on this machine yet. Make one with: scriptorium backup')
    const backup = JSON.parse((await cli('backup', '--json')).stdout) as LibraryBackup
    expect(backup).toMatchObject({ reason: 'manual', unreadable: [], schemaVersion: 2 })
    await cli('edit', sample.id, '--title', 'Een titel van na de backup')
    expect(JSON.parse((await cli('backups', '--json')).stdout)).toEqual([backup])

    const restored = await cli('restore-backup', backup.name)
    const [restoreLine, keptLine] = restored.stdout.trimEnd().split('\n')
    expect(restoreLine).toBe(`Restored ${backup.name}: 1 record differed and was put back, and indexed again.`)
    const safety = /kept as (\S+);/.exec(keptLine)![1]
    expect(keptLine).toBe(`The records as they were just before are kept as ${safety}; undo with: scriptorium restore-backup ${safety}`)
    expect(JSON.parse((await cli('show', '--json', sample.id)).stdout).csl.title).toBe(sample.csl.title)
    expect(JSON.parse((await cli('search', '--json', 'title:backup')).stdout).hits).toEqual([])

    // The restore is undone by restoring the backup it made.
    await cli('restore-backup', safety)
    expect(JSON.parse((await cli('show', '--json', sample.id)).stdout).csl.title).toBe('Een titel van na de backup')
    const names = (JSON.parse((await cli('backups', '--json')).stdout) as LibraryBackup[]).map((one) => one.reason)
    expect(names).toContain('before-restore')

    expect(await run('restore-backup', 'yesterday')).toMatchObject({ code: 1, stderr: 'There is no backup named "yesterday"; "scriptorium backups" lists them.\n' })
    expect(await run('restore-backup')).toMatchObject({ code: 2 })
  })

  it('restore-backup --json reports what was restored and the backup made before', async () => {
    const backup = JSON.parse((await cli('backup', '--json')).stdout) as LibraryBackup
    const report = JSON.parse((await cli('restore-backup', backup.name, '--json')).stdout) as RestoreReport
    expect(report.restored.name).toBe(backup.name)
    expect(report.files).toBe(0) // nothing had changed since
    expect(report.safetyBackup.reason).toBe('before-restore')
  })
})

async function writeArticle(): Promise<string> {
  const name = 'harbour.txt'
  await writeFile(join(temp.libraryDir, '..', name), 'Title: Harbour report\nLanguage: en\n\nThe harbour of Rotterdam handled more containers than ever.')
  return name
}
