import { copyFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { DuplicatePair, Item, MergeResult } from '../../electron/core/archiveApi'
import { runScriptorium, type Run } from '../support/runScriptorium'
import { repoRoot, useTempDir } from '../support/tempLibrary'

const PEACE = join(repoRoot, 'tests', 'fixtures', 'long-peace.md')
// biblatex's own example database: four works in it are entered twice.
const BIBLATEX = join(repoRoot, 'tests', 'fixtures', 'references', 'real', 'biblatex-examples.bib')

const temp = useTempDir()
const cli = (...args: string[]) => runScriptorium(['--library', temp.libraryDir, ...args])
const json = <T>(run: Run): T => {
  expect(run.stderr).toBe('')
  expect(run.code).toBe(0)
  return JSON.parse(run.stdout) as T
}

describe('duplicates on the command line', { timeout: 120_000 }, () => {
  it('refuses the same text under another name, naming the item, and adds it with --allow-duplicate', async () => {
    const [peace] = json<Item[]>(await cli('add', PEACE, '--json'))
    const copy = join(temp.dir, 'the long peace.txt')
    await copyFile(PEACE, copy)
    const refused = await cli('add', copy)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toBe(`${copy} is already in the library as ${peace.citekey}, “The Long Peace Revisited” by John Lewis Gaddis (the same text). Add it again with --allow-duplicate.\n`)
    expect(json<Item[]>(await cli('list', '--json'))).toHaveLength(1)
    expect(json<Item[]>(await cli('add', copy, '--allow-duplicate', '--json'))).toHaveLength(1)
    expect(json<Item[]>(await cli('list', '--json'))).toHaveLength(2)
  })

  it('reports each repeated entry of a real .bib and adds the rest, then lists pairs and merges one', async () => {
    const added = await cli('add', BIBLATEX)
    expect(added.code).toBe(1)
    const repeats = added.stderr.split('\n').filter((line) => line.includes('is already in the library'))
    expect(repeats).toHaveLength(4)
    expect(repeats).toContain(`${BIBLATEX}: knuth:ct:related is already in the library as knuth:ct, “Computers & Typesetting” by Donald E. Knuth (the same title, year and first author). Add it again with --allow-duplicate.`)

    expect((await cli('duplicates')).stdout).toBe('No likely duplicates.\n')
    // The file's @set entries are still named (exit 1); no entry is refused as a duplicate.
    const again = await cli('add', BIBLATEX, '--allow-duplicate')
    expect(again.stderr).not.toContain('is already in the library')
    expect(again.stderr).toContain('@set')
    const pairs = json<DuplicatePair[]>(await cli('duplicates', '--json'))
    // Every entry is now there twice: each pair is an entry and its copy, or one of the four repeats.
    expect(pairs.length).toBeGreaterThanOrEqual(90)
    const human = (await cli('duplicates')).stdout
    expect(human).toContain(`merge with: scriptorium merge ${pairs[0].keep.id} ${pairs[0].other.id}`)
    expect(human.trimEnd().endsWith(`${pairs.length} likely pairs.`)).toBe(true)

    const [pair] = pairs
    await cli('edit', pair.other.id, '--add-tag', 'checked')
    const merged = await cli('merge', pair.keep.id, pair.other.id)
    expect(merged.stderr).toBe('')
    expect(merged.stdout).toBe(`Merged ${pair.other.id} into ${pair.keep.id} “${pair.keep.csl.title}”: added 1 tag. ${pair.other.id} is in the trash; undo with: scriptorium restore ${pair.other.id}\n`)
    expect(json<Item>(await cli('show', pair.keep.id, '--json')).tags).toContain('checked')
    expect(json<Item[]>(await cli('list', '--trash', '--json')).map((item) => item.id)).toEqual([pair.other.id])
    expect(json<DuplicatePair[]>(await cli('duplicates', '--json'))).toHaveLength(pairs.length - 1)
  })

  it('adds the same text once when several commands add it at the same time: the check is made again under the write lock', async () => {
    const runs = await Promise.all(Array.from({ length: 3 }, () => cli('add', PEACE)))
    expect(runs.filter((run) => run.code === 0)).toHaveLength(1)
    const [item] = json<Item[]>(await cli('list', '--json'))
    for (const run of runs.filter((each) => each.code !== 0)) expect(run.stderr).toContain(`is already in the library as ${item.citekey}, “The Long Peace Revisited” by John Lewis Gaddis (the same text).`)
    expect(json<Item[]>(await cli('list', '--json'))).toHaveLength(1)
  })

  it('merges as JSON, and refuses a merge it cannot do with a sentence', async () => {
    const [peace] = json<Item[]>(await cli('add', PEACE, '--json'))
    const copy = join(temp.dir, 'peace.txt')
    await copyFile(PEACE, copy)
    const [twin] = json<Item[]>(await cli('add', copy, '--allow-duplicate', '--json'))
    expect(await cli('merge', peace.id)).toMatchObject({ code: 2, stderr: '"merge" takes two item IDs: the one to keep, then the one to merge into it.\nRun "scriptorium --help" for usage.\n' })
    expect(await cli('merge', peace.id, peace.citekey)).toMatchObject({ code: 1, stderr: `An item cannot be merged with itself (${peace.citekey}).\n` })
    const result = json<MergeResult>(await cli('merge', peace.citekey, twin.id, '--json'))
    expect(result.kept.id).toBe(peace.id)
    expect(result.trashed.trashedAt).toBeTruthy()
    expect(result.added).toEqual({ fields: [], tags: [], collections: [], annotationIds: [] })
    expect(await cli('merge', peace.id, twin.id)).toMatchObject({ code: 1, stderr: `${twin.citekey} “The Long Peace Revisited” is in the trash: restore it before merging.\n` })
  })
})
