import { describe, expect, it } from 'vitest'
import { findQuoteOccurrences, selectOccurrence } from '../../../electron/core/anchoring/findQuote'
import { SAMPLE } from './sample'

describe('findQuoteOccurrences', () => {
  it('finds every occurrence of a repeated name', () => {
    expect(findQuoteOccurrences(SAMPLE, 'Pyongyang')).toEqual([341, 1355, 1484, 1602, 1793])
  })

  it('matches a straight apostrophe and straight quotes typed on the command line', () => {
    expect(findQuoteOccurrences(SAMPLE, "zo'n")).toEqual([528, 781])
    expect(findQuoteOccurrences(SAMPLE, '"een nieuw tijdperk van vrede"')).toEqual([937])
  })

  it('matches a quote typed on one line across a paragraph break', () => {
    expect(findQuoteOccurrences(SAMPLE, 'Wereldoorlog.  Tot nu toe')).toEqual([300])
  })

  it('finds nothing for a missing or empty quote, and counts overlapping occurrences', () => {
    expect(findQuoteOccurrences(SAMPLE, 'Pjongjang')).toEqual([])
    expect(findQuoteOccurrences(SAMPLE, '')).toEqual([])
    expect(findQuoteOccurrences('Eén Korea! Korea! Korea!', 'Korea! Korea!')).toEqual([4, 11])
  })
})

describe('selectOccurrence', () => {
  it('returns the range of a quote that occurs once', () => {
    expect(selectOccurrence(SAMPLE, 'een nieuw tijdperk van vrede')).toEqual({ start: 938, end: 966 })
    expect(selectOccurrence(SAMPLE, "zo'n twintig ambtenaren")).toEqual({ start: 528, end: 551 })
  })

  it('refuses a quote that is not in the text', () => {
    expect(selectOccurrence(SAMPLE, 'een nieuw tijdperk van oorlog')).toEqual({ reason: 'not_found' })
  })

  it('refuses a repeated quote without a choice, and says how often it occurs', () => {
    expect(selectOccurrence(SAMPLE, 'Pyongyang')).toEqual({ reason: 'ambiguous', count: 5 })
    expect(selectOccurrence(SAMPLE, "zo'n")).toEqual({ reason: 'ambiguous', count: 2 })
  })

  it('takes the N-th occurrence, counted from 1', () => {
    expect(selectOccurrence(SAMPLE, 'Pyongyang', { occurrence: 1 })).toEqual({ start: 341, end: 350 })
    expect(selectOccurrence(SAMPLE, 'Pyongyang', { occurrence: 3 })).toEqual({ start: 1484, end: 1493 })
    expect(selectOccurrence(SAMPLE, 'Pyongyang', { occurrence: 6 })).toEqual({ reason: 'not_found' })
    expect(() => selectOccurrence(SAMPLE, 'Pyongyang', { occurrence: 0 })).toThrow(RangeError)
  })

  it('narrows by the text just before or after the quote', () => {
    expect(selectOccurrence(SAMPLE, 'Pyongyang', { prefix: 'een top in ' })).toEqual({ start: 1355, end: 1364 })
    expect(selectOccurrence(SAMPLE, 'Pyongyang', { suffix: ' helemaal niet' })).toEqual({ start: 1602, end: 1611 })
    expect(selectOccurrence(SAMPLE, "zo'n", { suffix: ' vijftig' })).toEqual({ start: 781, end: 785 })
    expect(selectOccurrence(SAMPLE, 'Pyongyang', { prefix: 'tussen ', suffix: ' en Washington' })).toEqual({ start: 1484, end: 1493 })
  })

  it('counts the occurrence among those that fit the context, and refuses context that fits none', () => {
    expect(selectOccurrence(SAMPLE, 'Pyongyang', { suffix: ' ' })).toEqual({ reason: 'ambiguous', count: 4 })
    expect(selectOccurrence(SAMPLE, 'Pyongyang', { suffix: ' ', occurrence: 2 })).toEqual({ start: 1484, end: 1493 })
    expect(selectOccurrence(SAMPLE, 'Pyongyang', { suffix: ' ', occurrence: 3 })).toEqual({ start: 1602, end: 1611 })
    expect(selectOccurrence(SAMPLE, 'Pyongyang', { prefix: 'naar ' })).toEqual({ reason: 'not_found' })
  })
})
