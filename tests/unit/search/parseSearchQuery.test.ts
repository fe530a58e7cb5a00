import { describe, expect, it } from 'vitest'
import { parseSearchQuery } from '../../../electron/core/search/parseSearchQuery'
import { FIELD_BIT, ALL_FIELDS } from '../../../electron/core/search/searchFields'

describe('parseSearchQuery', () => {
  it('reads words, phrases, OR, exclusions and filters', () => {
    const parsed = parseSearchQuery('Kaesong "nieuw tijdperk" seoul OR pyongyang -trump author:vries year:2015..2019 tag:Korea type:article lang:nl ')
    expect(parsed.clauses).toEqual([
      [{ kind: 'word', word: 'kaesong', prefix: false, fields: ALL_FIELDS }],
      [{ kind: 'phrase', words: ['nieuw', 'tijdperk'], fields: ALL_FIELDS }],
      [
        { kind: 'word', word: 'seoul', prefix: false, fields: ALL_FIELDS },
        { kind: 'word', word: 'pyongyang', prefix: false, fields: ALL_FIELDS },
      ],
      [{ kind: 'word', word: 'vries', prefix: false, fields: FIELD_BIT.author }],
    ])
    expect(parsed.excluded).toEqual([{ kind: 'word', word: 'trump', prefix: false, fields: ALL_FIELDS }])
    expect(parsed.filters).toEqual({ tags: ['korea'], collections: [], type: 'article', language: 'nl', yearFrom: 2015, yearTo: 2019 })
  })

  it('reads pasted text with a colon as text, not as an unknown filter', () => {
    expect(parseSearchQuery('Korea: een nieuw tijdperk ').clauses).toEqual(
      ['korea', 'een', 'nieuw', 'tijdperk'].map((word) => [{ kind: 'word', word, prefix: false, fields: ALL_FIELDS }]),
    )
    expect(parseSearchQuery('https://nos.nl/artikel ').clauses).toEqual([[{ kind: 'phrase', words: ['https', 'nos', 'nl', 'artikel'], fields: ALL_FIELDS }]])
  })

  it('takes the last word as a prefix unless a space follows, and curly quotes as quotes', () => {
    expect(parseSearchQuery('tijdp').clauses[0][0]).toMatchObject({ prefix: true })
    expect(parseSearchQuery('tijdp ').clauses[0][0]).toMatchObject({ prefix: false })
    expect(parseSearchQuery('“nieuw tijdperk”').clauses[0][0]).toMatchObject({ kind: 'phrase', words: ['nieuw', 'tijdperk'] })
    expect(parseSearchQuery("zo’n").clauses[0][0]).toMatchObject({ word: "zo'n" })
  })

  it('reads filter names in any case', () => {
    expect(parseSearchQuery('Author:Vries ').clauses[0][0]).toEqual({ kind: 'word', word: 'vries', prefix: false, fields: FIELD_BIT.author })
  })

  it('limits every term to notes or highlights with in:', () => {
    expect(parseSearchQuery('vrede in:notes').clauses[0][0].fields).toBe(FIELD_BIT.notes)
    expect(parseSearchQuery('in:notes in:highlights vrede').clauses[0][0].fields).toBe(FIELD_BIT.notes | FIELD_BIT.highlights)
  })

  it.each([
    ['"een nieuw', 'The quote opened at character 1 is never closed; add a closing ".'],
    ['OR vrede', 'OR needs something to look for on each side, as in: kaesong OR pyongyang.'],
    ['vrede OR', 'OR needs something to look for on each side, as in: kaesong OR pyongyang.'],
    ['year:18', 'year: takes a year such as year:2018 or a range such as year:2015..2019, not "18".'],
    ['year:2019..2015', 'The range year:2019..2015 ends before it starts; write year:2015..2019.'],
    ['in:text vrede', 'in: takes notes or highlights, not "text".'],
    ['colour:red', 'There is no filter "colour:"; the filters are author:, title:, tag:, collection:, type:, lang:, year: and in:.'],
    ['author:', 'author: needs a value after the colon, as in author:vries.'],
    ['-vrede', 'A query needs something to look for besides what it excludes.'],
    ['constructor:x', 'There is no filter "constructor:"; the filters are author:, title:, tag:, collection:, type:, lang:, year: and in:.'],
    ['in:constructor', 'in: takes notes or highlights, not "constructor".'],
  ])('refuses %s with a sentence', (query, message) => {
    expect(() => parseSearchQuery(query)).toThrow(message)
  })
})
