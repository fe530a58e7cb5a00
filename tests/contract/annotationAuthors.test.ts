import { execFileSync } from 'node:child_process'
import { cp, mkdir, readdir, readFile, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, expect, it } from 'vitest'
import { dispatch } from '../../electron/core/dispatch'
import { openArchive } from '../../electron/node/openArchive'
import { syncLibrary } from '../../electron/node/syncLibrary'
import { resourcesDir, SAMPLE, useTempDir } from '../support/tempLibrary'
import { asDevice } from '../support/asDevice'
import { ownAnnotationsPath } from '../support/libraryFiles'

/** A group library: two people's copies (alpha, beta), their files carried between them as a sync tool does. */
const temp = useTempDir()
let alphaDir: string
let betaDir: string

beforeEach(async () => {
  alphaDir = join(temp.dir, 'alpha')
  betaDir = join(temp.dir, 'beta')
})

it('each highlight and note names the device that made it, by the name its user set there, on every copy', async () => {
  const alpha = asDevice('alpha', () => openArchive({ libraryDir: alphaDir, resourcesDir }))
  const item = await alpha.addSampleArticle({})
  await mkdir(betaDir, { recursive: true })
  await cp(join(alphaDir, 'items'), join(betaDir, 'items'), { recursive: true })
  await cp(join(alphaDir, 'library.json'), join(betaDir, 'library.json'))

  const beta = asDevice('beta', () => openArchive({ libraryDir: betaDir, resourcesDir }))
  expect((await beta.setDeviceName({ name: '  Ben’s desktop ' })).deviceName).toBe('Ben’s desktop')
  await beta.addNote({ id: item.id, note: 'Ben: check the date.' })
  await alpha.addHighlight({ id: item.id, quote: SAMPLE.para3Phrase })

  // Beta's annotations reach alpha, which changed its own: each device wrote only its own file, so both arrive as they are, and so does beta's name file.
  expect(await readdir(join(betaDir, 'items', item.id))).not.toContain('annotations.alpha.json')
  await cp(join(betaDir, 'items', item.id, 'annotations.beta.json'), join(alphaDir, 'items', item.id, 'annotations.beta.json'))
  await cp(join(betaDir, 'devices'), join(alphaDir, 'devices'), { recursive: true })
  await asDevice('alpha', () => syncLibrary(alphaDir))

  const shown = await asDevice('alpha', () => openArchive({ libraryDir: alphaDir, resourcesDir })).listAnnotations({ id: item.id })
  expect(shown.highlights.map((highlight) => highlight.madeBy)).toEqual([{ device: 'alpha', name: 'alpha' }])
  expect(shown.notes.map((note) => [note.note, note.madeBy])).toEqual([['Ben: check the date.', { device: 'beta', name: 'Ben’s desktop' }]])
  // Stored on the record itself, as a plain field of the W3C annotation, in the file of the device that made it.
  for (const device of ['alpha', 'beta']) {
    const stored = JSON.parse(await readFile(join(alphaDir, 'items', item.id, `annotations.${device}.json`), 'utf8')) as { annotations: Record<string, unknown>[] }
    expect(stored.annotations.map((annotation) => annotation['scriptorium:device'])).toEqual([device])
  }

  // Alpha names itself too; beta, once the file arrives, shows it on alpha's highlight.
  await alpha.setDeviceName({ name: 'Anna' })
  await cp(join(alphaDir, 'devices'), join(betaDir, 'devices'), { recursive: true })
  await cp(join(alphaDir, 'items', item.id, 'annotations.alpha.json'), join(betaDir, 'items', item.id, 'annotations.alpha.json'))
  const atBeta = await asDevice('beta', () => openArchive({ libraryDir: betaDir, resourcesDir })).listAnnotations({ id: item.id })
  expect(atBeta.highlights.map((highlight) => highlight.madeBy?.name)).toEqual(['Anna'])
  expect(atBeta.notes.map((note) => note.madeBy?.name)).toEqual(['Ben’s desktop'])
})

it('an annotation written before devices were recorded stays valid and shows no maker; a name too long is refused in words', async () => {
  const app = openArchive({ libraryDir: alphaDir, resourcesDir })
  const item = await app.addSampleArticle({})
  const note = await app.addNote({ id: item.id, note: 'Old note' })
  const path = ownAnnotationsPath(alphaDir, item.id)
  const file = JSON.parse(await readFile(path, 'utf8'))
  for (const annotation of file.annotations) delete annotation['scriptorium:device']
  await writeFile(path, JSON.stringify(file))
  const shown = await app.listAnnotations({ id: item.id })
  expect(shown.notes.map((entry) => [entry.id, entry.madeBy])).toEqual([[note.id, undefined]])
  expect(shown.damaged).toBe(0)
  // Through the boundary every transport shares.
  const refused = await dispatch(app, 'setDeviceName', { name: 'x'.repeat(81) })
  expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
  expect(JSON.stringify(refused)).toContain('at most 80 characters')
  expect((await app.getSyncStatus({})).deviceName).toBeNull()
})

it.skipIf(process.platform === 'win32')("a co-author's name file that is a FIFO or huge names no one, and never holds the highlights", async () => {
  const app = asDevice('alpha', () => openArchive({ libraryDir: alphaDir, resourcesDir }))
  const item = await app.addSampleArticle({})
  await app.addHighlight({ id: item.id, quote: SAMPLE.para3Phrase })
  await mkdir(join(alphaDir, 'devices'), { recursive: true })
  // Neither is read: no process writes the FIFO, and the other is 65 MB of nothing (sparse).
  execFileSync('mkfifo', [join(alphaDir, 'devices', 'beta.json')])
  await writeFile(join(alphaDir, 'devices', 'gamma.json'), '')
  await truncate(join(alphaDir, 'devices', 'gamma.json'), 65 * 1024 * 1024)
  const shown = await app.listAnnotations({ id: item.id })
  expect(shown.highlights.map((highlight) => highlight.madeBy)).toEqual([{ device: 'alpha', name: 'alpha' }])
})
