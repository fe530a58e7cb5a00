import { spawnSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ArchiveApi, Item } from '../../electron/core/archiveApi'
import { BUNDLED_STYLES, readBundledStyle } from '../../electron/node/bundledCsl'
import { openArchive } from '../../electron/node/openArchive'
import { makeTempDir, resourcesDir } from '../support/tempLibrary'

// Real clients judge our exports: biber (biblatex's backend) and pandoc's citeproc, where installed.
const has = (command: string) => spawnSync(command, ['--version'], { encoding: 'utf8' }).status === 0
const hasBiber = has('biber')
const hasPandoc = has('pandoc')
if (!hasBiber) console.warn('Skipping the biber checks: biber is not installed (apt-get install biber).')
if (!hasPandoc) console.warn('Skipping the pandoc checks: pandoc is not installed (apt-get install pandoc).')

const TRICKY_TITLE = 'Ärger in Tromsø: “quotes” & 50% of $5 for snake_case {braces}'

let temp: { dir: string; remove: () => Promise<void> }
let api: ArchiveApi
let items: Item[]

function text(content: string) {
  return Buffer.from(content).toString('base64')
}

beforeAll(async () => {
  temp = await makeTempDir()
  api = openArchive({ libraryDir: join(temp.dir, 'library'), resourcesDir })
  const sample = await api.addSampleArticle({})
  const added = (
    await api.importFiles({
      files: [
        { name: 'tricky.txt', dataBase64: text(`date 2021-03-04 ${TRICKY_TITLE}.\n\nA paragraph of text.`) },
        { name: 'journal.txt', dataBase64: text('date 2019 On anchoring.\n\nThe body.') },
        { name: 'undated.txt', dataBase64: text('Zonder datum of auteur\n\nEen alinea.') },
      ],
    })
  ).added
  const [tricky, journal] = added
  await api.updateItem({ id: tricky.id, patch: { title: TRICKY_TITLE, author: [{ family: 'Vries', given: 'Jan', 'non-dropping-particle': 'de' }], type: 'article-newspaper', containerTitle: 'NRC', URL: 'https://example.org/a?b=1&c=2' } })
  await api.updateItem({ id: journal.id, patch: { type: 'article-journal', containerTitle: 'Journal of Annotation', author: [{ family: 'Smith', given: 'Ann' }, { family: 'Jones', given: 'Bo' }] } })
  await api.updateItem({ id: sample.id, patch: { type: 'article-newspaper', containerTitle: 'NOS' } })
  items = await api.listItems({})
})

afterAll(async () => {
  await temp.remove()
})

async function exported(format: 'bibtex' | 'biblatex' | 'csl-json', name: string): Promise<string> {
  const path = join(temp.dir, name)
  await writeFile(path, (await api.exportReferences({ format })).content)
  return path
}

function run(command: string, args: string[]) {
  return spawnSync(command, args, { cwd: temp.dir, encoding: 'utf8' })
}

describe.skipIf(!hasBiber)('biber', () => {
  async function validate(format: 'bibtex' | 'biblatex', ids?: string[]) {
    const file = await api.exportReferences({ format, ...(ids ? { ids } : {}) })
    const path = join(temp.dir, `${format}-${ids ? 'complete' : 'all'}.bib`)
    await writeFile(path, file.content)
    const result = run('biber', ['--tool', '--validate-datamodel', '--output-file', `${path}.checked`, path])
    expect(result.status).toBe(0)
    const problems = `${result.stdout}\n${result.stderr}`.split('\n').filter((line) => /^(WARN|ERROR)/.test(line))
    return { problems, warnings: file.warnings ?? [] }
  }

  it.each(['bibtex', 'biblatex'] as const)('validates our %s export of complete references with no warning', async (format) => {
    const complete = items.filter((item) => item.csl.issued && item.csl.author?.length).map((item) => item.id)
    expect(complete).toHaveLength(2)
    expect(await validate(format, complete)).toEqual({ problems: [], warnings: [] })
  })

  it.each(['bibtex', 'biblatex'] as const)('keeps each type and warns, in %s, about exactly the entries biber will warn about', async (format) => {
    const { problems, warnings } = await validate(format)
    // An entry keeps its type and every field; what it lacks is said, never made up or hidden by a change of type.
    const warnedByBiber = new Set(problems.map((problem) => /Entry '([^']+)'/.exec(problem)?.[1]))
    const warnedByUs = new Set(warnings.map((warning) => warning.split(' ')[0]))
    expect([...warnedByBiber].sort()).toEqual([...warnedByUs].sort())
    expect(warnings).toContain('zonderdatum has no date, which a @misc entry needs; biber will warn about it.')
    expect(warnings).toContain('noord2018zuidkorea has no author, which a @article entry needs; biber will warn about it.')
  })
})

describe.skipIf(!hasPandoc)('pandoc --citeproc', () => {
  function renderWith(bibliography: string): string {
    const document = join(temp.dir, 'paper.md')
    spawnSync('sh', ['-c', `printf '%s\\n' '---' 'nocite: "@*"' '---' 'Text.' > ${document}`])
    const result = run('pandoc', ['--citeproc', '--bibliography', bibliography, '-t', 'plain', '--wrap=none', document])
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    return result.stdout
  }

  it.each([
    ['bibtex', 'refs.bib'],
    ['biblatex', 'refs-latex.bib'],
    ['csl-json', 'refs.json'],
  ] as const)('reads every entry of our %s, with ä, ø, “”, &, %%, $, _ and braces intact', async (format, name) => {
    // Styles may change a title's case (pandoc's default, Chicago, title-cases English ones), never its characters.
    const output = renderWith(await exported(format, name)).toLowerCase()
    for (const item of items) expect(output).toContain(item.csl.title!.split(':')[0].toLowerCase())
    for (const fragment of ['ärger in tromsø', '\u2018quotes\u2019', ' & 50% of $5 for snake_case {braces}']) expect(output).toContain(fragment)
  })
})

describe.skipIf(!hasPandoc)('pandoc and Scriptorium with the same .csl file', () => {
  async function bothRender(id: string, ids: string[]) {
    const style = join(temp.dir, `${id}.csl`)
    await writeFile(style, await readBundledStyle(id))
    const bibliography = join(temp.dir, `same-${id}.json`)
    await writeFile(bibliography, (await api.exportReferences({ format: 'csl-json', ids })).content)
    const document = join(temp.dir, 'same.md')
    // pandoc brings its own locale files, so the comparison is in en-US, whose terms both agree on.
    await writeFile(document, '---\nnocite: "@*"\nlang: en-US\n---\n')
    const result = run('pandoc', ['--citeproc', '--csl', style, '--bibliography', bibliography, '-t', 'plain', '--wrap=none', document])
    expect(result.stderr).toBe('')
    const lines = (text: string) => text.split('\n').map((line) => line.replace(/\s+/g, ' ').trim()).filter(Boolean)
    const ours = (await api.exportReferences({ format: 'bibliography', style: id, locale: 'en-US', ids })).content
    return { pandoc: lines(result.stdout), ours: lines(ours) }
  }
  const byTitle = (prefix: string) => items.filter((item) => item.csl.title!.startsWith(prefix)).map((item) => item.id)

  it.each(BUNDLED_STYLES.map((style) => style.id))('print the same %s bibliography', async (id) => {
    const ids = [...byTitle('Noord-'), ...byTitle('On anchoring'), ...byTitle('Zonder')]
    expect(ids).toHaveLength(3)
    const { pandoc, ours } = await bothRender(id, ids)
    expect(ours).toHaveLength(3)
    expect(pandoc).toEqual(ours)
  })

  // Where the two processors disagree, each test pins the one difference, so any other one still fails.
  it('differ only in the serial comma before an organization co-author, which APA 7 wants and citeproc-js drops', async () => {
    const [journal] = byTitle('On anchoring')
    await api.updateItem({ id: journal, patch: { author: [{ family: 'Smith', given: 'Ann' }, { literal: 'The Hypothesis Team' }] } })
    try {
      const { pandoc, ours } = await bothRender('apa', [journal])
      expect(ours.map((line) => line.replace('Smith, A. & The', 'Smith, A., & The'))).toEqual(pandoc)
    } finally {
      await api.updateItem({ id: journal, patch: { author: [{ family: 'Smith', given: 'Ann' }, { family: 'Jones', given: 'Bo' }] } })
    }
  })

  it('differ only in order where Harvard demotes "de" for sorting and pandoc sorts "de Vries" under D', async () => {
    const { pandoc, ours } = await bothRender('harvard-cite-them-right', [...byTitle('Ärger'), ...byTitle('On anchoring')])
    expect(ours[0]).toMatch(/^Smith/)
    expect([...pandoc].sort()).toEqual([...ours].sort())
  })

  it('differ only in a word in braces, which pandoc title-cases and citeproc-js keeps as typed', async () => {
    const { pandoc, ours } = await bothRender('chicago-author-date', byTitle('Ärger'))
    expect(ours.map((line) => line.replace('{braces}', '{Braces}'))).toEqual(pandoc)
  })

  it('differ only in IEEE\'s "[Online]." before the URL of a newspaper article, which citeproc-js prints and pandoc leaves out', async () => {
    const { pandoc, ours } = await bothRender('ieee', byTitle('Ärger'))
    expect(pandoc.map((line) => line.replace('2021. Available:', '2021. [Online]. Available:'))).toEqual(ours)
  })
})

describe('export then import', () => {
  it.each([
    ['csl-json', 'references.json'],
    ['biblatex', 'references.bib'],
  ] as const)('through Scriptorium\'s own import of %s, keeps every key, title, name, date and type', async (format, name) => {
    const second = await makeTempDir()
    try {
      const other = openArchive({ libraryDir: join(second.dir, 'library'), resourcesDir })
      const file = await api.exportReferences({ format })
      const report = await other.importFiles({ files: [{ name, dataBase64: Buffer.from(file.content).toString('base64') }] })
      expect(report.failed).toEqual([])
      const again = JSON.parse((await other.exportReferences({ format: 'csl-json' })).content) as Record<string, unknown>[]
      const original = JSON.parse((await api.exportReferences({ format: 'csl-json' })).content) as Record<string, unknown>[]
      const essentials = (csl: Record<string, unknown>) => ({ id: csl.id, title: csl.title, author: csl.author, issued: csl.issued, type: csl.type, container: csl['container-title'], language: csl.language })
      // BibLaTeX has no newspaper article type of its own (@article with entrysubtype), and citation-js reads it back as a journal article.
      const fallbacks = new Set([...file.content.matchAll(/^@(?:misc|online)\{([^,]+),/gm)].map((match) => match[1]))
      const comparable = (csl: ReturnType<typeof essentials>) =>
        format === 'biblatex' ? { ...csl, type: undefined, container: fallbacks.has(String(csl.id)) ? undefined : csl.container } : csl
      expect(again.map(essentials).map(comparable)).toEqual(original.map(essentials).map(comparable))
    } finally {
      await second.remove()
    }
  })
})
