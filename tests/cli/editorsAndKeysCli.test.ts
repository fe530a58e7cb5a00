import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Item } from '../../electron/core/archiveApi'
import { runScriptorium, type Run } from '../support/runScriptorium'
import { useTempDir } from '../support/tempLibrary'

const temp = useTempDir()
const cli = (...args: string[]) => runScriptorium(['--library', temp.libraryDir, ...args])
const json = <T>(run: Run): T => {
  expect(run.stderr).toBe('')
  expect(run.code).toBe(0)
  return JSON.parse(run.stdout) as T
}

describe('scriptorium add and edit: keys, editors and translators', () => {
  it('says which key became which when a key from a file cannot be kept, and adds the entry all the same', async () => {
    const first = join(temp.dir, 'first.bib')
    await writeFile(first, '@book{smith2020, author = {Smith, Ann}, title = {Harbours}, year = 2020}\n')
    json<Item[]>(await cli('add', '--json', first))
    const second = join(temp.dir, 'second.bib')
    await writeFile(
      second,
      '@book{smith2020, author = {Smith, Ann}, title = {Rivers}, year = 2020}\n@book{jones2019, author = {Jones, Bo}, title = {Dykes}, year = 2019}\n@book{jones2019, author = {Jones, Bo}, title = {Polders}, year = 2019}\n',
    )
    const run = await cli('add', '--json', second)
    expect(run.code).toBe(0)
    expect((JSON.parse(run.stdout) as Item[]).map((item) => item.citekey)).toEqual(['smith2020a', 'jones2019', 'jones2019a'])
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      `${second}: the key smith2020 (line 1) is taken by another item in the library; the entry was added as smith2020a.`,
      `${second}: the key jones2019 (line 3) is taken by an earlier entry of the file (line 2); the entry was added as jones2019a.`,
    ])
    const csl = join(temp.dir, 'items.json')
    await writeFile(csl, JSON.stringify([{ id: 'Smith 2021', type: 'book', title: 'Canals', author: [{ family: 'Smith', given: 'Ann' }], issued: { 'date-parts': [[2021]] } }]))
    const fromJson = await cli('add', '--json', csl)
    const [canals] = JSON.parse(fromJson.stdout) as Item[]
    expect(fromJson.stderr).toBe(`${csl}: "Smith 2021" cannot be a citation key (biber refuses white space and , { } ( ) " # % ' = \\ ~ in a key); the entry was added as ${canals.citekey}.\n`)
  })

  it('names the earlier entry of the file a key repeats, also when the two are added in different chunks of 100', async () => {
    const bib = join(temp.dir, 'many.bib')
    const entries = Array.from({ length: 150 }, (_, index) => `@misc{entry${index}, title = {Entry ${index}}, year = 2020}`)
    entries[129] = '@misc{entry3, title = {Entry 3 again}, year = 2021}'
    entries[149] = '@misc{entry120, title = {Entry 120 again}, year = 2021}'
    await writeFile(bib, `${entries.join('\n')}\n`)
    const run = await cli('add', '--json', bib)
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toHaveLength(150)
    expect(run.stderr.split('\n').filter((line) => line.includes(' is taken '))).toEqual([
      `${bib}: the key entry3 (line 130) is taken by an earlier entry of the file (line 4); the entry was added as entry3a.`,
      `${bib}: the key entry120 (line 150) is taken by an earlier entry of the file (line 121); the entry was added as entry120a.`,
    ])
  })

  it('keeps keys with : . - + / as written, edits editors and translators, and exports them under the pinned key', async () => {
    const bib = join(temp.dir, 'refs.bib')
    await writeFile(
      bib,
      `@incollection(westfahl:space,
  author = {Westfahl, Gary}, title = {The True Frontier}, booktitle = {Space and Beyond},
  editor = {Westfahl, Gary}, year = 2000, publisher = {Greenwood Press and Sons}, pages = {55--65})
@book{averroes/bland, author = {Averroes}, title = {The Epistle}, year = 1982, translator = {Bland, Kalman P.}}
`,
    )
    const added = json<Item[]>(await cli('add', '--json', bib))
    expect(added.map((item) => item.citekey).sort()).toEqual(['averroes/bland', 'westfahl:space'])
    const chapter = added.find((item) => item.citekey === 'westfahl:space')!
    expect(chapter.csl.publisher).toBe('Greenwood Press and Sons')

    const edited = json<Item>(await cli('edit', '--json', 'westfahl:space', '--editor', 'Westfahl, Gary', '--editor', 'Slusser, George', '--translator', 'Bland, Kalman P.'))
    expect(edited.csl.editor).toEqual([{ family: 'Westfahl', given: 'Gary' }, { family: 'Slusser', given: 'George' }])
    expect(edited.csl.translator).toEqual([{ family: 'Bland', given: 'Kalman P.' }])
    const cleared = json<Item>(await cli('edit', '--json', 'averroes/bland', '--translator', ''))
    expect(cleared.csl.translator).toBeUndefined()

    const exported = await cli('export', '--format', 'biblatex')
    expect(exported.code).toBe(0)
    expect(exported.stdout).toContain('@incollection{westfahl:space,')
    expect(exported.stdout).toMatch(/editor = \{Westfahl, Gary and Slusser, George\}/)
    expect(exported.stdout).toMatch(/translator = \{Bland, Kalman P\.\}/)
    expect(exported.stdout).toContain('@book{averroes/bland,')
  })

  it('refuses a key biber cannot read, saying which characters it refuses', async () => {
    const bib = join(temp.dir, 'one.bib')
    await writeFile(bib, '@book{k1, title = {T}, year = 2000}\n')
    json<Item[]>(await cli('add', '--json', bib))
    const run = await cli('edit', 'k1', '--citekey', 'has space')
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(`"has space" cannot be a citation key: biber refuses white space and the characters , { } ( ) " # % ' = \\ ~ in a key.\n`)
  })
})
