import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { SAMPLE, samplePath, snapshotTree, useTempDir } from '../support/tempLibrary'
import { runScriptorium, type Run } from '../support/runScriptorium'

const temp = useTempDir()
const cli = (...args: string[]) => runScriptorium(['--library', temp.libraryDir, ...args], { cwd: temp.dir })
const ok = (run: Run): string => {
  expect(run.stderr).toBe('')
  expect(run.code).toBe(0)
  return run.stdout
}

beforeEach(async () => {
  ok(await cli('add', samplePath))
})

async function highlightId(): Promise<string> {
  return JSON.parse(ok(await cli('highlight', SAMPLE.citekey, '--quote', SAMPLE.para3Phrase, '--json'))).id
}

describe('scriptorium cite', () => {
  it('prints a quote with its citation in each format, and the reference without --highlight', async () => {
    const id = await highlightId()
    const text = ok(await cli('cite', SAMPLE.citekey, '--highlight', id))
    expect(text).toMatch(new RegExp(`^\u201c${SAMPLE.para3Phrase}\u201d \\(.*2018, para\\. 3\\)\\n\\n.*${SAMPLE.title}`))
    expect(ok(await cli('cite', SAMPLE.citekey, '--highlight', id, '--format', 'pandoc')).trim()).toBe(`\u201c${SAMPLE.para3Phrase}\u201d [@${SAMPLE.citekey}, para. 3]`)
    expect(ok(await cli('cite', SAMPLE.citekey, '--highlight', id, '--format', 'latex', '--locale', 'nl-NL')).trim()).toBe(
      `\\textcquote[par.~3]{${SAMPLE.citekey}}{${SAMPLE.para3Phrase}}`,
    )
    expect(ok(await cli('cite', SAMPLE.citekey, '--highlight', id, '--format', 'html'))).toMatch(/^<p>.*para\. 3\)<\/p>\n<p>/)
    const reference = ok(await cli('cite', SAMPLE.citekey)).trim()
    expect(text.trim().endsWith(reference)).toBe(true)
    const asJson = JSON.parse(ok(await cli('cite', SAMPLE.citekey, '--json')))
    expect(asJson).toMatchObject({ citekey: SAMPLE.citekey, style: 'apa', locale: 'en-US', text: reference })
  })

  it('refuses an unknown style, locale or format, and a highlight of another item, in one sentence', async () => {
    const id = await highlightId()
    let run = await cli('cite', SAMPLE.citekey, '--style', 'nope')
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^There is no citation style "nope"; the styles are .*\n$/)
    run = await cli('cite', SAMPLE.citekey, '--locale', 'xx-YY')
    expect(run).toMatchObject({ code: 1, stderr: 'There is no citation locale "xx-YY"; the locales are en-US, en-GB, nl-NL, de-DE, fr-FR, es-ES.\n' })
    run = await cli('cite', SAMPLE.citekey, '--format', 'rtf')
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^--format must be one of text, html, markdown, pandoc, latex, not "rtf"\./)
    await writeFile(join(temp.dir, 'other.txt'), 'Een ander stuk over vrede.\n\nTweede alinea.')
    const other = JSON.parse(ok(await cli('add', join(temp.dir, 'other.txt'), '--json')))[0]
    run = await cli('cite', other.id, '--highlight', id)
    expect(run).toMatchObject({ code: 1, stderr: `The item ${other.citekey} has no highlight "${id}"; a highlight is cited from the item it was made in.\n` })
  })
})

describe('scriptorium export and auto-export', () => {
  it('refuses an --out inside the library folder, by any path or link, and the library stays whole', async () => {
    const catalog = join(temp.libraryDir, 'catalog.json')
    const before = await snapshotTree(temp.libraryDir)
    await symlink(temp.libraryDir, join(temp.dir, 'alias'))
    const item = JSON.parse(ok(await cli('list', '--json')))[0]
    for (const out of [catalog, 'library/catalog.json', 'alias/catalog.json', `library/items/${item.id}/content.html`, 'library/new-file.json']) {
      const target = resolve(temp.dir, out)
      expect(await cli('export', '--format', 'csl-json', '--out', out)).toEqual({
        code: 1,
        stdout: '',
        stderr: `${target} is inside the library folder; export writes outside it, so it can never replace the library's own files.\n`,
      })
    }
    expect(await snapshotTree(temp.libraryDir)).toEqual(before)
    expect(JSON.parse(ok(await cli('list', '--json')))).toEqual([item])
  })

  it('exports to stdout or, atomically, to --out', async () => {
    expect(ok(await cli('export', '--format', 'bibtex'))).toContain(`@misc{${SAMPLE.citekey},`)
    ok(await cli('export', SAMPLE.citekey, '--format', 'csl-json', '--out', 'refs.json'))
    expect(JSON.parse(await readFile(join(temp.dir, 'refs.json'), 'utf8'))[0]).toMatchObject({ id: SAMPLE.citekey, title: SAMPLE.title })
    const run = await cli('export', '--format', 'docx')
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^--format must be one of bibtex, biblatex, ris, csl-json, bibliography, bibliography-html, not "docx"\./)
    expect((await cli('export', '--tag', 'none', '--format', 'ris')).stderr).toBe('No item in the library has the tag "none".\n')
    expect(await cli('export', '--format', 'ris', '--out', 'no-folder/refs.ris')).toMatchObject({ code: 1, stderr: 'Could not write no-folder/refs.ris: its folder does not exist.\n' })
    expect(await cli('add-style', 'missing.csl')).toMatchObject({ code: 1, stderr: 'Could not read missing.csl: there is no such file.\n' })
    // What biber will miss is said on stderr, so the references on stdout stay clean.
    await writeFile(join(temp.dir, 'undated.txt'), 'Zonder datum\n\nEen alinea zonder datum.')
    const undated = JSON.parse(ok(await cli('add', 'undated.txt', '--json')))[0]
    const warned = await cli('export', undated.id, '--format', 'biblatex')
    expect(warned).toMatchObject({ code: 0, stderr: `${undated.citekey} has no date, which a @misc entry needs; biber will warn about it.\n` })
    expect(warned.stdout).toMatch(new RegExp(`^@misc\\{${undated.citekey},`))
  })

  it('keeps a .bib current when another process edits the library', async () => {
    await mkdir(join(temp.dir, 'paper'))
    expect(ok(await cli('auto-export', 'paper/library.bib'))).toBe(
      `${join(temp.dir, 'paper', 'library.bib')} now holds the library's 1 reference as bibtex, and is rewritten on every change.\n`,
    )
    ok(await cli('edit', SAMPLE.citekey, '--citekey', 'nos2018liaison'))
    expect(await readFile(join(temp.dir, 'paper', 'library.bib'), 'utf8')).toMatch(/^@misc\{nos2018liaison,/)
    expect(ok(await cli('auto-export'))).toBe(`bibtex    ${join(temp.dir, 'paper', 'library.bib')}\n`)
    // A process that has not written the file itself reports the file's own date, and no count it cannot know.
    const [status] = JSON.parse(ok(await cli('auto-export', '--json')))
    expect(status).toMatchObject({ format: 'bibtex', itemCount: null, error: null, lastWritten: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) })
    ok(await cli('stop-auto-export', 'paper/library.bib'))
    expect(ok(await cli('auto-export'))).toBe('Nothing is auto-exported.\n')
  })

  it('lists styles, sets the defaults, and takes a style of the user\'s own', async () => {
    expect(ok(await cli('styles'))).toMatch(/^\* apa +American Psychological Association/m)
    expect(ok(await cli('defaults', '--locale', 'nl'))).toBe('Citations use the style apa in nl-NL.\n')
    await writeFile(join(temp.dir, 'broken.csl'), '<?xml version="1.0"?><style xmlns="http://purl.org/net/xbiblio/csl"><info><title>Broken</title></info>')
    const run = await cli('add-style', 'broken.csl')
    expect(run).toMatchObject({ code: 1, stderr: 'broken.csl is not a usable CSL style: it has no <citation> with a <layout>.\n' })
    expect(ok(await cli('styles', '--json'))).not.toContain('Broken')
  })
})
