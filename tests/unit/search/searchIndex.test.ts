import { readFile } from 'node:fs/promises'
import { beforeAll, describe, expect, it } from 'vitest'
import { importPlainText } from '../../../electron/core/importPlainText'
import { renderArticleHtml } from '../../../electron/core/articleBlocks'
import { readArticleStructure } from '../../../electron/core/readArticleStructure'
import { makeSnippets } from '../../../electron/core/search/makeSnippets'
import { parseSearchQuery } from '../../../electron/core/search/parseSearchQuery'
import type { SearchDocument } from '../../../electron/core/search/searchDocument'
import { DamagedSearchIndexError, SearchIndex } from '../../../electron/core/search/searchIndex'
import { samplePath } from '../../support/tempLibrary'

function document(id: string, fields: Partial<SearchDocument>): SearchDocument {
  return { id, stamp: '1', citekey: id, trashed: false, authorNames: [], language: 'en', type: 'article', year: 2020, date: '2020', tags: [], title: '', authors: '', container: '', abstract: '', text: '', annotations: [], ...fields }
}

const ids = (index: SearchIndex, query: string, sort: 'relevance' | 'date' = 'relevance') =>
  index.search(parseSearchQuery(query), { limit: 50, sort }).ranked.map((hit) => hit.doc.id)

describe('SearchIndex on the sample article', () => {
  let index: SearchIndex
  let sample: SearchDocument

  beforeAll(async () => {
    const article = importPlainText(await readFile(samplePath, 'utf8'))
    const text = (await readArticleStructure(renderArticleHtml(article.blocks))).text
    sample = document('SAMPLE', { language: 'nl', title: article.csl.title ?? '', text, year: 2018 })
    index = new SearchIndex()
    index.add(sample)
    index.add(document('OTHER', { title: 'Peace talks in Geneva', text: 'Delegations met for a new era of peace and quiet.' }))
  })

  it.each([
    ['tijdperk vrede'],
    ['"een nieuw tijdperk van vrede"'],
    ["zo'n twintig"],
    // "ambtenaar" is in the text only as "ambtenaren", "land" only as "landen".
    ['ambtenaar '],
    ['land '],
    ['KAESONG'],
  ])('%s finds the article', (query) => {
    expect(ids(index, query)).toContain('SAMPLE')
  })

  it('an unrelated phrase does not find it, though its words are there', () => {
    expect(ids(index, '"vrede van een nieuw tijdperk"')).toEqual([])
    expect(ids(index, '"peace of new era"')).toEqual([])
    expect(ids(index, 'new era of peace')).toEqual(['OTHER'])
  })

  it('marks the phrase in a snippet, with its offsets in the archived text', () => {
    const query = parseSearchQuery('"een nieuw tijdperk van vrede"')
    const [snippet] = makeSnippets(sample, query)
    expect(snippet.source).toBe('text')
    const [start, end] = snippet.marks[0]
    expect(snippet.text.slice(start, end)).toBe('een nieuw tijdperk van vrede')
    expect(sample.text.slice(snippet.range!.start, snippet.range!.end)).toBe('een nieuw tijdperk van vrede')
  })

  it('folds diacritics and curly apostrophes both ways', () => {
    const folded = new SearchIndex()
    folded.add(document('CAFE', { language: 'nl', text: 'Een reünie in het café, zo’n avond.' }))
    expect(ids(folded, 'reunie cafe')).toEqual(['CAFE'])
    expect(ids(folded, 'réünie cafè')).toEqual(['CAFE'])
    expect(ids(folded, '"zo\'n avond"')).toEqual(['CAFE'])
  })
})

describe('SearchIndex queries', () => {
  const index = new SearchIndex()
  index.add(document('A', { title: 'Korea opens an office', authors: 'Jan de Vries', text: 'The liaison office opened in Kaesong.', tags: ['korea'], year: 2018, date: '2018-09' }))
  index.add(document('B', { title: 'Trade between Japan and Korea', authors: 'Anna Smith', text: 'Exports grew.', year: 2015, date: '2015-01', type: 'article-newspaper' }))
  index.add(document('C', { language: 'nl', title: 'Kantoor', text: 'Een kantoor in Seoul.', year: 2021, date: '2021-03', annotations: [{ id: 'N1', kind: 'note', text: 'Compare with Yonhap' }, { id: 'H1', kind: 'highlight', text: 'kantoor in Seoul\nimportant liaison' }] }))

  it('needs every word, and OR takes either', () => {
    expect(ids(index, 'korea office')).toEqual(['A'])
    expect(ids(index, 'japan OR kaesong').sort()).toEqual(['A', 'B'])
  })

  it('excludes with -', () => {
    expect(ids(index, 'korea -japan')).toEqual(['A'])
    expect(ids(index, 'korea -"japan and korea"')).toEqual(['A'])
  })

  it('filters by field, tag, type, language and year', () => {
    expect(ids(index, 'author:vries')).toEqual(['A'])
    expect(ids(index, 'title:kaesong')).toEqual([])
    expect(ids(index, 'tag:korea')).toEqual(['A'])
    expect(ids(index, 'korea type:article-newspaper')).toEqual(['B'])
    expect(ids(index, 'lang:nl')).toEqual(['C'])
    expect(ids(index, 'year:2018')).toEqual(['A'])
    expect(ids(index, 'year:2015..2019', 'date')).toEqual(['A', 'B'])
  })

  it('searches notes and highlights alone with in:', () => {
    expect(ids(index, 'liaison')).toEqual(expect.arrayContaining(['A', 'C']))
    expect(ids(index, 'liaison in:highlights')).toEqual(['C'])
    expect(ids(index, 'yonhap in:notes')).toEqual(['C'])
    expect(ids(index, 'yonhap in:highlights')).toEqual([])
    const doc = index.documents().find((d) => d.id === 'C')!
    const snippets = makeSnippets(doc, parseSearchQuery('yonhap'))
    expect(snippets.map((s) => [s.source, s.annotationId])).toEqual([['note', 'N1']])
  })

  it('matches the last word as a prefix while it is typed', () => {
    expect(ids(index, 'kaes')).toEqual(['A'])
    expect(ids(index, 'kaes ')).toEqual([])
    expect(ids(index, 'exp* korea')).toEqual(['B'])
  })

  it('ranks a title match above a text match', () => {
    expect(ids(index, 'korea')).toEqual(['A', 'B'])
    const more = new SearchIndex()
    more.add(document('TEXT', { title: 'Other', text: 'Something about korea and more words here.' }))
    more.add(document('TITLE', { title: 'Korea', text: 'Something else entirely, with more words.' }))
    expect(ids(more, 'korea')).toEqual(['TITLE', 'TEXT'])
  })

  it('forgets a removed document and replaces a re-added one', () => {
    const copy = SearchIndex.deserialize(index.serialize())
    copy.remove('A')
    expect(ids(copy, 'kaesong')).toEqual([])
    copy.add(document('B', { title: 'Renamed', text: 'Kaesong now.' }))
    expect(ids(copy, 'kaesong')).toEqual(['B'])
    expect(ids(copy, 'japan')).toEqual([])
  })

  it('still finds a document replaced again and again in a small index', () => {
    // Tombstones stay in the postings; counted as live, they made idf negative and hid the match.
    const small = new SearchIndex()
    const doc = document('ONLY', { text: 'harbours and rivers' })
    for (let time = 0; time < 3; time++) small.add(doc)
    expect(ids(small, 'harbours')).toEqual(['ONLY'])
  })

  it('survives a round trip through its saved form', () => {
    const copy = SearchIndex.deserialize(index.serialize())
    for (const query of ['korea', 'kaes', 'liaison in:highlights', '"liaison office"', 'year:2015..2019']) {
      expect(ids(copy, query)).toEqual(ids(index, query))
    }
  })

  it('refuses a damaged or older saved index', () => {
    expect(() => SearchIndex.deserialize(['{"format":'])).toThrow(DamagedSearchIndexError)
    const [header, ...rest] = index.serialize()
    expect(() => SearchIndex.deserialize([JSON.stringify({ ...JSON.parse(header), version: 0 }), ...rest])).toThrow('version 0')
    expect(() => SearchIndex.deserialize([header, '[{"id":1},3]', ...rest.slice(1)])).toThrow(DamagedSearchIndexError)
    // A file cut short loses postings: it must not pass for a whole index.
    expect(() => SearchIndex.deserialize([header, ...rest.slice(0, -1)])).toThrow('incomplete')
  })
})
