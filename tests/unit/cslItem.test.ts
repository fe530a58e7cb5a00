import { describe, expect, it } from 'vitest'
import { formatAuthor, formatPartialDate, parseAuthor, parsePartialDate, yearOf } from '../../electron/core/cslItem'

describe('parsePartialDate', () => {
  it('parses a year, a year and month, and a full date', () => {
    expect(parsePartialDate('2018')).toEqual({ 'date-parts': [[2018]] })
    expect(parsePartialDate('2018-09')).toEqual({ 'date-parts': [[2018, 9]] })
    expect(parsePartialDate('2018-09-14')).toEqual({ 'date-parts': [[2018, 9, 14]] })
    expect(parsePartialDate('  2018-12-31 ')).toEqual({ 'date-parts': [[2018, 12, 31]] })
  })

  it('refuses months and days that do not exist', () => {
    expect(parsePartialDate('2018-13')).toBeUndefined()
    expect(parsePartialDate('2018-00')).toBeUndefined()
    expect(parsePartialDate('2018-09-00')).toBeUndefined()
    expect(parsePartialDate('2018-09-31')).toBeUndefined()
    expect(parsePartialDate('2018-02-30')).toBeUndefined()
  })

  it('knows leap days', () => {
    expect(parsePartialDate('2020-02-29')).toEqual({ 'date-parts': [[2020, 2, 29]] })
    expect(parsePartialDate('2019-02-29')).toBeUndefined()
    expect(parsePartialDate('2000-02-29')).toEqual({ 'date-parts': [[2000, 2, 29]] })
    expect(parsePartialDate('1900-02-29')).toBeUndefined()
  })

  it('refuses other shapes', () => {
    for (const text of ['', '18', '2018-9', '2018-09-1', '14-09-2018', '2018/09/14', '2018-09-14T10:00', 'September 2018']) {
      expect(parsePartialDate(text), text).toBeUndefined()
    }
  })
})

describe('formatPartialDate', () => {
  it('round-trips what parsePartialDate reads', () => {
    for (const text of ['2018', '2018-09', '2018-09-14', '0800-01-05']) {
      expect(formatPartialDate(parsePartialDate(text))).toBe(text)
    }
  })

  it('pads parts', () => {
    expect(formatPartialDate({ 'date-parts': [[998, 1, 2]] })).toBe('0998-01-02')
  })

  it('falls back to the literal, then the raw text, then an empty string', () => {
    expect(formatPartialDate({ literal: 'Spring 2018', raw: 'spring 18' })).toBe('Spring 2018')
    expect(formatPartialDate({ raw: '14 September 2018' })).toBe('14 September 2018')
    expect(formatPartialDate({ 'date-parts': [] })).toBe('')
    expect(formatPartialDate(undefined)).toBe('')
  })
})

describe('parseAuthor', () => {
  it('reads "Family, Given" as a personal name', () => {
    expect(parseAuthor('Müller, Hans')).toEqual({ family: 'Müller', given: 'Hans' })
    expect(parseAuthor('  de Vries ,   Jan  Peter ')).toEqual({ family: 'de Vries', given: 'Jan Peter' })
  })

  it('reads a family name with a trailing comma as a family name alone', () => {
    expect(parseAuthor('Müller,')).toEqual({ family: 'Müller' })
  })

  it('keeps a name without a comma whole as a literal, with whitespace collapsed', () => {
    expect(parseAuthor('Reuters')).toEqual({ literal: 'Reuters' })
    expect(parseAuthor(' World  Health\tOrganization ')).toEqual({ literal: 'World Health Organization' })
  })
})

describe('formatAuthor', () => {
  it('writes "Family, Given", the family alone, or the literal', () => {
    expect(formatAuthor({ family: 'Müller', given: 'Hans' })).toBe('Müller, Hans')
    expect(formatAuthor({ family: 'Müller' })).toBe('Müller')
    expect(formatAuthor({ literal: 'Reuters', family: 'ignored' })).toBe('Reuters')
  })

  it('puts a non-dropping particle before the family name', () => {
    expect(formatAuthor({ family: 'Vries', given: 'Jan', 'non-dropping-particle': 'de' })).toBe('de Vries, Jan')
  })

  it('is read back by parseAuthor', () => {
    for (const name of [{ family: 'Müller', given: 'Hans' }, { family: 'de Vries', given: 'Jan' }, { literal: 'Reuters' }]) {
      expect(parseAuthor(formatAuthor(name))).toEqual(name)
    }
  })
})

describe('yearOf', () => {
  it('gives the first date part, or undefined', () => {
    expect(yearOf({ id: 'x', type: 'article', issued: { 'date-parts': [[2018, 9]] } })).toBe(2018)
    expect(yearOf({ id: 'x', type: 'article', issued: { raw: '2018' } })).toBeUndefined()
    expect(yearOf({ id: 'x', type: 'article' })).toBeUndefined()
  })
})
