import { describe, expect, it } from 'vitest'
import { parsePersonName } from '../../../electron/core/capture/parsePersonName'
import { parseLooseDate } from '../../../electron/core/capture/parseLooseDate'
import { stripSiteName } from '../../../electron/core/capture/stripSiteName'

describe('parsePersonName', () => {
  it.each([
    ['Jan de Vries', { given: 'Jan', 'non-dropping-particle': 'de', family: 'Vries' }],
    ['Anna van der Berg', { given: 'Anna', 'non-dropping-particle': 'van der', family: 'Berg' }],
    ['Vries, Jan de', { given: 'Jan', 'non-dropping-particle': 'de', family: 'Vries' }],
    ['van der Berg, Anna', { given: 'Anna', 'non-dropping-particle': 'van der', family: 'Berg' }],
    ['Ruud van den Heuvel', { given: 'Ruud', 'non-dropping-particle': 'van den', family: 'Heuvel' }],
    ['Kim, Min-jun', { given: 'Min-jun', family: 'Kim' }],
    ['Door Pieter Jansen', { given: 'Pieter', family: 'Jansen' }],
    ['Mary Ann Smith', { given: 'Mary Ann', family: 'Smith' }],
    ['Martin Luther King Jr.', { given: 'Martin Luther', family: 'King', suffix: 'Jr.' }],
    ['Reuters', { literal: 'Reuters' }],
  ])('reads "%s"', (text, expected) => {
    expect(parsePersonName(text)).toEqual(expected)
  })

  it('ignores an author link instead of a name', () => {
    expect(parsePersonName('https://www.facebook.com/someone')).toBeUndefined()
  })
})

describe('parseLooseDate', () => {
  it.each([
    ['2018-09-14T23:30:00-05:00', [2018, 9, 14]],
    ['2019/03/15', [2019, 3, 15]],
    ['2019', [2019]],
    ['14 september 2018', [2018, 9, 14]],
    ['14 mei 2018', [2018, 5, 14]],
    ['September 14, 2018', [2018, 9, 14]],
  ])('reads "%s" as written, not as UTC', (text, parts) => {
    expect(parseLooseDate(text)).toEqual({ 'date-parts': [parts] })
  })

  it('refuses what is no date', () => {
    expect(parseLooseDate('yesterday')).toBeUndefined()
    expect(parseLooseDate('2018-13-01')).toBeUndefined()
  })
})

describe('stripSiteName', () => {
  it('drops the site name before or after a separator, and keeps a title that is only the name', () => {
    expect(stripSiteName('Grens open | NOS', ['NOS'])).toBe('Grens open')
    expect(stripSiteName('NOS - Grens open', ['NOS'])).toBe('Grens open')
    expect(stripSiteName('Wandelen – Ruud’s Reisblog', ['Ruud’s Reisblog'])).toBe('Wandelen')
    expect(stripSiteName('NOS', ['NOS'])).toBe('NOS')
    expect(stripSiteName('Self-help for NOS readers', ['NOS'])).toBe('Self-help for NOS readers')
  })
})
