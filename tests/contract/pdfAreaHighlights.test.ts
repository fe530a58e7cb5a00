import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ArchiveApi, Item } from '../../electron/core/archiveApi'
import { printPdfs, withPageLabels } from '../support/makePdfs'
import { httpTransport, openTemporaryLibrary, refusal, type TemporaryLibrary } from './transports'

// Front matter (i, ii), then journal pagination from 12; page 12 holds a figure.
const PAPER = `
<section><h1>Tidal Clocks of the North Sea</h1><p>Anna de Vries</p></section>
<section><p>Preface. The harbours kept their own hours until the railways came.</p></section>
<section><p>The harbour of Vlissingen rang its bell at high water.</p><div style="height:5cm;border:2px solid">Figure 1</div></section>`

const REAL_PAPER = join(__dirname, '../fixtures/pdfs/souza-junior-2023-micromag-euler-preprint-draft.pdf')

// Through the HTTP bridge: the reader in a browser asks for the PDF and adds areas this way.
describe('PDF pages and area highlights, through the HTTP bridge', () => {
  let library: TemporaryLibrary
  let api: ArchiveApi
  let paper: Item
  let article: Item
  let pdfBytes: Uint8Array

  beforeAll(async () => {
    const printed = await printPdfs({ paper: PAPER })
    pdfBytes = await withPageLabels(printed.paper, [{ from: 0, style: 'r' }, { from: 2, style: 'D', start: 12 }])
    library = await openTemporaryLibrary(httpTransport)
    api = library.api
    ;[paper] = (await api.importFiles({ files: [{ name: 'tidal-clocks.pdf', dataBase64: Buffer.from(pdfBytes).toString('base64') }] })).added
    article = await api.addSampleArticle({})
  }, 60_000)
  afterAll(() => library.close())

  it('gives the reader the PDF byte for byte, and refuses an item that is no PDF or does not exist', async () => {
    expect(Buffer.from((await api.getPdf({ id: paper.id })).dataBase64, 'base64').equals(Buffer.from(pdfBytes))).toBe(true)
    const real = await readFile(REAL_PAPER)
    const [added] = (await api.importFiles({ files: [{ name: 'micromag.pdf', dataBase64: real.toString('base64') }] })).added
    expect(Buffer.from((await api.getPdf({ id: added.id })).dataBase64, 'base64').equals(real)).toBe(true)
    expect(await refusal(api.getPdf({ id: article.id }))).toEqual({ code: 'invalid_argument', message: 'korea-liaison-office-2018.txt is not a PDF; it has no pages to show.' })
    expect((await refusal(api.getPdf({ id: 'NOPE2345' }))).code).toBe('not_found')
  })

  it('keeps an area as a W3C annotation: the page (RFC 8118) refined by xywh= in PDF points, listed and cited by its page label', async () => {
    const area = await api.addAreaHighlight({ id: paper.id, area: { page: 3, x: 40.04, y: 120, width: 300.55, height: 150 }, color: 'blue', note: 'The figure' })
    expect(area).toMatchObject({ quote: '', color: 'blue', note: 'The figure', orphan: false, range: null, area: { page: 3, x: 40, y: 120, width: 300.6, height: 150 } })
    expect(area.pages).toEqual({ first: 3, last: 3, firstLabel: '12', lastLabel: '12' })
    expect(area.target.selector).toEqual([
      {
        type: 'FragmentSelector',
        conformsTo: 'http://tools.ietf.org/rfc/rfc8118',
        value: 'page=3',
        refinedBy: { type: 'FragmentSelector', conformsTo: 'http://www.w3.org/TR/media-frags/', value: 'xywh=40,120,300.6,150' },
      },
    ])
    // Listed in reading order with the text highlights: at the start of its page, before a passage on it.
    const text = await api.addHighlight({ id: paper.id, quote: 'rang its bell at high water' })
    const earlier = await api.addHighlight({ id: paper.id, quote: 'kept their own hours' })
    expect((await api.listAnnotations({ id: paper.id })).highlights.map((highlight) => highlight.id)).toEqual([earlier.id, area.id, text.id])

    const cited = await api.cite({ id: paper.id, highlightId: area.id, style: 'apa', locale: 'en-US' })
    expect(cited.text.split('\n')[0]).toMatch(/^\(.*p\. 12\)$/)
    expect(cited.pandoc).toBe(`[@${paper.citekey}, p. 12]`)
    expect(cited.latex).toBe(`\\parencite[12]{${paper.citekey}}`)

    const markdown = (await api.exportAnnotations({ id: paper.id, format: 'markdown' })).content
    expect(markdown).toContain('> *Area of the page (xywh=40,120,300.6,150, in PDF points)*\n> — p. 12')
    expect(markdown).toContain('The figure')
    const jsonld = JSON.parse((await api.exportAnnotations({ id: paper.id, format: 'jsonld' })).content)
    const exported = jsonld.first.items.find((item: { id: string }) => item.id.endsWith(area.id))
    expect(exported.target.selector).toEqual(area.target.selector)

    // Exported and imported again into another copy of the paper, it stays the same rectangle on the same page.
    const [copy] = (await api.importFiles({ files: [{ name: 'copy.pdf', dataBase64: Buffer.from(pdfBytes).toString('base64') }], allowDuplicate: true })).added
    expect(await api.importAnnotations({ id: copy.id, content: JSON.stringify(jsonld) })).toEqual({ imported: 3, unchanged: 0, orphaned: 0 })
    expect((await api.listAnnotations({ id: copy.id })).highlights.find((highlight) => highlight.area)?.area).toEqual(area.area)

    // Undo of the reader deletes and restores it like any highlight.
    await api.deleteAnnotation({ id: paper.id, annotationId: area.id })
    expect((await api.listAnnotations({ id: paper.id })).highlights.some((highlight) => highlight.id === area.id)).toBe(false)
    await api.restoreAnnotation({ id: paper.id, annotationId: area.id })
    expect((await api.listAnnotations({ id: paper.id })).highlights.some((highlight) => highlight.id === area.id)).toBe(true)
  })

  it('refuses an area on an item that is no PDF, on a page the PDF lacks, or without a size, in one sentence each', async () => {
    expect(await refusal(api.addAreaHighlight({ id: article.id, area: { page: 1, x: 0, y: 0, width: 10, height: 10 } }))).toEqual({
      code: 'invalid_argument',
      message: 'korea-liaison-office-2018.txt is not a PDF; an area can only be highlighted on a page of a PDF.',
    })
    expect(await refusal(api.addAreaHighlight({ id: paper.id, area: { page: 4, x: 0, y: 0, width: 10, height: 10 } }))).toEqual({
      code: 'invalid_argument',
      message: 'tidal-clocks.pdf has 3 pages; there is no page 4.',
    })
    expect(await refusal(api.addAreaHighlight({ id: paper.id, area: { page: 1, x: 0, y: 0, width: 0, height: 10 } }))).toEqual({
      code: 'invalid_argument',
      message: 'Invalid argument to addAreaHighlight: area.width must be more than 0.',
    })
  })

  it('sets aside an area whose rectangle is damaged in the file, and an import of one is refused', async () => {
    const bad = {
      id: 'urn:other:1',
      type: 'Annotation',
      motivation: 'highlighting',
      created: '2026-01-01T00:00:00Z',
      modified: '2026-01-01T00:00:00Z',
      body: [],
      target: { source: 'x', selector: [{ type: 'FragmentSelector', value: 'page=1', refinedBy: { type: 'FragmentSelector', value: 'xywh=1,2,-3,4' } }] },
    }
    expect(await refusal(api.importAnnotations({ id: paper.id, content: JSON.stringify([bad]) }))).toEqual({
      code: 'invalid_argument',
      message: 'Entry 1 of the annotations file has an area selector that names no page and rectangle (page=N refined by xywh=x,y,w,h); nothing was imported.',
    })
  })
})
