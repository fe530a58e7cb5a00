import { describe, expect, it } from 'vitest'
import { normalizeDocument, normalizeForMatching } from '../../../electron/core/anchoring/normalizeForMatching'
import { SAMPLE } from './sample'

describe('normalizeForMatching', () => {
  it('folds curly quotes, primes and apostrophes into straight ones', () => {
    expect(normalizeForMatching('zo’n “vrede” ‘hier’ „daar‟ ‚zo‛ 5′ 6″')).toBe(`zo'n "vrede" 'hier' "daar" 'zo' 5' 6"`)
  })

  it('turns line breaks, tabs and Unicode spaces into plain spaces', () => {
    expect(normalizeForMatching('een\nnieuw\r\ntijdperk\u00A0van\u2009vrede\u202Fen\u3000rust\tnu')).toBe('een nieuw  tijdperk van vrede en rust nu')
  })

  it('leaves dashes, letters and accents alone', () => {
    const text = 'Noord-Korea, 2016–2018 — Eenwording, café'
    expect(normalizeForMatching(text)).toBe(text)
  })

  it('keeps every offset: the folded sample is exactly as long as the sample', () => {
    const folded = normalizeForMatching(SAMPLE)
    expect(folded).toHaveLength(SAMPLE.length)
    expect(folded.indexOf('"een nieuw tijdperk van vrede"')).toBe(SAMPLE.indexOf('“een nieuw tijdperk van vrede”'))
    expect(folded).not.toMatch(/[’“”\n]/)
  })

  it('folds a whole article the same way, also when asked again for another one', () => {
    expect(normalizeDocument(SAMPLE)).toBe(normalizeForMatching(SAMPLE))
    expect(normalizeDocument('zo’n\ntwintig')).toBe("zo'n twintig")
    expect(normalizeDocument(SAMPLE)).toBe(normalizeForMatching(SAMPLE))
  })
})
