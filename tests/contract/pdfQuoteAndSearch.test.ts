import { spawnSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TextPositionSelector, TextQuoteSelector } from '../../electron/core/anchoring/textSelectors'
import type { ArchiveApi, Item, SearchResults } from '../../electron/core/archiveApi'
import type { PdfPageSelector } from '../../electron/core/pdf/pdfPageSelector'
import { readArticleStructure } from '../../electron/core/readArticleStructure'
import { IMAGE_ONLY_HTML, printPdfs, withMetadata, withPageLabels, xmpPacket } from '../support/makePdfs'
import { runScriptorium } from '../support/runScriptorium'
import { directTransport, openTemporaryLibrary, refusal, type TemporaryLibrary } from './transports'

// Four pages of front matter (i–iv), then journal pagination from 12.
const PAPER = `
<section><h1>Tidal Clocks of the North Sea</h1><p>Anna de Vries</p></section>
<section><p>Contents.</p></section>
<section><p>Acknowledgements to the keepers of the tide tables.</p></section>
<section><p>Preface. The harbours of the coast kept their own hours until the railways came.</p></section>
<section><p>The first chapter says that the harbour of Vlissingen rang its bell at high water, and that ships waited for it.</p></section>
<section><p>A second page of the chapter, where a sentence about the lighthouse keeper runs on</p></section>
<section><p>into the next page, where café owners and naïve sailors trusted the bell over the almanac.</p></section>`

let library: TemporaryLibrary
let api: ArchiveApi
let paper: Item
let scan: Item

beforeAll(async () => {
  const printed = await printPdfs({ paper: PAPER, scan: IMAGE_ONLY_HTML })
  const labelled = await withPageLabels(printed.paper, [{ from: 0, style: 'r' }, { from: 4, style: 'D', start: 12 }])
  const withXmp = await withMetadata(labelled, { xmp: xmpPacket({ title: 'Tidal Clocks of the North Sea', creators: ['Anna de Vries'], publication: 'Journal of Maritime Time', date: '2021' }) })
  library = await openTemporaryLibrary(directTransport)
  api = library.api
  const report = await api.importFiles({
    files: [
      { name: 'tidal-clocks.pdf', dataBase64: Buffer.from(withXmp).toString('base64') },
      { name: 'scan.pdf', dataBase64: Buffer.from(printed.scan).toString('base64') },
    ],
  })
  ;[paper, scan] = report.added
}, 60_000)

afterAll(() => library.close())

describe('quoting a PDF by its page labels', () => {
  it('stores a highlight as a W3C annotation with the page (RFC 8118) refined by a quote and a position over that page', async () => {
    const highlight = await api.addHighlight({ id: paper.id, quote: 'rang its bell at high water' })
    expect(highlight.pages).toEqual({ first: 5, last: 5, firstLabel: '12', lastLabel: '12' })
    // A text highlight's selectors; an area highlight has one (see pdfAreaSelector).
    const [quote, position, page] = highlight.target.selector as [TextQuoteSelector, TextPositionSelector, PdfPageSelector?]
    expect(quote.exact).toBe('rang its bell at high water')
    expect(page).toMatchObject({ type: 'FragmentSelector', conformsTo: 'http://tools.ietf.org/rfc/rfc8118', value: 'page=5' })
    const structure = await readArticleStructure((await api.getContent({ id: paper.id })).html)
    const pageText = structure.text.slice(structure.pages[4].start, structure.pages[4].end)
    const [pageQuote, pagePosition] = page!.refinedBy
    expect(pageText.slice(pagePosition.start, pagePosition.end)).toBe('rang its bell at high water')
    expect(pageQuote).toMatchObject({ type: 'TextQuoteSelector', exact: 'rang its bell at high water', prefix: expect.stringMatching(/harbour of Vlissingen $/) })
    expect(structure.text.slice(position.start, position.end)).toBe('rang its bell at high water')

    const jsonld = JSON.parse((await api.exportAnnotations({ id: paper.id, format: 'jsonld' })).content)
    expect(JSON.stringify(jsonld)).toContain('"value":"page=5"')
    expect((await api.exportAnnotations({ id: paper.id, format: 'markdown' })).content).toContain('p. 12')
  })

  it('cites the page label in APA, Dutch, Pandoc and LaTeX', async () => {
    const highlight = await api.addHighlight({ id: paper.id, quote: 'ships waited for it' })
    const apa = await api.cite({ id: paper.id, highlightId: highlight.id })
    expect(apa.text).toMatch(/^“ships waited for it” \(de Vries, 2021, p\. 12\)/)
    expect(apa.pandoc).toBe(`“ships waited for it” [@${paper.citekey}, p. 12]`)
    expect(apa.latex).toBe(`\\textcquote[12]{${paper.citekey}}{ships waited for it}`)
    const dutch = await api.cite({ id: paper.id, highlightId: highlight.id, locale: 'nl-NL' })
    expect(dutch.text).toMatch(/\(de Vries, 2021, p\. 12\)/)
  })

  // pandoc, the real client of the Pandoc output, reads the locator as a page: "12", not a paragraph.
  it.skipIf(spawnSync('pandoc', ['--version']).status !== 0)('gives pandoc a citation it reads as a page locator', async () => {
    const highlight = await api.addHighlight({ id: paper.id, quote: 'at high water' })
    const { pandoc } = await api.cite({ id: paper.id, highlightId: highlight.id })
    const bibliography = join(library.tempDir, 'paper.json')
    await writeFile(bibliography, (await api.exportReferences({ format: 'csl-json', ids: [paper.id] })).content)
    const result = spawnSync('pandoc', ['--citeproc', '--bibliography', bibliography, '-f', 'markdown', '-t', 'plain', '--wrap=none'], { input: pandoc, encoding: 'utf8' })
    expect(result.stderr).toBe('')
    expect(result.stdout.split('\n')[0]).toBe('“at high water” (de Vries 2021, 12)')
  })

  it('cites a passage across two pages as "pp." and front matter by its roman label', async () => {
    const across = await api.addHighlight({ id: paper.id, quote: 'the lighthouse keeper runs on into the next page' })
    expect(across.pages).toEqual({ first: 6, last: 7, firstLabel: '13', lastLabel: '14' })
    const spanned = await api.cite({ id: paper.id, highlightId: across.id })
    expect(spanned.text).toMatch(/\(de Vries, 2021, pp\. 13–14\)/)
    expect(spanned.pandoc).toMatch(/\[@[^,]+, pp\. 13–14\]$/)
    expect(spanned.latex).toMatch(/^\\textcquote\[13--14\]/)
    const preface = await api.addHighlight({ id: paper.id, quote: 'kept their own hours' })
    const front = await api.cite({ id: paper.id, highlightId: preface.id })
    expect(front.text).toMatch(/\(de Vries, 2021, p\. iv\)/)
    expect(front.latex).toMatch(/^\\textcquote\[iv\]/)
  })

  it('refuses to highlight a scan, saying it has no text', async () => {
    expect(await refusal(api.addHighlight({ id: scan.id, quote: 'anything' }))).toEqual({
      code: 'invalid_argument',
      message: 'scan.pdf has no text layer (it holds only images of its pages), so there is no text to highlight or quote.',
    })
  })
})

describe('searching PDFs and quoting them from the command line', () => {
  let cliLibrary: string
  beforeAll(async () => {
    cliLibrary = join(library.tempDir, 'cli-library')
    await mkdir(cliLibrary)
  })

  it('adds a PDF, finds its words with the page of each text snippet, and highlights a quote on its page', async () => {
    const file = join(library.tempDir, 'tidal-clocks.pdf')
    await writeFile(file, await printPdfs({ paper: PAPER }).then(async ({ paper: bytes }) => withPageLabels(bytes, [{ from: 0, style: 'r' }, { from: 4, style: 'D', start: 12 }])))
    const added = await runScriptorium(['--library', cliLibrary, 'add', file])
    expect(added.code).toBe(0)
    const id = /^Added (\S+)/.exec(added.stdout)![1]

    const json = await runScriptorium(['--library', cliLibrary, 'search', 'almanac', '--json'])
    const results = JSON.parse(json.stdout) as SearchResults
    expect(results.hits).toHaveLength(1)
    expect(results.hits[0].snippets.find((snippet) => snippet.source === 'text')).toMatchObject({ page: 7, pageLabel: '14' })
    const text = await runScriptorium(['--library', cliLibrary, 'search', 'Vlissingen'])
    expect(text.stdout).toContain('[p. 12] ')

    const highlighted = await runScriptorium(['--library', cliLibrary, 'highlight', id, '--quote', 'the harbour', '--suffix', ' of Vlissingen'])
    expect(highlighted.stderr).toBe('')
    expect(highlighted.stdout).toMatch(/^Highlighted \S+ on p\. 12: “the harbour”/)
  })
})
