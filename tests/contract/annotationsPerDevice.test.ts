import { createHash } from 'node:crypto'
import { cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { isAnnotationFileName } from '../../electron/core/sync/annotationFileName'
import { readConflictCopyName } from '../../electron/core/sync/conflictCopyName'
import { openArchive } from '../../electron/node/openArchive'
import { syncLibrary } from '../../electron/node/syncLibrary'
import { asDevice } from '../support/asDevice'
import { repoRoot, resourcesDir, SAMPLE, useTempDir } from '../support/tempLibrary'

/**
 * Highlights and notes are kept one file per device (items/<id>/annotations.<device>.json), written
 * only by that device: machines that annotate one item never change the same file, so a sync tool
 * has nothing to make a conflict copy of.
 */
const temp = useTempDir()

const open = (device: string, libraryDir: string): ArchiveApi => asDevice(device, () => openArchive({ libraryDir, resourcesDir }))
/** What the app does at its start: merge conflict copies, take in what other machines changed. */
const sync = (device: string, libraryDir: string) => asDevice(device, () => syncLibrary(libraryDir))

/** Every file of the synced part of a library (all but this machine's .local/), by path, with what identifies its bytes and inode. */
async function snapshot(libraryDir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  for (const path of (await readdir(libraryDir, { recursive: true })) as string[]) {
    if (path === '.local' || path.startsWith('.local/')) continue
    const info = await stat(join(libraryDir, path))
    if (!info.isFile()) continue
    files.set(path, `${info.ino}:${createHash('sha256').update(await readFile(join(libraryDir, path))).digest('hex')}`)
  }
  return files
}

const annotationFiles = async (libraryDir: string, id: string) => (await readdir(join(libraryDir, 'items', id))).filter(isAnnotationFileName).sort()
const conflictCopies = async (libraryDir: string) => ((await readdir(libraryDir, { recursive: true })) as string[]).filter((path) => readConflictCopyName(path.split('/').pop()!) !== null)

/** Carries one file from one copy of the library to the other, whole, as a sync tool does. */
async function carry(from: string, to: string, path: string): Promise<void> {
  await mkdir(join(to, path, '..'), { recursive: true })
  await cp(join(from, path), join(to, path))
}

describe('two devices on one library folder', () => {
  it('a highlight here, a note there, a title edit here: no file is written by both, and both see and find everything', async () => {
    const libraryDir = temp.libraryDir
    const alpha = open('alpha', libraryDir)
    const item = await alpha.addSampleArticle({})
    const beta = open('beta', libraryDir)
    expect((await beta.getItem({ id: item.id })).csl.title).toBe(SAMPLE.title)

    const written: Record<'alpha' | 'beta', Set<string>> = { alpha: new Set(), beta: new Set() }
    const as = async (device: 'alpha' | 'beta', work: () => Promise<unknown>) => {
      const before = await snapshot(libraryDir)
      await work()
      for (const [path, identity] of await snapshot(libraryDir)) if (before.get(path) !== identity) written[device].add(path)
      for (const path of before.keys()) if (!(await stat(join(libraryDir, path)).catch(() => null))) written[device].add(path)
    }
    await as('alpha', () => alpha.addHighlight({ id: item.id, quote: SAMPLE.para3Phrase, note: 'kwartel van alpha' }))
    await as('beta', () => beta.addNote({ id: item.id, note: 'ooievaar van beta' }))
    await as('alpha', () => alpha.updateItem({ id: item.id, patch: { title: 'Verbindingsbureau bij Kaesong' } }))
    await as('beta', () => beta.addHighlight({ id: item.id, quote: 'voorlopig stilgelegd in 2016', note: 'reiger van beta' }))

    expect([...written.alpha].filter((path) => written.beta.has(path))).toEqual([])
    expect([...written.alpha].filter((path) => path.startsWith('items/')).sort()).toEqual([`items/${item.id}/annotations.alpha.json`, `items/${item.id}/item.json`])
    expect([...written.beta].filter((path) => path.startsWith('items/')).sort()).toEqual([`items/${item.id}/annotations.beta.json`])
    // Each device's log of what it wrote is its own file too.
    expect([...written.beta].filter((path) => !path.startsWith('items/'))).toEqual(['devices/beta.1.changes'])
    expect(await annotationFiles(libraryDir, item.id)).toEqual(['annotations.alpha.json', 'annotations.beta.json'])

    // Each takes in what the other changed, as at its next start.
    await sync('alpha', libraryDir)
    await sync('beta', libraryDir)
    for (const app of [open('alpha', libraryDir), open('beta', libraryDir)]) {
      const { highlights, notes } = await app.listAnnotations({ id: item.id })
      expect(highlights.map((highlight) => `${highlight.note} / ${highlight.madeBy?.device}`).sort()).toEqual(['kwartel van alpha / alpha', 'reiger van beta / beta'])
      expect(notes.map((note) => `${note.note} / ${note.madeBy?.device}`)).toEqual(['ooievaar van beta / beta'])
      for (const word of ['kwartel', 'ooievaar', 'reiger']) expect((await app.search({ query: word })).hits.map((hit) => hit.id), word).toEqual([item.id])
      expect((await app.getItem({ id: item.id })).csl.title).toBe('Verbindingsbureau bij Kaesong')
      expect(await app.listConflicts({})).toEqual([])
    }
    expect(await conflictCopies(libraryDir)).toEqual([])
  })
})

describe('restoring a backup', () => {
  it('puts back every device\'s highlights and notes through this device\'s own file, and rewrites no other device\'s', async () => {
    const libraryDir = temp.libraryDir
    const alpha = open('alpha', libraryDir)
    const { id } = await alpha.addSampleArticle({})
    const mine = await alpha.addNote({ id, note: 'Alpha, voor de backup' })
    const beta = open('beta', libraryDir)
    const theirs = await beta.addNote({ id, note: 'Beta, voor de backup' })
    const { name } = await alpha.takeBackup({})
    await alpha.updateAnnotation({ id, annotationId: mine.id, note: 'Alpha, na de backup' })
    await beta.updateAnnotation({ id, annotationId: theirs.id, note: 'Beta, na de backup' })
    const betaFile = await readFile(join(libraryDir, 'items', id, 'annotations.beta.json'), 'utf8')

    await alpha.restoreBackup({ name })
    expect(await readFile(join(libraryDir, 'items', id, 'annotations.beta.json'), 'utf8')).toBe(betaFile)
    for (const device of ['alpha', 'beta']) {
      await sync(device, libraryDir)
      const app = open(device, libraryDir)
      expect((await app.listAnnotations({ id })).notes.map((note) => note.note).sort(), device).toEqual(['Alpha, voor de backup', 'Beta, voor de backup'])
      expect((await app.search({ query: '"voor de backup"' })).hits.map((hit) => hit.id)).toEqual([id])
      expect((await app.search({ query: '"na de backup"' })).hits).toEqual([])
    }
  })
})

describe('one highlight changed on two machines before either saw the other', () => {
  let alphaDir: string
  let betaDir: string
  let id: string
  let highlightId: string
  const ownFile = (device: string) => `items/${id}/annotations.${device}.json`

  beforeEach(async () => {
    alphaDir = join(temp.dir, 'alpha')
    betaDir = join(temp.dir, 'beta')
    const alpha = open('alpha', alphaDir)
    id = (await alpha.addSampleArticle({})).id
    highlightId = (await alpha.addHighlight({ id, quote: SAMPLE.para3Phrase, note: 'Eerste notitie' })).id
    await mkdir(betaDir, { recursive: true })
    await cp(join(alphaDir, 'items'), join(betaDir, 'items'), { recursive: true })
    await cp(join(alphaDir, 'library.json'), join(betaDir, 'library.json'))
    // Apart, both change the same highlight's note; beta's change is the later one, a minute after
    // alpha's by the clock its stamp reads (only Date is set; timers run as they do).
    const start = Date.now()
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true })
    try {
      vi.setSystemTime(start + 60_000)
      await alpha.updateAnnotation({ id, annotationId: highlightId, note: 'Notitie van alpha' })
      vi.setSystemTime(start + 120_000)
      await open('beta', betaDir).updateAnnotation({ id, annotationId: highlightId, note: 'Notitie van beta' })
    } finally {
      vi.useRealTimers()
    }
  })

  it('the later change wins on both, the other is kept in conflicts/ exactly once, and nothing is dropped', async () => {
    // Each device's file reaches the other side whole: there is no file both changed, so no conflict copy.
    await carry(betaDir, alphaDir, ownFile('beta'))
    await carry(alphaDir, betaDir, ownFile('alpha'))
    expect(await annotationFiles(alphaDir, id)).toEqual(['annotations.alpha.json', 'annotations.beta.json'])

    // Both meet the clash at their next start, before either has seen the other's settling of it.
    await sync('alpha', alphaDir)
    await sync('beta', betaDir)
    const alphaConflicts = await readdir(join(alphaDir, 'conflicts'))
    expect(alphaConflicts).toHaveLength(1)
    // The same name and the same bytes on both machines: the sync tool holds one file, not two.
    expect(await readdir(join(betaDir, 'conflicts'))).toEqual(alphaConflicts)
    expect(await readFile(join(betaDir, 'conflicts', alphaConflicts[0]), 'utf8')).toBe(await readFile(join(alphaDir, 'conflicts', alphaConflicts[0]), 'utf8'))

    // Their settled files travel too: the clash is not met again, and nothing more is kept.
    await carry(betaDir, alphaDir, ownFile('beta'))
    await carry(alphaDir, betaDir, ownFile('alpha'))
    await sync('alpha', alphaDir)
    await sync('beta', betaDir)
    for (const libraryDir of [alphaDir, betaDir]) {
      expect(await readdir(join(libraryDir, 'conflicts'))).toEqual(alphaConflicts)
      const app = open(libraryDir === alphaDir ? 'alpha' : 'beta', libraryDir)
      const { highlights } = await app.listAnnotations({ id })
      expect(highlights.map((highlight) => [highlight.id, highlight.note])).toEqual([[highlightId, 'Notitie van beta']])
      const conflicts = await app.listConflicts({})
      expect(conflicts.map((conflict) => [conflict.itemId, conflict.from, conflict.differences])).toEqual([[id, 'alpha', [{ key: 'highlight', value: `“${SAMPLE.para3Phrase}” — Notitie van alpha` }]]])
      expect((await app.search({ query: 'beta in:highlights' })).hits.map((hit) => hit.id)).toEqual([id])
    }
    expect(await conflictCopies(alphaDir)).toEqual([])
    expect(await conflictCopies(betaDir)).toEqual([])

    // Dismissed, it stays dismissed: the files no longer clash, so no later read or change keeps it again.
    const alpha = open('alpha', alphaDir)
    const [conflict] = await alpha.listConflicts({})
    expect(await alpha.resolveConflict({ id: conflict.id, keep: false })).toEqual([])
    await alpha.updateItem({ id, patch: { publisher: 'NOS' } })
    await alpha.addNote({ id, note: 'Later' })
    await sync('alpha', alphaDir)
    expect(await open('alpha', alphaDir).listConflicts({})).toEqual([])
    expect((await open('alpha', alphaDir).listAnnotations({ id })).highlights.map((highlight) => highlight.note)).toEqual(['Notitie van beta'])
  })

  it('a version dismissed on one machine is not kept again when a third meets the same clash later; a different version still is', async () => {
    // Gamma has alpha's changed file; it meets the clash when beta's arrives, before it sees alpha's settling of it.
    const gammaDir = join(temp.dir, 'gamma')
    await mkdir(gammaDir, { recursive: true })
    await cp(join(alphaDir, 'items'), join(gammaDir, 'items'), { recursive: true })
    await cp(join(alphaDir, 'library.json'), join(gammaDir, 'library.json'))
    expect((await open('gamma', gammaDir).listAnnotations({ id })).highlights.map((highlight) => highlight.note)).toEqual(['Notitie van alpha'])

    await carry(betaDir, alphaDir, ownFile('beta'))
    await sync('alpha', alphaDir)
    const alpha = open('alpha', alphaDir)
    const [dismissed] = await alpha.listConflicts({})
    expect(await alpha.resolveConflict({ id: dismissed.id, keep: false })).toEqual([])
    // The marker of the dismissal is a file of the synced library, named by the version: it reaches gamma.
    const markers = await readdir(join(alphaDir, 'conflicts', 'settled'))
    expect(markers).toEqual([dismissed.id])
    await carry(alphaDir, gammaDir, `conflicts/settled/${dismissed.id}`)
    // Beta's file reaches gamma only now, as does alpha's dismissal: the settled own file of alpha not yet.
    await carry(betaDir, gammaDir, ownFile('beta'))

    await sync('gamma', gammaDir)
    const gamma = open('gamma', gammaDir)
    expect(await gamma.listConflicts({})).toEqual([])
    expect(await readdir(join(gammaDir, 'conflicts'))).toEqual(['settled'])
    expect((await gamma.listAnnotations({ id })).highlights.map((highlight) => highlight.note)).toEqual(['Notitie van beta'])

    // Apart again, alpha and beta change the note once more: that clash loses another version, which is kept.
    await alpha.updateAnnotation({ id, annotationId: highlightId, note: 'Tweede van alpha' })
    await open('beta', betaDir).updateAnnotation({ id, annotationId: highlightId, note: 'Tweede van beta' })
    await carry(alphaDir, gammaDir, ownFile('alpha'))
    await carry(betaDir, gammaDir, ownFile('beta'))
    await sync('gamma', gammaDir)
    const kept = await open('gamma', gammaDir).listConflicts({})
    expect(kept).toHaveLength(1)
    expect(kept[0].id).not.toBe(dismissed.id)
    expect(kept[0].differences.map((difference) => difference.value)).toEqual([expect.stringMatching(/Tweede van (alpha|beta)$/)])
  })

  it('"Keep this version" on one machine puts the lost note back, and it wins on the other', async () => {
    await carry(betaDir, alphaDir, ownFile('beta'))
    await sync('alpha', alphaDir)
    const alpha = open('alpha', alphaDir)
    const [conflict] = await alpha.listConflicts({})
    expect(await alpha.resolveConflict({ id: conflict.id, keep: true })).toEqual([])
    expect((await alpha.listAnnotations({ id })).highlights.map((highlight) => highlight.note)).toEqual(['Notitie van alpha'])

    await carry(alphaDir, betaDir, ownFile('alpha'))
    await sync('beta', betaDir)
    const beta = open('beta', betaDir)
    expect((await beta.listAnnotations({ id })).highlights.map((highlight) => highlight.note)).toEqual(['Notitie van alpha'])
    // Alpha's file had seen beta's change: beta keeps nothing more.
    expect(await readdir(join(betaDir, 'conflicts')).catch(() => [])).toEqual([])
  })
})

describe('a library whose highlights and notes are in the legacy annotations.json', () => {
  // Written by the release before annotations were kept per device (see tests/fixtures/libraries/README.md).
  const FIXTURE = join(repoRoot, 'tests', 'fixtures', 'libraries', 'v2-annotations-json')
  const ID = 'JRYBFV92'

  it('opens and shows them; the first write adds this device\'s own file, loses nothing, and leaves annotations.json as it was', async () => {
    const libraryDir = temp.libraryDir
    await cp(FIXTURE, libraryDir, { recursive: true })
    const legacy = await readFile(join(libraryDir, 'items', ID, 'annotations.json'), 'utf8')
    const app = open('laptop', libraryDir)
    const before = await app.listAnnotations({ id: ID })
    expect(before.highlights.map((highlight) => [highlight.quote, highlight.note, highlight.paragraph])).toEqual([['een nieuw tijdperk van vrede', 'Kernzin van de verklaring', 3]])
    expect(before.notes.map((note) => note.note)).toEqual(['Vergelijk met de top in Pyongyang.'])
    expect((await app.search({ query: 'Kernzin in:highlights', complete: true })).hits.map((hit) => hit.id)).toEqual([ID])

    await app.addNote({ id: ID, note: 'Geschreven op de laptop' })
    expect(await annotationFiles(libraryDir, ID)).toEqual(['annotations.json', 'annotations.laptop.json'])
    expect(await readFile(join(libraryDir, 'items', ID, 'annotations.json'), 'utf8')).toBe(legacy)
    // The own file holds the whole view, with the legacy file's stamps: counting goes on from there.
    const own = JSON.parse(await readFile(join(libraryDir, 'items', ID, 'annotations.laptop.json'), 'utf8'))
    expect(own.annotations).toHaveLength(3)
    expect(own['scriptorium:changes'].versions).toEqual({ desk: 2, laptop: 1 })

    const after = await open('laptop', libraryDir).listAnnotations({ id: ID })
    expect(after.highlights.map((highlight) => highlight.note)).toEqual(['Kernzin van de verklaring'])
    expect(after.notes.map((note) => note.note)).toEqual(['Vergelijk met de top in Pyongyang.', 'Geschreven op de laptop'])
    // A deletion wins over the legacy file's copy of the note: its tombstone is in the newer file.
    await app.deleteAnnotation({ id: ID, annotationId: before.notes[0].id })
    expect((await open('laptop', libraryDir).listAnnotations({ id: ID })).notes.map((note) => note.note)).toEqual(['Geschreven op de laptop'])
    const check = await app.checkLibrary({})
    expect(check.problems).toEqual([])
  })

  it('a damaged entry of the legacy file is shown once and stays there: no device copies it into its own file', async () => {
    const libraryDir = temp.libraryDir
    await cp(FIXTURE, libraryDir, { recursive: true })
    const legacyPath = join(libraryDir, 'items', ID, 'annotations.json')
    const legacy = JSON.parse(await readFile(legacyPath, 'utf8'))
    // A hand edit gone wrong: an entry with no target.
    legacy.annotations.push({ id: 'urn:scriptorium:annotation:BROKEN23', type: 'Annotation', motivation: 'highlighting' })
    await writeFile(legacyPath, JSON.stringify(legacy, null, 2))
    const app = open('laptop', libraryDir)
    expect((await app.listAnnotations({ id: ID })).damaged).toBe(1)

    await app.addNote({ id: ID, note: 'Geschreven op de laptop' })
    const own = JSON.parse(await readFile(join(libraryDir, 'items', ID, 'annotations.laptop.json'), 'utf8'))
    expect(JSON.stringify(own)).not.toContain('BROKEN23')
    expect(await readFile(legacyPath, 'utf8')).toContain('BROKEN23')
    const after = await open('laptop', libraryDir).listAnnotations({ id: ID })
    expect(after.damaged).toBe(1)
    expect(after.notes.map((note) => note.note)).toContain('Geschreven op de laptop')
  })
})
