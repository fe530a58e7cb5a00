// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { findInString } from '../../../renderer/src/findInText'
import { mapTextLayer } from '../../../renderer/src/pdf/pdfTextLayer'
import { markFindMatchesInLayer, markSearchMatchInLayer } from '../../../renderer/src/pdf/pdfTextMarks'

// Words of the real CC BY preprint in tests/fixtures/pdfs (SOURCES.md): the title line for page 1, and the
// start of page 2 in two spans broken at "signif-" as a line ends there, which the importer archived joined.
const PAGE_ONE = 'Full vector inversion of magnetic microscopy images\n'
const PAGE_TWO = 'where it is possible to perform punctual analysis and compositional maps, allowing significant advances in the understanding of igneous, metamorphic and sedimentary processes'
const ARCHIVED = PAGE_ONE + PAGE_TWO
const SPANS = ['where it is possible to perform punctual analysis and compositional maps, allowing signif-', 'icant advances in the understanding of igneous, metamorphic and sedimentary processes']

function drawnLayer(): HTMLElement {
  document.body.innerHTML = `<div class="textLayer">${SPANS.map((text) => `<span role="presentation">${text}</span>`).join('<br role="presentation">')}</div>`
  return document.body.firstElementChild as HTMLElement
}

const joined = (layer: HTMLElement, selector: string) => [...layer.querySelectorAll(selector)].map((mark) => mark.textContent).join('')

describe('marks of search and find on a PDF page’s text layer', () => {
  it('marks a match of the archived text over the spans it was drawn in, the dropped hyphen included, numbered as in the whole PDF', () => {
    const layer = drawnLayer()
    const mapped = mapTextLayer(2, layer, ARCHIVED, PAGE_ONE.length, ARCHIVED.length)
    const matches = findInString(ARCHIVED, 'SIGNIFICANT')
    expect(matches).toEqual([{ start: ARCHIVED.indexOf('significant'), end: ARCHIVED.indexOf('significant') + 11 }])
    const current = markFindMatchesInLayer(mapped, matches, 0)
    expect(current?.textContent).toBe('signif-')
    expect(joined(layer, 'mark.find-match.current')).toBe('signif-icant')
    // Marks add elements, never text: the spans read as they were drawn.
    expect([...layer.querySelectorAll('span[role="presentation"]')].map((span) => span.textContent)).toEqual(SPANS)

    // "ma" occurs twice on page 1 (magnetic, images), once on page 2 (maps): the page's mark keeps the whole PDF's number.
    const everywhere = findInString(ARCHIVED, 'ma')
    const onPageOne = everywhere.filter((match) => match.start < PAGE_ONE.length).length
    expect(onPageOne).toBe(2)
    markFindMatchesInLayer(mapped, everywhere, onPageOne)
    expect([...layer.querySelectorAll<HTMLElement>('mark.find-match')].map((mark) => mark.dataset.find)).toEqual([String(onPageOne)])
    expect(joined(layer, 'mark.find-match.current')).toBe('ma')
    expect(layer.querySelector('mark.find-match.current')?.nextSibling?.textContent).toMatch(/^ps, allowing/)

    markFindMatchesInLayer(mapped, [], -1)
    expect(layer.querySelectorAll('mark')).toHaveLength(0)
    expect(layer.querySelectorAll('span[role="presentation"]')[0].childNodes).toHaveLength(1)
  })

  it('draws the search match as its own mark, and takes it away again', () => {
    const layer = drawnLayer()
    const mapped = mapTextLayer(2, layer, ARCHIVED, PAGE_ONE.length, ARCHIVED.length)
    const start = ARCHIVED.indexOf('significant advances')
    const first = markSearchMatchInLayer(mapped, { start, end: start + 'significant advances'.length })
    expect(first?.className).toBe('search-match')
    expect(joined(layer, 'mark.search-match')).toBe('signif-icant advances')
    // A match on another page marks nothing here.
    markSearchMatchInLayer(mapped, { start: 0, end: 4 })
    expect(layer.querySelectorAll('mark')).toHaveLength(0)
    markSearchMatchInLayer(mapped, { start, end: start + 11 })
    markSearchMatchInLayer(mapped, null)
    expect(layer.querySelectorAll('mark')).toHaveLength(0)
  })
})
