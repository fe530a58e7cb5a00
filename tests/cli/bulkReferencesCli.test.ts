import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Item } from '../../electron/core/archiveApi'
import { generatedBib } from '../support/generatedBib'
import { runScriptorium } from '../support/runScriptorium'
import { useTempDir } from '../support/tempLibrary'

const temp = useTempDir()

/** The real built command, run in the folder holding the files, as a user would. */
const cli = (...args: string[]) => runScriptorium(['--library', temp.libraryDir, ...args], { cwd: temp.dir })

describe('scriptorium add with a large reference file', () => {
  it('adds a .bib chunk by chunk, printing its progress on stderr, and names the malformed entry', async () => {
    await writeFile(join(temp.dir, 'refs.bib'), generatedBib(250))
    const run = await cli('add', 'refs.bib')
    expect(run.code).toBe(1) // one entry could not be read, as with any failed input
    const lines = run.stdout.trim().split('\n')
    expect(lines).toHaveLength(250)
    expect(lines[0]).toMatch(/^Added [A-Z0-9]{8} ref0: Border report number 0$/)
    expect(lines[249]).toMatch(/^Added [A-Z0-9]{8} ref249: Border report number 249$/)
    expect(run.stderr).toBe(
      'Progress: 100 of 250\nProgress: 200 of 250\nProgress: 250 of 250\n' +
        'refs.bib: The entry broken250 (line 2251) is not terminated: a closing brace is missing.\n',
    )
    const listed = JSON.parse((await cli('list', '--json')).stdout) as Item[]
    expect(listed.map((item) => item.citekey).sort()).toEqual(Array.from({ length: 250 }, (_, n) => `ref${n}`).sort())

    // Again: every entry is there already, and nothing more is added.
    const again = await cli('add', 'refs.bib')
    expect(again.code).toBe(1)
    expect(again.stdout).toBe('')
    expect(again.stderr.split('\n').filter((line) => line.includes('is already in the library'))).toHaveLength(250)
    expect(again.stderr).toContain('refs.bib: ref7 is already in the library as ref7, “Border report number 7” by Pieter Jansen (the same DOI). Add it again with --allow-duplicate.')
    expect(JSON.parse((await cli('list', '--json')).stdout)).toHaveLength(250)
  }, 60_000)

  it('prints no progress for a file of one chunk, and exits 0 when every entry went in', async () => {
    await writeFile(join(temp.dir, 'few.bib'), generatedBib(40, { broken: false }))
    const run = await cli('add', 'few.bib')
    expect(run).toMatchObject({ code: 0, stderr: '' })
    expect(run.stdout.trim().split('\n')).toHaveLength(40)
  })

  it('refuses a file it cannot read, adding nothing', async () => {
    await writeFile(join(temp.dir, 'broken.ris'), 'TY  - JOUR\nTI  - No end\n')
    expect(await cli('add', 'broken.ris')).toEqual({ code: 1, stdout: '', stderr: 'broken.ris has no "ER  -" lines, which end each RIS entry; nothing was imported.\n' })
    expect(await cli('list')).toMatchObject({ code: 0, stdout: 'The library is empty. Add an article with: scriptorium add FILE\n' })
  })
})

describe('scriptorium edit of bibliographic fields', () => {
  it('changes DOI, volume, issue, pages and publisher, and refuses a malformed DOI', async () => {
    await writeFile(join(temp.dir, 'one.bib'), generatedBib(1, { broken: false }))
    expect((await cli('add', 'one.bib')).code).toBe(0)
    const edit = await cli('edit', 'ref0', '--doi', 'doi:10.1234/fixed.7', '--volume', '12', '--issue', '3', '--pages', '101-118', '--publisher', 'Brill', '--json')
    expect(edit.code).toBe(0)
    expect(JSON.parse(edit.stdout).csl).toMatchObject({ DOI: '10.1234/fixed.7', volume: '12', issue: '3', page: '101-118', publisher: 'Brill' })

    expect(await cli('edit', 'ref0', '--doi', 'not a doi')).toEqual({ code: 1, stdout: '', stderr: '"not a doi" is not a DOI; a DOI looks like 10.1000/xyz.\n' })
    expect(JSON.parse((await cli('show', 'ref0', '--json')).stdout).csl.DOI).toBe('10.1234/fixed.7')
  })
})
