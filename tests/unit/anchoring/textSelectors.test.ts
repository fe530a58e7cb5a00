import { describe, expect, it } from 'vitest'
import { describeTextRange } from '../../../electron/core/anchoring/textSelectors'
import { SAMPLE } from './sample'

describe('describeTextRange', () => {
  it('stores the quote with 32 characters of context on each side', () => {
    expect(describeTextRange(SAMPLE, { start: 938, end: 966 })).toEqual({
      quote: {
        type: 'TextQuoteSelector',
        exact: 'een nieuw tijdperk van vrede',
        prefix: 'ing, Cho Myoung-gyon, kondigde “',
        suffix: '” aan.\n\nHet verbindingsbureau is',
      },
      position: { type: 'TextPositionSelector', start: 938, end: 966 },
    })
  })

  it('stores less context where the text begins or ends', () => {
    const atStart = describeTextRange(SAMPLE, { start: 14, end: 39 })
    expect(atStart.quote.exact).toBe('Noord- en Zuid-Korea hebb')
    expect(atStart.quote.prefix).toBe(' date 2018-09 ')
    expect(atStart.quote.suffix).toHaveLength(32)

    const first = describeTextRange(SAMPLE, { start: 0, end: 5 })
    expect(first.quote.prefix).toBe('')

    const last = describeTextRange(SAMPLE, { start: SAMPLE.length - 16, end: SAMPLE.length - 1 })
    expect(last.quote).toMatchObject({ exact: 'Kim in zicht is', suffix: '.' })
    expect(last.quote.prefix).toHaveLength(32)
    expect(describeTextRange(SAMPLE, { start: SAMPLE.length - 9, end: SAMPLE.length }).quote.suffix).toBe('')
  })

  it('does not cut an emoji in half at the edge of the context', () => {
    // 32 code units before and after "vlag" begin and end inside an emoji's surrogate pair.
    const text = `Seoul 🙂${'a'.repeat(30)} vlag ${'b'.repeat(30)}🙂 Kaesong`
    const start = text.indexOf('vlag')
    const { quote } = describeTextRange(text, { start, end: start + 4 })
    expect(quote.prefix).toBe(`${'a'.repeat(30)} `)
    expect(quote.suffix).toBe(` ${'b'.repeat(30)}`)
  })

  it('refuses ranges that are empty, reversed or outside the text', () => {
    expect(() => describeTextRange(SAMPLE, { start: 10, end: 10 })).toThrow(RangeError)
    expect(() => describeTextRange(SAMPLE, { start: 20, end: 10 })).toThrow(RangeError)
    expect(() => describeTextRange(SAMPLE, { start: -1, end: 10 })).toThrow(RangeError)
    expect(() => describeTextRange(SAMPLE, { start: 0, end: SAMPLE.length + 1 })).toThrow(RangeError)
  })
})
