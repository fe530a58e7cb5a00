import { cp, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi, Item } from '../../electron/core/archiveApi'
import { openArchive } from '../../electron/node/openArchive'
import { syncLibrary } from '../../electron/node/syncLibrary'
import { resourcesDir, useTempDir } from '../support/tempLibrary'
import { asDevice } from '../support/asDevice'

/**
 * Two machines' libraries, alpha and beta, whose records are carried between them as a sync tool
 * would (whole files, and conflict copies where both changed). Alpha puts back an older copy of an
 * item (restore-backup, or check --repair from a backup) while beta changes the item: what alpha put
 * back must win over the values beta had from alpha before, and beta's own change must stay.
 */
const temp = useTempDir()
let alphaDir: string
let betaDir: string
let alpha: ArchiveApi
let item: Item
let noteId: string
let backupName: string
const ORIGINAL_TITLE = 'Noord- en Zuid-Korea openen verbindingsbureau'

beforeEach(async () => {
  alphaDir = join(temp.dir, 'alpha')
  betaDir = join(temp.dir, 'beta')
  alpha = asDevice('alpha', () => openArchive({ libraryDir: alphaDir, resourcesDir }))
  item = await alpha.addSampleArticle({})
  await alpha.updateItem({ id: item.id, patch: { title: ORIGINAL_TITLE } })
  noteId = (await alpha.addNote({ id: item.id, note: 'Een notitie van voor de backup' })).id
  backupName = (await alpha.takeBackup({})).name
  // After the backup alpha changes the title and deletes the note, and beta receives both.
  await alpha.updateItem({ id: item.id, patch: { title: 'Titel van na de backup' } })
  await alpha.deleteAnnotation({ id: item.id, annotationId: noteId })
  await mkdir(betaDir, { recursive: true })
  await cp(join(alphaDir, 'items'), join(betaDir, 'items'), { recursive: true })
  await cp(join(alphaDir, 'library.json'), join(betaDir, 'library.json'))
  // Beta makes a change of its own to the same item.
  const beta = asDevice('beta', () => openArchive({ libraryDir: betaDir, resourcesDir }))
  await beta.updateItem({ id: item.id, patch: { publisher: 'NOS' } })
  await beta.addNote({ id: item.id, note: 'Een notitie van beta' })
})

/**
 * Beta's files reach alpha, which changed the record too: the sync tool leaves it as a conflict copy,
 * and alpha merges. Beta's annotation file is beta's alone, and arrives as it is.
 */
async function betaArrivesAtAlpha(): Promise<ArchiveApi> {
  await writeFile(join(alphaDir, 'items', item.id, 'item.sync-conflict-20261201-120000-BETA123.json'), await readFile(join(betaDir, 'items', item.id, 'item.json')))
  await cp(join(betaDir, 'items', item.id, 'annotations.beta.json'), join(alphaDir, 'items', item.id, 'annotations.beta.json'))
  await asDevice('alpha', () => syncLibrary(alphaDir))
  return asDevice('alpha', () => openArchive({ libraryDir: alphaDir, resourcesDir }))
}

describe('an older copy put back on one machine, then merged with another machine that had the newer one', () => {
  it('restore-backup: the restored title and note win, the other machine\'s own changes stay', async () => {
    const report = await alpha.restoreBackup({ name: backupName })
    expect(report.files).toBeGreaterThan(0)
    expect((await alpha.getItem({ id: item.id })).csl.title).toBe(ORIGINAL_TITLE)

    const merged = await betaArrivesAtAlpha()
    const shown = await merged.getItem({ id: item.id })
    expect(shown.csl.title).toBe(ORIGINAL_TITLE)
    expect(shown.csl.publisher).toBe('NOS')
    expect((await merged.listAnnotations({ id: item.id })).notes.map((note) => note.note).sort()).toEqual(['Een notitie van beta', 'Een notitie van voor de backup'])
    expect((await merged.search({ query: 'verbindingsbureau' })).hits.map((hit) => hit.id)).toEqual([item.id])

    // Alpha's next edit after the restore is new to beta too: it wins there.
    await merged.updateItem({ id: item.id, patch: { title: 'Titel van na het terugzetten' } })
    await writeFile(join(betaDir, 'items', item.id, 'item.sync-conflict-20261201-130000-ALPHA12.json'), await readFile(join(alphaDir, 'items', item.id, 'item.json')))
    await asDevice('beta', () => syncLibrary(betaDir))
    const atBeta = asDevice('beta', () => openArchive({ libraryDir: betaDir, resourcesDir }))
    expect((await atBeta.getItem({ id: item.id })).csl).toMatchObject({ title: 'Titel van na het terugzetten', publisher: 'NOS' })
  })

  it('check --repair: a damaged record replaced by its backup copy wins the same way', async () => {
    const recordPath = join(alphaDir, 'items', item.id, 'item.json')
    // Cut off midway, as a disk that lost the end of the file would leave it.
    const whole = await readFile(recordPath, 'utf8')
    await writeFile(recordPath, whole.slice(0, Math.floor(whole.length / 2)))
    const check = await alpha.checkLibrary({ repair: true })
    expect(check.problems.find((problem) => problem.kind === 'unreadable-record')?.repaired).toBe(true)
    expect((await alpha.getItem({ id: item.id })).csl.title).toBe(ORIGINAL_TITLE)

    const merged = await betaArrivesAtAlpha()
    const shown = await merged.getItem({ id: item.id })
    expect(shown.csl.title).toBe(ORIGINAL_TITLE)
    expect(shown.csl.publisher).toBe('NOS')
  })
})
