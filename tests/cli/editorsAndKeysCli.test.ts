import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Item } from '../../electron/core/archiveApi'
import { runScriptorium, type Run } from '../support/runScriptorium'
import { makeTempDir } from '../support/tempLibrary'

let temp: { dir: string; remove: () => Promise<void> }
const cli = (...args: string[]) => runScriptorium(['--library', join(temp.dir, 'library'), ...args])
const json = <T>(run: Run): T => {
  expect(run.stderr).toBe('')
  expect(run.code).toBe(0)
  return JSON.parse(run.stdout) as T
}

beforeEach(async () => {
  temp = await makeTempDir()
})

afterEach(async () => {
  await temp.remove()
})

describe('scriptorium add and edit: keys, editors and translators', () => {
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
