import { describe, expect, it } from 'vitest'
import { alignTextLayer } from '../../../renderer/src/pdf/alignTextLayer'

/** The archived text a span's characters i..j cover, as the reader reads a selection over them. */
const covered = (page: string, offsets: number[][], span: number, from: number, to: number) => page.slice(offsets[span][from], offsets[span][to])

describe('alignTextLayer: text-layer spans to offsets in the page text the importer archived', () => {
  it('maps spans read in the same order, with the blank between lines the importer put there', () => {
    const page = 'The harbour of Vlissingen rang its bell\nat high water.'
    const spans = ['The harbour of Vlissingen ', 'rang its bell', 'at high water.']
    const offsets = alignTextLayer(page, spans)
    expect(offsets.map((row) => row.length)).toEqual(spans.map((span) => span.length + 1))
    expect(covered(page, offsets, 1, 0, 13)).toBe('rang its bell')
    expect(page.slice(offsets[1][5], offsets[2][6])).toBe('its bell\nat hig')
  })

  it('counts a ligature pdf.js leaves unnormalized as the letters the archive holds', () => {
    const page = 'a significant find'
    const offsets = alignTextLayer(page, ['a signi\ufb01cant find'])
    // "signiﬁcant" is ten characters in the span (one for "ﬁ"), eleven in the archive.
    expect(page.slice(offsets[0][2], offsets[0][12])).toBe('significant')
    expect(page.slice(offsets[0][7], offsets[0][8])).toBe('fi')
    expect(page.slice(offsets[0][8], offsets[0][17])).toBe('cant find')
  })

  it('skips the hyphen the importer dropped where it joined a word broken at a line end', () => {
    const page = 'allowing significant advances'
    const offsets = alignTextLayer(page, ['allowing signif-', 'icant advances'])
    expect(page.slice(offsets[0][0], offsets[1][14])).toBe('allowing significant advances')
    expect(page.slice(offsets[0][9], offsets[1][5])).toBe('significant')
  })

  it('takes runs of blanks as one, as the importer collapsed them, and a character outside the BMP as its two units', () => {
    const page = 'grains (\u226b 1 \u00b5m) and 𝛼 particles'
    const offsets = alignTextLayer(page, ['grains (', '\u226b', ' ', '1', ' ', '\u00b5m)   and 𝛼 particles'])
    const last = offsets[5]
    expect(page.slice(offsets[1][0], last[3])).toBe('\u226b 1 \u00b5m)')
    expect(page.slice(last[6], last.at(-1))).toBe('and 𝛼 particles')
  })

  it('finds its place again after a glyph the archive holds differently, so later spans stay right', () => {
    const page = 'before ? after and the rest'
    const offsets = alignTextLayer(page, ['before \u2042 after', ' and the rest'])
    expect(page.slice(offsets[0][9], offsets[0][14])).toBe('after')
    expect(page.slice(offsets[1][1], offsets[1][13])).toBe('and the rest')
  })
})
