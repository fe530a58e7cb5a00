import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ArchiveApi, Item } from '../../electron/core/archiveApi'
import { readArticleStructure } from '../../electron/core/readArticleStructure'
import { repoRoot } from '../support/tempLibrary'
import { directTransport, openTemporaryLibrary, type TemporaryLibrary } from './transports'

// A real LaTeX preprint (CC BY 4.0; see tests/fixtures/pdfs/SOURCES.md).
const PREPRINT = join(repoRoot, 'tests/fixtures/pdfs/souza-junior-2023-micromag-euler-preprint-draft.pdf')

let library: TemporaryLibrary
let api: ArchiveApi
let item: Item

beforeAll(async () => {
  library = await openTemporaryLibrary(directTransport)
  api = library.api
  const report = await api.importFiles({ files: [{ name: 'preprint.pdf', dataBase64: (await readFile(PREPRINT)).toString('base64') }] })
  expect(report.failed).toEqual([])
  item = report.added[0]
})

afterAll(() => library.close())

describe('a real preprint made with LaTeX', () => {
  it('is archived with the title and the first author its Info dictionary gives, and all five pages of text', async () => {
    expect(item.csl.title).toBe('Full vector inversion of magnetic microscopy images using Euler deconvolution as a priori information')
    // Its Info dictionary says "Souza-Junior et al.": the one author it names.
    expect(item.csl.author).toEqual([{ literal: 'Souza-Junior' }])
    expect(item.pdf).toMatchObject({ pageCount: 5, hasText: true, labels: ['1', '2', '3', '4', '5'] })
    expect(item.csl.language).toBe('en')
    // Double-spaced lines stay one paragraph: the abstract is one, not one per line.
    const { html } = await api.getContent({ id: item.id })
    expect(html).toMatch(/<p data-para="\d+">Lorem ipsum dolor sit amet, consectetuer adipiscing elit\. Ut purus elit, vestibulum ut, placerat ac, adipiscing vitae, felis\. [^<]+ Duis eget orci sit amet orci dignissim rutrum\.<\/p>/)
  })

  it('quotes a passage whose word the PDF breaks at a line end, citing its page', async () => {
    const highlight = await api.addHighlight({ id: item.id, quote: 'allowing significant advances in the understanding of igneous, metamorphic and sedimentary processes' })
    expect(highlight.pages).toEqual({ first: 2, last: 2, firstLabel: '2', lastLabel: '2' })
    const citation = await api.cite({ id: item.id, highlightId: highlight.id })
    expect(citation.text).toMatch(/\(Souza-Junior, n\.d\., p\. 2\)/)
    expect(citation.pandoc).toMatch(/\[@souzajuniorfull, p\. 2\]$/)
  })

  it('is found by its words, each text snippet naming its page', async () => {
    const results = await api.search({ query: '"magnetic tunnel junction"' })
    expect(results.hits.map((hit) => hit.id)).toEqual([item.id])
    const snippet = results.hits[0].snippets.find((each) => each.source === 'text')!
    expect(snippet).toMatchObject({ page: 5, pageLabel: '5' })
    // The index holds the text the reader shows: the match's offsets mark it there, on page 5.
    const structure = await readArticleStructure((await api.getContent({ id: item.id })).html)
    expect(structure.text.slice(snippet.range!.start, snippet.range!.end).toLowerCase()).toBe('magnetic tunnel junction')
    expect(snippet.range!.start).toBeGreaterThanOrEqual(structure.pages[4].start)
  })
})
