import { describe, expect, it } from 'vitest'
import type { Item } from '../../../electron/core/archiveApi'
import { exportReferences } from '../../../electron/core/citations/exportReferences'
import type { CslItem } from '../../../electron/core/cslItem'
import { readReferences } from '../../../electron/core/references/readReferences'

// What citation-js alone would lose on the way out, each met in a real Mendeley export
// (tests/fixtures/references/real/mendeley-web-page.bib), here one by one.
const ITEMS: Partial<CslItem>[] = [
  {
    type: 'article-journal',
    title: 'Science Fiction– and Fantasy‐Based: 海外英语 a…b ½ µ ™ Жж α ≤',
    'container-title': '海外英语(中旬刊)',
    abstract: 'high‐interest a… “q” ſ ÷',
    author: [
      { family: '耿秀萍' },
      { family: 'La Rosa', 'non-dropping-particle': 'de', given: 'Javier' },
      { family: 'Learned Societies', 'non-dropping-particle': 'of', given: 'American Council' },
      { family: 'Arts National Endowment for', 'non-dropping-particle': 'the' },
    ],
    issued: { 'date-parts': [[2016, 2]] },
  },
  { type: 'webpage', title: 'So People Disagree', 'container-title': 'School Library Journal', URL: 'https://example.org/a', issued: { 'date-parts': [[2016]] }, volume: '2020', issue: 'Feb 5,' },
  { type: 'thesis', title: 'Determining How', 'container-title': 'ProQuest Dissertations and Theses', author: [{ family: 'Calhoun', given: 'Christie' }], issued: { 'date-parts': [[2018]] } },
  { type: 'document', title: 'The Analysis of Power', 'container-title': 'The Lion and the Unicorn', volume: '21', issue: '2', page: '299-303', issued: { 'date-parts': [[2013, 31]] } },
  { type: 'chapter', title: 'Ideology', 'container-title': 'Handbook of Research', author: [{ family: 'McCallum', given: 'Robyn' }], issued: { 'date-parts': [[2010]] } },
  // As BibTeX and biber read `Ryszard Michalski, Jaime G. Carbonell, and Tom M. Mitchell` (zotero-bbt-parentheses.bib).
  { type: 'book', title: 'Machine Learning', author: [{ family: 'Ryszard Michalski', suffix: 'Jaime G. Carbonell' }, { family: 'Mitchell', given: 'Tom M.' }], issued: { 'date-parts': [[1983]] } },
]

const items = ITEMS.map((csl, index) => ({ id: `I${index}`, citekey: `key${index}`, csl: { ...csl, id: `I${index}` }, tags: [], addedAt: '', modifiedAt: '', trashedAt: null }) as unknown as Item)
const sorted = (value: unknown) => JSON.stringify(Array.isArray(value) ? value.map((name) => Object.fromEntries(Object.entries(name as object).sort())) : value)

describe.each(['bibtex', 'biblatex'] as const)('the %s export', (format) => {
  it('reads back every character, name part, container, number and month it was given', async () => {
    const { content, warnings } = await exportReferences(items, format, 'apa', 'en-US')
    const back = await readReferences(content, 'again.bib', 'bibtex')
    expect(back.problems).toEqual([])
    for (const [index, entry] of back.entries.entries()) {
      for (const field of ['type', 'title', 'container-title', 'abstract', 'author', 'volume', 'issue', 'page', 'issued'] as const) {
        expect(sorted(entry.csl[field]), `${entry.key} ${field}`).toBe(sorted(ITEMS[index][field]))
      }
    }
    // Particles stay outside the braces of a family of several words; a name with no given name ends without a comma.
    expect(content).toContain('de {La Rosa}, Javier and of {Learned Societies}, American Council and the {Arts National Endowment for}}')
    // A site, a database or a journal the type has no field for is printed after the title, where biber accepts it.
    expect(content).toMatch(/@online\{key1,[^@]*titleaddon = \{School \{?Library\}? \{?Journal\}?\}/)
    expect(content).toMatch(/@thesis\{key2,[^@]*titleaddon = /)
    // A chapter without editors is an @inbook, which needs none; what biber will still miss is said.
    expect(content).toContain('@inbook{key4,')
    expect(warnings).toContain('key1 has volume, issue, for which a @online entry has no field; kept (pandoc reads it), biber will warn about it.')
  })
})
