import { describe, expect, it } from 'vitest'
import { dateInByline, parseAuthorName, parseByline } from '../../../electron/core/capture/parseByline'

// Bylines as real pages write them (most from the saved pages in tests/fixtures/pages/real).
describe('parseByline', () => {
  it.each([
    ['By Nathan Willis\n    March 25, 2015', [{ given: 'Nathan', family: 'Willis' }]],
    ['By Nathan Willis, March 25, 2015', [{ given: 'Nathan', family: 'Willis' }]],
    ['Written by Rob Ewaschuk\n   Edited by Betsy Beyer', [{ given: 'Rob', family: 'Ewaschuk' }]],
    ['By Brenda  Goodman, MA\n  WebMD Health News\n  Reviewed by Hansa D. Bhargava, MD', [{ given: 'Brenda', family: 'Goodman' }]],
    ['Jane Roe, PhD, and John Doe MD', [{ given: 'Jane', family: 'Roe' }, { given: 'John', family: 'Doe' }]],
    ['Dr. Anna Smith', [{ given: 'Anna', family: 'Smith' }]],
    ['Bradley M. Kuhn (http://ebb.org/bkuhn/)', [{ given: 'Bradley M.', family: 'Kuhn' }]],
    ['Martin Untersinger (avec Damien Leloup et Morgane Tual)', [{ given: 'Martin', family: 'Untersinger' }, { given: 'Damien', family: 'Leloup' }, { given: 'Morgane', family: 'Tual' }]],
    ['Stella Kim, Jennifer Jett', [{ given: 'Stella', family: 'Kim' }, { given: 'Jennifer', family: 'Jett' }]],
    ['Jong, Michiel de', [{ given: 'Michiel', 'non-dropping-particle': 'de', family: 'Jong' }]],
    ['By\n\t\t\tScott Cunningham', [{ given: 'Scott', family: 'Cunningham' }]],
    ['Par Sébastien Farcis', [{ given: 'Sébastien', family: 'Farcis' }]],
    ['Author: Jane Roe', [{ given: 'Jane', family: 'Roe' }]],
    ['By JEFFREY GETTLEMAN', [{ given: 'Jeffrey', family: 'Gettleman' }]],
    ['by Lucas Nolan22 Dec 2016651', [{ given: 'Lucas', family: 'Nolan' }]],
    ['BBC News', [{ literal: 'BBC News' }]],
    ['Our Foreign Staff', [{ literal: 'Our Foreign Staff' }]],
    ['Mac & i', [{ literal: 'Mac & i' }]],
    ['Jane Doe, Associated Press', [{ given: 'Jane', family: 'Doe' }]],
    ['Jane Doe, Reuters', [{ given: 'Jane', family: 'Doe' }]],
    ['By Jane Doe, Senior Reporter', [{ given: 'Jane', family: 'Doe' }]],
    ['By The Associated Press', [{ literal: 'The Associated Press' }]],
    ['Mark Di Stefano', [{ given: 'Mark', family: 'Di Stefano' }]],
    ['Door Jan de Vries en Anna van der Berg', [{ given: 'Jan', 'non-dropping-particle': 'de', family: 'Vries' }, { given: 'Anna', 'non-dropping-particle': 'van der', family: 'Berg' }]],
  ])('reads %j', (byline, names) => {
    expect(parseByline(byline)).toEqual(names)
  })

  it.each([
    'Follow Author',
    'Last Updated: January 7, 2025',
    'April 28, 2019 at 6:01 am Updated April 29, 2019 at 3:33 pm',
    'https://www.facebook.com/someone',
    'the sharing economy is a lie',
    '',
  ])('finds no author in %j', (byline) => {
    expect(parseByline(byline)).toEqual([])
  })

  it("keeps a personal blog's name, which is its author's, as a person", () => {
    expect(parseByline('Haki Benita', { siteNames: ['Haki Benita'] })).toEqual([{ given: 'Haki', family: 'Benita' }])
    expect(parseByline('Ruud Reisblog Redactie', { siteNames: ['Ruud Reisblog Redactie'] })).toEqual([{ literal: 'Ruud Reisblog Redactie' }])
  })

  it('gives the date a byline carries', () => {
    expect(dateInByline('By Nathan Willis\n   March 25, 2015')).toBe('March 25, 2015')
    expect(dateInByline('By Nathan Willis')).toBeUndefined()
  })
})

describe('parseAuthorName', () => {
  it('takes one name, an organisation or nothing', () => {
    expect(parseAuthorName('John C. Welch')).toEqual({ given: 'John C.', family: 'Welch' })
    expect(parseAuthorName('Contributors to Wikimedia projects')).toEqual({ literal: 'Contributors to Wikimedia projects' })
    expect(parseAuthorName('mcupdate')).toEqual({ literal: 'mcupdate' })
    expect(parseAuthorName('Share on Twitter')).toBeUndefined()
    expect(parseAuthorName('x')).toBeUndefined()
  })
})
