import { cp, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Item, LibraryBackup, LibraryCheck } from '../../electron/core/archiveApi'
import { isAnnotationFileName } from '../../electron/core/sync/annotationFileName'
import { openArchive } from '../../electron/node/openArchive'
import { asDevice } from '../support/asDevice'
import { runScriptorium, type Run } from '../support/runScriptorium'
import { repoRoot, resourcesDir, samplePath, useTempDir } from '../support/tempLibrary'

/**
 * check --repair of a damaged annotation file: the file is moved aside, never written in place (a
 * device writes only its own file), and the backup's copy of it is folded into the repairing device's
 * own file, where newer changes of the undamaged files win.
 */
const temp = useTempDir()

const as = async (device: string, ...args: string[]): Promise<Run> => {
  const result = await runScriptorium(['--library', temp.libraryDir, ...args], { env: { SCRIPTORIUM_DEVICE: device } })
  expect(result).toMatchObject({ code: 0, stderr: '' })
  return result
}
const check = async (device: string, ...flags: string[]): Promise<{ code: number | null; report: LibraryCheck }> => {
  const result = await runScriptorium(['--library', temp.libraryDir, 'check', '--json', ...flags], { env: { SCRIPTORIUM_DEVICE: device } })
  expect(result.stderr).toBe('')
  return { code: result.code, report: JSON.parse(result.stdout) as LibraryCheck }
}
const notesOf = async (device: string, id: string) => ((JSON.parse((await as(device, 'show', '--json', id)).stdout) as { notes: { note: string }[] }).notes.map((note) => note.note).sort())
const annotationFiles = async (id: string) => (await readdir(join(temp.libraryDir, 'items', id))).filter(isAnnotationFileName).sort()

describe('check --repair of a damaged annotation file', { timeout: 120_000 }, () => {
  it('of another device: moves it aside, merges its backup copy into this device\'s own file, and keeps a newer change made since', async () => {
    const [item] = JSON.parse((await as('alpha', 'add', '--json', samplePath)).stdout) as Item[]
    const mine = JSON.parse((await as('alpha', 'note', '--json', item.id, 'Alpha, voor de backup')).stdout) as { id: string }
    await as('beta', 'note', item.id, 'Beta, voor de backup')
    const backup = JSON.parse((await as('alpha', 'backup', '--json')).stdout) as LibraryBackup
    // After the backup, alpha changes its note: the change is in alpha's own file, which stays sound.
    await asDevice('alpha', () => openArchive({ libraryDir: temp.libraryDir, resourcesDir })).updateAnnotation({ id: item.id, annotationId: mine.id, note: 'Alpha, na de backup' })
    const betaPath = join(temp.libraryDir, 'items', item.id, 'annotations.beta.json')
    const damaged = (await readFile(betaPath, 'utf8')).slice(0, 80)
    await writeFile(betaPath, damaged)
    expect((await check('alpha')).report.problems.map((problem) => `${problem.kind} ${problem.path}`)).toContain(`unreadable-annotations items/${item.id}/annotations.beta.json`)

    const repaired = await check('alpha', '--repair')
    expect(repaired.code).toBe(0)
    const problem = repaired.report.problems.find((one) => one.kind === 'unreadable-annotations')!
    expect(problem.repaired).toBe(true)
    expect(problem.message).toContain(`Its copy in the backup ${backup.name} was merged into this device's own file items/${item.id}/annotations.alpha.json, where newer changes win; the damaged file was moved to `)
    const aside = /moved to (\S+)\.$/.exec(problem.message)![1]
    expect(aside).toMatch(/^\.local\/alpha\/set-aside\//)
    expect(await readFile(join(temp.libraryDir, aside), 'utf8')).toBe(damaged)
    // Beta's file is beta's to write: alpha moved it away and wrote only its own.
    expect(await annotationFiles(item.id)).toEqual(['annotations.alpha.json'])

    // The newer change stays; what only the backup held of beta's file is back.
    for (const device of ['alpha', 'beta']) expect(await notesOf(device, item.id), device).toEqual(['Alpha, na de backup', 'Beta, voor de backup'])
    expect(JSON.parse((await as('alpha', 'search', '--json', '"na de backup"')).stdout).hits.map((hit: { id: string }) => hit.id)).toEqual([item.id])
    expect((await check('alpha')).report.problems).toEqual([])
    // Beta takes in the change at its next sync, as any other machine's.
    await as('beta', 'sync')
    expect((await check('beta')).report.problems).toEqual([])
  })

  it('that cannot be merged while another file of the item is damaged with no backup copy: both stay where they are, and it says why', async () => {
    const [item] = JSON.parse((await as('alpha', 'add', '--json', samplePath)).stdout) as Item[]
    await as('beta', 'note', item.id, 'Beta, voor de backup')
    await as('alpha', 'backup', '--json')
    // Alpha's file is made after the backup: no backup holds it.
    await as('alpha', 'note', item.id, 'Alpha, na de backup')
    const folder = join(temp.libraryDir, 'items', item.id)
    for (const device of ['alpha', 'beta']) await writeFile(join(folder, `annotations.${device}.json`), `{"damaged by": "${device}"`)

    const repaired = await check('alpha', '--repair')
    expect(repaired.code).toBe(1)
    const messages = Object.fromEntries(repaired.report.problems.filter((one) => one.kind === 'unreadable-annotations').map((one) => [one.path.split('/').pop(), one.message]))
    expect(messages['annotations.alpha.json']).toContain('No backup holds a readable copy of it')
    expect(messages['annotations.beta.json']).toContain(`Repairing it failed: The annotations file ${join(folder, 'annotations.alpha.json')} is damaged; Scriptorium left it untouched. Restore it from a backup.`)
    expect(await annotationFiles(item.id)).toEqual(['annotations.alpha.json', 'annotations.beta.json'])
    for (const device of ['alpha', 'beta']) expect(await readFile(join(folder, `annotations.${device}.json`), 'utf8')).toBe(`{"damaged by": "${device}"`)
  })

  it('of the legacy annotations.json: moves it aside and puts what it held into this device\'s own file', async () => {
    const ID = 'JRYBFV92'
    await cp(join(repoRoot, 'tests', 'fixtures', 'libraries', 'v2-annotations-json'), temp.libraryDir, { recursive: true })
    const before = await notesOf('laptop', ID)
    expect(before).toEqual(['Vergelijk met de top in Pyongyang.'])
    const backup = JSON.parse((await as('laptop', 'backup', '--json')).stdout) as LibraryBackup
    const legacyPath = join(temp.libraryDir, 'items', ID, 'annotations.json')
    await writeFile(legacyPath, '{"schemaVersion": 1, "annotations": [')

    const repaired = await check('laptop', '--repair')
    expect(repaired.code).toBe(0)
    const problem = repaired.report.problems.find((one) => one.kind === 'unreadable-annotations')!
    expect(problem.message).toContain(`Its copy in the backup ${backup.name} was merged into this device's own file items/${ID}/annotations.laptop.json`)
    expect(await annotationFiles(ID)).toEqual(['annotations.laptop.json'])
    expect(await notesOf('laptop', ID)).toEqual(before)
    const shown = JSON.parse((await as('laptop', 'show', '--json', ID)).stdout) as { highlights: { note: string }[] }
    expect(shown.highlights.map((highlight) => highlight.note)).toEqual(['Kernzin van de verklaring'])
    expect((await check('laptop')).report.problems).toEqual([])
  })
})
