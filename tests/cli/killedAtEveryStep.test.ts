import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Item, SearchResults } from '../../electron/core/archiveApi'
import { generatedBib } from '../support/generatedBib'
import { readItemRecords } from '../support/libraryFiles'
import { libraryLeftovers } from '../support/libraryLeftovers'
import { runScriptorium, type Run } from '../support/runScriptorium'
import { makeTempDir, samplePath } from '../support/tempLibrary'

// The steps of each operation, in order (crashPoint in electron/node/library): a kill between any two
// of them leaves the change whole or undone. Migration's steps are in libraryMigration.test.ts.
const STEPS = {
  add: ['after-prepare', 'after-item-files', 'before-commit', 'after-commit'],
  edit: ['after-record', 'before-commit', 'after-commit'],
  highlight: ['after-annotations', 'before-commit', 'after-commit'],
  note: ['after-annotations', 'before-commit', 'after-commit'],
  delete: ['after-record', 'before-commit', 'after-commit'],
  'empty-trash': ['after-record-removed', 'before-commit', 'after-commit'],
  // Three files: keep's annotations, then both records.
  merge: ['after-annotations', 'after-record', 'before-commit', 'after-commit'],
  // The second chunk of three: the first is in, the third never started.
  'bulk import': ['after-prepare:2', 'after-item-files:2', 'before-commit:2', 'after-commit:2'],
  // Three records: killed while their temp files flush, the catalog's rows written; then after the
  // second is renamed into place, the third not yet.
  'bulk tag': ['after-records-catalogued', 'after-record-rename:2', 'after-record', 'before-commit', 'after-commit'],
}

let temp: { dir: string; remove: () => Promise<void> }
beforeAll(async () => {
  temp = await makeTempDir('scriptorium-steps-')
})
afterAll(() => temp.remove())

let library = ''
const cli = async (...args: string[]): Promise<Run> => {
  const run = await runScriptorium(['--library', library, ...args])
  expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' })
  return run
}
const hits = async (query: string) => (JSON.parse((await cli('search', '--json', query)).stdout) as SearchResults).hits.map((hit) => hit.id)
const listed = async (trash = false) => JSON.parse((await cli('list', '--json', ...(trash ? ['--trash'] : []))).stdout) as Item[]
const show = async (id: string) => JSON.parse((await cli('show', '--json', id)).stdout) as Item & { highlights: unknown[]; notes: unknown[] }

/** The library opens, lists what its records hold, and leaves nothing behind once a command has run after the kill. */
async function expectSound(): Promise<void> {
  const rows = [...(await listed()), ...(await listed(true))].map((item) => `${item.id} ${item.csl.title}`).sort()
  const records = (await readItemRecords(library)).map((item) => `${item.id} ${item.csl.title}`).sort()
  expect(rows).toEqual(records)
  expect(await libraryLeftovers(library)).toEqual([])
}

describe.each(Object.entries(STEPS).flatMap(([operation, steps]) => steps.map((step) => ({ operation, step }))))('$operation killed at $step', ({ operation, step }) => {
  it('leaves a library that opens and searches, with the change whole or undone', async () => {
    library = join(temp.dir, `${operation}-${step}`.replace(/[^a-z0-9-]/gi, '_'))
    const [sample] = JSON.parse((await cli('add', '--json', samplePath)).stdout) as Item[]
    const killedAt = async (...args: string[]) => {
      const run = await runScriptorium(['--library', library, ...args], { env: { SCRIPTORIUM_CRASH_AT: step } })
      expect(run.code, `the kill at ${step} happened`).toBeNull()
    }

    if (operation === 'add') {
      const file = join(temp.dir, 'harbour.txt')
      await writeFile(file, 'Title: Harbour report\nLanguage: en\n\nThe harbour of Rotterdam handled more containers than ever.')
      await killedAt('add', file)
      await expectSound()
      const added = (await listed()).filter((item) => item.csl.title === 'Harbour report')
      expect(added.length).toBeLessThanOrEqual(1)
      expect(await hits('rotterdam')).toEqual(added.map((item) => item.id))
    } else if (operation === 'edit') {
      await killedAt('edit', sample.id, '--title', 'Kaesong liaison office')
      await expectSound()
      const title = (await show(sample.id)).csl.title
      expect([sample.csl.title, 'Kaesong liaison office']).toContain(title)
      expect(await hits('title:kaesong')).toEqual(title === 'Kaesong liaison office' ? [sample.id] : [])
    } else if (operation === 'highlight' || operation === 'note') {
      if (operation === 'highlight') await killedAt('highlight', sample.id, '--quote', 'een nieuw tijdperk van vrede', '--note', 'verzoening')
      else await killedAt('note', sample.id, 'Verzoening bij de grens')
      await expectSound()
      const shown = await show(sample.id)
      const made = operation === 'highlight' ? shown.highlights : shown.notes
      expect(made.length).toBeLessThanOrEqual(1)
      expect(await hits(`verzoening in:${operation}s`)).toEqual(made.length ? [sample.id] : [])
    } else if (operation === 'delete') {
      await killedAt('delete', sample.id)
      await expectSound()
      const inTrash = (await listed(true)).map((item) => item.id)
      expect([[], [sample.id]]).toContainEqual(inTrash)
      expect((await listed()).map((item) => item.id)).toEqual(inTrash.length ? [] : [sample.id])
    } else if (operation === 'empty-trash') {
      await cli('delete', sample.id)
      await killedAt('empty-trash', '--yes')
      await expectSound()
      const inTrash = (await listed(true)).map((item) => item.id)
      expect([[], [sample.id]]).toContainEqual(inTrash)
      expect(inTrash).toEqual(expect.arrayContaining(await hits('tijdperk')))
      expect((await readItemRecords(library)).map((item) => item.id)).toEqual(inTrash)
    } else if (operation === 'merge') {
      const file = join(temp.dir, 'copy.txt')
      await writeFile(file, 'Title: Liaison office copy\nLanguage: en\n\nA second copy of the report on the liaison office.')
      const [other] = JSON.parse((await cli('add', '--json', file)).stdout) as Item[]
      await cli('note', other.id, 'Verzoening bij de grens')
      await killedAt('merge', sample.id, other.id)
      await expectSound()
      // Whole: other in the trash and its note on sample. Undone: other as it was, sample without the note.
      const merged = (await listed(true)).some((item) => item.id === other.id)
      expect((await show(sample.id)).notes).toHaveLength(merged ? 1 : 0)
      expect((await listed()).map((item) => item.id).sort()).toEqual((merged ? [sample.id] : [sample.id, other.id]).sort())
      expect(await hits('verzoening in:notes')).toEqual([merged ? sample.id : other.id])
    } else if (operation === 'bulk tag') {
      const others = []
      for (const name of ['harbour', 'canal']) {
        const file = join(temp.dir, `${name}.txt`)
        await writeFile(file, `Title: ${name} report\nLanguage: en\n\nThe ${name} of Rotterdam handled more containers than ever.`)
        others.push(...(JSON.parse((await cli('add', '--json', file)).stdout) as Item[]))
      }
      const ids = [sample.id, ...others.map((item) => item.id)].sort()
      await killedAt('edit', ...ids, '--add-tag', 'Fieldwork')
      await expectSound()
      // Whole (all three tagged, in the records, the list and search) or undone (none).
      const tagged = (await readItemRecords(library)).filter((item) => item.tags.includes('Fieldwork')).map((item) => item.id).sort()
      expect([[], ids]).toContainEqual(tagged)
      expect((await listed()).filter((item) => item.tags.includes('Fieldwork')).map((item) => item.id).sort()).toEqual(tagged)
      expect((await hits('tag:fieldwork')).sort()).toEqual(tagged)
      // The next change of them is no conflict with what the kill left.
      await cli('edit', ...ids, '--add-tag', 'Later')
      expect((await hits('tag:later')).sort()).toEqual(ids)
    } else {
      const bib = join(temp.dir, 'refs.bib')
      await writeFile(bib, generatedBib(250, { broken: false }).replace(/,\n {2}doi = \{[^}]*\}/g, ''))
      await killedAt('add', bib)
      await expectSound()
      const keys = (await listed()).map((item) => item.citekey).filter((key) => key.startsWith('ref'))
      // Whole chunks only: the first, or the first two.
      expect([100, 200]).toContain(keys.length)
      expect(await hits('"border report"')).toHaveLength(Math.min(keys.length, 20))
      // Run again, it adds the rest and nothing twice.
      const again = await runScriptorium(['--library', library, 'add', bib])
      expect(again.stdout.split('\n').filter((line) => line.startsWith('Added '))).toHaveLength(250 - keys.length)
      expect((await listed()).map((item) => item.citekey).filter((key) => key.startsWith('ref')).sort()).toEqual(Array.from({ length: 250 }, (_, n) => `ref${n}`).sort())
    }
  }, 180_000)
})
