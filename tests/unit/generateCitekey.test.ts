import { describe, expect, it } from 'vitest'
import { parseAuthor, type CslItem } from '../../electron/core/cslItem'
import { foldToAscii, generateCitekey } from '../../electron/core/generateCitekey'

function item(fields: Partial<CslItem>): CslItem {
  return { id: 'ITEM0001', type: 'article', ...fields }
}

const free = () => false

describe('foldToAscii', () => {
  it('folds accents, ß, case and drops everything else', () => {
    expect(foldToAscii('Müller')).toBe('muller')
    expect(foldToAscii('Straße')).toBe('strasse')
    expect(foldToAscii('Zuid-Korea’s')).toBe('zuidkoreas')
    expect(foldToAscii('Ça va, Ñandú?')).toBe('cavanandu')
    expect(foldToAscii('김정은')).toBe('')
  })
})

describe('generateCitekey', () => {
  it('joins the first author family, the year and the first significant title word', () => {
    const csl = item({
      title: 'Die Grenze ist offen',
      author: [{ family: 'Müller', given: 'Hans' }, { family: 'Smith' }],
      issued: { 'date-parts': [[2018, 9, 14]] },
    })
    expect(generateCitekey(csl, free)).toBe('muller2018grenze')
  })

  it('keeps a particle that is part of the family name, and drops one kept apart', () => {
    const title = 'Het einde van de oorlog'
    const issued = { 'date-parts': [[2018]] }
    expect(generateCitekey(item({ title, issued, author: [parseAuthor('de Vries, Jan')] }), free)).toBe('devries2018einde')
    expect(
      generateCitekey(item({ title, issued, author: [{ family: 'Vries', given: 'Jan', 'non-dropping-particle': 'de' }] }), free),
    ).toBe('vries2018einde')
  })

  it('uses the first word of a literal name', () => {
    const csl = item({ title: 'Annual report', author: [{ literal: 'Reuters News Agency' }], issued: { 'date-parts': [[2020]] } })
    expect(generateCitekey(csl, free)).toBe('reuters2020annual')
  })

  it('skips a leading article in a literal name', () => {
    const csl = item({ title: 'Annual report', author: [{ literal: 'The Guardian' }], issued: { 'date-parts': [[2020]] } })
    expect(generateCitekey(csl, free)).toBe('guardian2020annual')
  })

  it('without an author, uses the first two significant title words around the year', () => {
    const csl = item({
      title: 'Noord- en Zuid-Korea hebben vrijdag een verbindingsbureau geopend',
      issued: { 'date-parts': [[2018, 9]] },
    })
    expect(generateCitekey(csl, free)).toBe('noord2018zuidkorea')
  })

  it('splits title words on dashes, slashes and colons, and skips stop words', () => {
    const csl = item({ title: 'The war—and/or: the peace', author: [{ family: 'Tolstoy' }] })
    expect(generateCitekey(csl, free)).toBe('tolstoywar')
  })

  it('leaves out a missing year or title word', () => {
    expect(generateCitekey(item({ author: [{ family: 'Müller' }] }), free)).toBe('muller')
    expect(generateCitekey(item({ title: 'Of the' }), free)).toBe('item')
    expect(generateCitekey(item({ issued: { 'date-parts': [[1999]] } }), free)).toBe('item1999')
  })

  it('appends a, b, c … on collisions', () => {
    const csl = item({ title: 'Die Grenze', author: [{ family: 'Müller' }], issued: { 'date-parts': [[2018]] } })
    const taken = new Set(['muller2018grenze'])
    const keys: string[] = []
    for (let i = 0; i < 4; i++) {
      const key = generateCitekey(csl, (candidate) => taken.has(candidate))
      keys.push(key)
      taken.add(key)
    }
    expect(keys).toEqual(['muller2018grenzea', 'muller2018grenzeb', 'muller2018grenzec', 'muller2018grenzed'])
  })

  it('continues with aa, ab … after z, without ever giving a taken key', () => {
    const csl = item({ author: [{ family: 'Kim' }], issued: { 'date-parts': [[2018]] } })
    const letters = 'abcdefghijklmnopqrstuvwxyz'
    const taken = new Set(['kim2018', ...[...letters].map((letter) => `kim2018${letter}`)])
    expect(generateCitekey(csl, (key) => taken.has(key))).toBe('kim2018aa')
    taken.add('kim2018aa')
    expect(generateCitekey(csl, (key) => taken.has(key))).toBe('kim2018ab')
    for (const letter of letters) taken.add(`kim2018a${letter}`)
    expect(generateCitekey(csl, (key) => taken.has(key))).toBe('kim2018ba')
  })
})

describe('foldToAscii: letters without a decomposition', () => {
  it('folds ø, æ, œ, ł, đ and þ instead of dropping them', () => {
    expect(foldToAscii('Øresund Łódź Æsir Œuvre Đorđe Þór')).toBe('oresundlodzaesiroeuvredordethor')
  })
})
