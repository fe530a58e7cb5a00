import { readFile } from 'node:fs/promises'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AnnotationFile } from '../../../electron/core/annotations/annotationModel'
import { annotationIri, itemIri, markdownBody } from '../../../electron/core/annotations/annotationModel'
import type { Item } from '../../../electron/core/archiveApi'
import { ArchiveError } from '../../../electron/core/archiveError'
import { renderArticleHtml } from '../../../electron/core/articleBlocks'
import type { CslItem, CslName } from '../../../electron/core/cslItem'
import { importPlainText } from '../../../electron/core/importPlainText'
import { readArticleStructure } from '../../../electron/core/readArticleStructure'
import { searchDocumentFor } from '../../../electron/core/search/searchDocumentFor'
import { createSearchSchema, indexedSearchStamps, indexSearchDocument, optimizeSearchIndex, removeSearchDocument, retagSearchDocument, SEARCH_SCHEMA_VERSION, searchLibrary } from '../../../electron/node/search'
import { parseSearchQuery } from '../../../electron/core/search/parseSearchQuery'
import { ftsQueryFor } from '../../../electron/node/search/ftsQueryFor'
import { makeSearchDatabase, type SearchDatabase } from '../../support/searchDatabase'
import { samplePath } from '../../support/tempLibrary'

interface Fields {
  title?: string
  authors?: CslName[]
  type?: CslItem['type']
  language?: string
  year?: number
  month?: number
  tags?: string[]
  trashed?: boolean
  modifiedAt?: string
}

/** An item as the catalog holds it. */
function itemOf(id: string, fields: Fields, csl: Partial<CslItem> = {}): Item {
  return {
    id,
    citekey: `key${id.toLowerCase()}`,
    csl: {
      id,
      type: fields.type ?? 'article',
      title: fields.title ?? '',
      language: fields.language ?? 'en',
      ...(fields.authors ? { author: fields.authors } : {}),
      issued: { 'date-parts': [fields.month ? [fields.year ?? 2020, fields.month] : [fields.year ?? 2020]] },
      ...csl,
    },
    tags: fields.tags ?? [],
    addedAt: '2024-01-01T00:00:00.000Z',
    modifiedAt: fields.modifiedAt ?? '2024-01-01T00:00:00.000Z',
    trashedAt: fields.trashed ? '2024-02-01T00:00:00.000Z' : null,
    source: { fileName: `${id}.txt`, mediaType: 'text/plain', encoding: 'utf-8', byteLength: 0 },
    wordCount: 0,
    paragraphCount: 0,
  }
}

/** Highlights (with a quote) and notes (without), stored as W3C annotations are. */
function annotationsOf(itemId: string, list: { id: string; quote?: string; note?: string }[]): AnnotationFile {
  return {
    schemaVersion: 1,
    annotations: list.map(({ id, quote, note }) => ({
      id: annotationIri(id),
      type: 'Annotation' as const,
      motivation: quote === undefined ? ('commenting' as const) : ('highlighting' as const),
      created: '2024-01-01T00:00:00.000Z',
      modified: '2024-01-01T00:00:00.000Z',
      body: markdownBody(note ?? ''),
      target: {
        source: itemIri(itemId),
        ...(quote === undefined ? {} : { selector: [{ type: 'TextQuoteSelector' as const, exact: quote, prefix: '', suffix: '' }, { type: 'TextPositionSelector' as const, start: 0, end: quote.length }] as const }),
      },
    })) as AnnotationFile['annotations'],
  }
}

let db: Database.Database
let temp: SearchDatabase

beforeEach(async () => {
  temp = await makeSearchDatabase()
  db = temp.db
})

afterEach(() => temp?.remove())

function add(item: Item, text = '', annotations: { id: string; quote?: string; note?: string }[] = []) {
  db.transaction(() => indexSearchDocument(db, searchDocumentFor(item, text, annotationsOf(item.id, annotations))))()
}

const ids = (query: string, sort: 'relevance' | 'date' = 'relevance') => searchLibrary(db, { query, limit: 50, sort }).hits.map((hit) => hit.id)

describe('FTS5 search on the sample article', () => {
  let sampleText: string

  beforeEach(async () => {
    const article = importPlainText(await readFile(samplePath, 'utf8'))
    sampleText = (await readArticleStructure(renderArticleHtml(article.blocks))).text
    add(itemOf('SAMPLE', { language: 'nl', year: 2018 }, { ...article.csl, id: 'SAMPLE', language: 'nl' }), sampleText)
    add(itemOf('OTHER', { title: 'Peace talks in Geneva' }), 'Delegations met for a new era of peace and quiet.')
  })

  it.each([
    ['tijdperk vrede'],
    ['"een nieuw tijdperk van vrede"'],
    ["zo'n twintig"],
    // "ambtenaar" is in the text only as "ambtenaren", "land" only as "landen".
    ['ambtenaar '],
    ['land '],
    ['KAESONG'],
    // A hyphenated word is looked for as the phrase it is in the text.
    ['zuid-korea'],
  ])('%s finds the article', (query) => {
    expect(ids(query)).toContain('SAMPLE')
  })

  it('an unrelated phrase does not find it, though its words are there', () => {
    expect(ids('"vrede van een nieuw tijdperk"')).toEqual([])
    expect(ids('"peace of new era"')).toEqual([])
    expect(ids('new era of peace')).toEqual(['OTHER'])
  })

  it('marks the phrase in a snippet, with its offsets in the archived text', () => {
    const [hit] = searchLibrary(db, { query: '"een nieuw tijdperk van vrede"' }).hits
    const [snippet] = hit.snippets
    expect(snippet.source).toBe('text')
    const [start, end] = snippet.marks[0]
    expect(snippet.text.slice(start, end)).toBe('een nieuw tijdperk van vrede')
    expect(sampleText.slice(snippet.range!.start, snippet.range!.end)).toBe('een nieuw tijdperk van vrede')
  })

  it('folds diacritics and curly apostrophes both ways', () => {
    add(itemOf('CAFE', { language: 'nl' }), 'Een reünie in het café, zo’n avond.')
    expect(ids('reunie cafe')).toEqual(['CAFE'])
    expect(ids('réünie cafè')).toEqual(['CAFE'])
    expect(ids('"zo\'n avond"')).toEqual(['CAFE'])
    expect(ids('"zo’n avond"')).toEqual(['CAFE'])
  })
})

describe('FTS5 search queries', () => {
  beforeEach(() => {
    add(itemOf('A', { title: 'Korea opens an office', authors: [{ given: 'Jan', 'non-dropping-particle': 'de', family: 'Vries' }], tags: ['Korea'], year: 2018, month: 9 }), 'The liaison office opened in Kaesong.')
    add(itemOf('B', { title: 'Trade between Japan and Korea', authors: [{ given: 'Anna', family: 'Smith' }], year: 2015, month: 1, type: 'article-newspaper' }), 'Exports grew.')
    add(itemOf('C', { language: 'nl', title: 'Kantoor', year: 2021, month: 3 }), 'Een kantoor in Seoul.', [
      { id: 'N1', note: 'Compare with Yonhap' },
      { id: 'H1', quote: 'kantoor in Seoul', note: 'important liaison' },
    ])
  })

  it('needs every word, and OR takes either', () => {
    expect(ids('korea office')).toEqual(['A'])
    expect(ids('japan OR kaesong').sort()).toEqual(['A', 'B'])
  })

  it('excludes with -', () => {
    expect(ids('korea -japan')).toEqual(['A'])
    expect(ids('korea -"japan and korea"')).toEqual(['A'])
    expect(ids('korea -kaes*')).toEqual(['B'])
  })

  it('filters by field, tag, type, language and year', () => {
    expect(ids('author:vries')).toEqual(['A'])
    expect(ids('title:kaesong')).toEqual([])
    expect(ids('tag:korea')).toEqual(['A'])
    expect(ids('korea type:article-newspaper')).toEqual(['B'])
    expect(ids('lang:nl')).toEqual(['C'])
    expect(ids('year:2018')).toEqual(['A'])
    expect(ids('year:2015..2019', 'date')).toEqual(['A', 'B'])
  })

  it('takes lang:en for en-GB as well', () => {
    add(itemOf('GB', { language: 'en-GB', title: 'Harbours' }))
    expect(ids('harbours lang:en')).toEqual(['GB'])
    expect(ids('harbours lang:nl')).toEqual([])
  })

  it('searches notes and highlights alone with in:, and says where the hit is', () => {
    expect(ids('liaison')).toEqual(expect.arrayContaining(['A', 'C']))
    expect(ids('liaison in:highlights')).toEqual(['C'])
    expect(ids('yonhap in:notes')).toEqual(['C'])
    expect(ids('yonhap in:highlights')).toEqual([])
    expect(ids('yonhap in:notes in:highlights')).toEqual(['C'])
    expect(ids('"compare with" in:notes')).toEqual(['C'])
    expect(ids('"compare with" in:highlights')).toEqual([])
    const [hit] = searchLibrary(db, { query: 'yonhap' }).hits
    expect(hit.snippets.map((s) => [s.source, s.annotationId])).toEqual([['note', 'N1']])
  })

  it('matches the last word as a prefix while it is typed', () => {
    expect(ids('kaes')).toEqual(['A'])
    expect(ids('kaes ')).toEqual([])
    expect(ids('exp* korea')).toEqual(['B'])
    expect(ids('author:vri')).toEqual(['A'])
    // A word being typed in full is still found in its other forms.
    expect(ids('export')).toEqual(['B'])
  })

  it('ranks a title match above a text match', () => {
    expect(ids('korea')).toEqual(['A', 'B'])
    add(itemOf('TEXT', { title: 'Other' }), 'Something about korea and more words here.')
    add(itemOf('TITLE', { title: 'Korea' }), 'Something else entirely, with more words.')
    expect(ids('korea something')).toEqual(['TITLE', 'TEXT'])
  })

  it('answers with what a hit shows: citekey, authors, year, type, a score, the total', () => {
    const results = searchLibrary(db, { query: 'korea', limit: 1 })
    expect(results).toMatchObject({ query: 'korea', total: 2, indexing: null })
    expect(results.hits).toHaveLength(1)
    const [hit] = results.hits
    expect(hit).toMatchObject({ id: 'A', citekey: 'keya', title: 'Korea opens an office', authors: ['Jan de Vries'], year: 2018, type: 'article' })
    expect(hit.score).toBeGreaterThan(0)
    expect(hit.snippets[0]).toMatchObject({ source: 'title' })
  })

  it('sorts by date, newest first, and lists everything for a query of filters alone', () => {
    expect(ids('korea OR kantoor', 'date')).toEqual(['C', 'A', 'B'])
    expect(ids('')).toEqual(['C', 'A', 'B'])
    expect(searchLibrary(db, { query: 'year:1990' })).toMatchObject({ total: 0, hits: [] })
  })

  it('forgets a removed document and replaces a re-added one', () => {
    db.transaction(() => removeSearchDocument(db, 'A'))()
    expect(ids('kaesong')).toEqual([])
    add(itemOf('B', { title: 'Renamed' }), 'Kaesong now.')
    expect(ids('kaesong')).toEqual(['B'])
    expect(ids('japan')).toEqual([])
    // Removing what is not there changes nothing.
    removeSearchDocument(db, 'NOWHERE')
    expect([...indexedSearchStamps(db).keys()].sort()).toEqual(['B', 'C'])
  })

  it('an update is a removal and an index: one entry, the new words and stamp only', () => {
    add(itemOf('A', { title: 'Pyongyang talks', modifiedAt: '2024-03-01T00:00:00.000Z' }), 'Nothing of the old text.', [{ id: 'N2', note: 'grensplaats' }])
    expect(ids('kaesong')).toEqual([])
    expect(ids('vries')).toEqual([])
    expect(ids('tag:korea')).toEqual([])
    expect(ids('pyongyang')).toEqual(['A'])
    expect(ids('grensplaats in:notes')).toEqual(['A'])
    expect(indexedSearchStamps(db).get('A')).toBe('2024-03-01T00:00:00.000Z')
    expect((db.prepare("SELECT count(*) AS n FROM search_docs WHERE id = 'A'").get() as { n: number }).n).toBe(1)
  })

  it('still finds a document replaced again and again', () => {
    for (let time = 0; time < 3; time++) add(itemOf('ONLY', {}), 'harbours and rivers')
    expect(ids('harbours')).toEqual(['ONLY'])
  })

  it('does not find a trashed item, by word or by filter, until it is restored', () => {
    add(itemOf('A', { title: 'Korea opens an office', trashed: true }), 'The liaison office opened in Kaesong.')
    expect(ids('kaesong')).toEqual([])
    expect(ids('year:2020')).toEqual([])
    expect(ids('')).toEqual(['C', 'B'])
    expect(indexedSearchStamps(db).has('A')).toBe(true)
    add(itemOf('A', { title: 'Korea opens an office' }), 'The liaison office opened in Kaesong.')
    expect(ids('kaesong')).toEqual(['A'])
  })

  it('refuses a malformed query or limit with the sentence of the query language', () => {
    const refusal = (query: string, limit?: number) => {
      try {
        searchLibrary(db, { query, limit })
      } catch (error) {
        return error instanceof ArchiveError ? { code: error.code, message: error.message } : error
      }
      return null
    }
    expect(refusal('"een nieuw tijdperk')).toEqual({ code: 'invalid_argument', message: 'The quote opened at character 1 is never closed; add a closing ".' })
    expect(refusal('year:2018 OR peace')).toEqual({ code: 'invalid_argument', message: 'year: is a filter and cannot be joined with OR.' })
    expect(refusal('-korea')).toEqual({ code: 'invalid_argument', message: 'A query needs something to look for besides what it excludes.' })
    expect(refusal('vrede', 0)).toEqual({ code: 'invalid_argument', message: 'The limit must be a whole number from 1 up, not 0.' })
  })

  it('is kept in the database file: another connection finds the same', () => {
    const file = db.name
    const other = new Database(file)
    try {
      createSearchSchema(other)
      for (const query of ['korea', 'kaes', 'liaison in:highlights', '"liaison office"', 'year:2015..2019']) {
        expect(searchLibrary(other, { query, limit: 50 }).hits.map((hit) => hit.id)).toEqual(ids(query))
      }
    } finally {
      other.close()
    }
  })

  it('drops search tables of another version, to be indexed again', () => {
    db.prepare("UPDATE search_meta SET value = '0' WHERE key = 'schema_version'").run()
    createSearchSchema(db)
    expect(indexedSearchStamps(db).size).toBe(0)
    expect(ids('korea')).toEqual([])
    expect((db.prepare("SELECT value FROM search_meta WHERE key = 'schema_version'").get() as { value: string }).value).toBe(String(SEARCH_SCHEMA_VERSION))
  })
})

describe('FTS5 search at the scale of a small library', () => {
  // Thirty Dutch ko- words, each in many items, and one rare one, the only ko- word of its item.
  const FREQUENT = 'koala kobalt koek koers koffer koffie kogel kok koken kolonel kom komeet komen komma koning konijn kooi kook koop koord kop kopen koper kopie koppel koraal korrel kort korting kosten'.split(' ')

  beforeEach(() => {
    db.transaction(() => {
      for (let n = 0; n < 200; n++) {
        const words = Array.from({ length: 60 }, (_, at) => FREQUENT[(n * 7 + at * 3) % FREQUENT.length])
        // Every item has "van" and "de", but only item 77 has "de van" in that order.
        const text =
          n === 123 ? 'Een kolibrie in de tuin van de buurman.' : n === 77 ? `${words.join(' ')} zij zei de van het.` : `${words.join(' ')} van de stad, de buurt van het dorp.`
        indexSearchDocument(db, searchDocumentFor(itemOf(`I${n}`, { language: 'nl', title: `Verslag ${n}` }), text, annotationsOf(`I${n}`, [])))
      }
    })()
  })

  it('a prefix finds every word that starts so, the rarest too', () => {
    const all = searchLibrary(db, { query: 'ko*', limit: 200 })
    expect(all.total).toBe(200)
    expect(all.hits.map((hit) => hit.id)).toContain('I123')
    expect(ids('ko* tuin')).toEqual(['I123'])
    expect(ids('kolib')).toEqual(['I123'])
    expect(ids('verslag kolib*')).toEqual(['I123'])
  })

  it('answers the same once its segments are merged', () => {
    const before = ['ko*', '"van de"', 'kolib', 'verslag 12'].map((query) => searchLibrary(db, { query, limit: 200 }))
    optimizeSearchIndex(db)
    expect(['ko*', '"van de"', 'kolib', 'verslag 12'].map((query) => searchLibrary(db, { query, limit: 200 }))).toEqual(before)
  })

  it("ranks as FTS5's own ORDER BY rank does, with the same scores, ties (items of the same words) in the same order", () => {
    const rankedByFts = db.prepare('SELECT rowid, -rank AS score FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT ?')
    const idOf = db.prepare('SELECT id FROM search_docs WHERE rowid = ?').pluck()
    for (const query of ['ko*', 'koffie', '"van de"', 'kosten kop', 'verslag', 'stad OR tuin', 'kok -koala']) {
      const { hits } = searchLibrary(db, { query, limit: 60 })
      const ranked = (rankedByFts.all(ftsQueryFor(parseSearchQuery(query)), 60) as { rowid: number; score: number }[]).map((row) => ({ id: idOf.get(row.rowid) as string, score: row.score }))
      expect(ranked.length).toBeGreaterThan(0)
      expect(new Set(ranked.map((row) => row.score)).size).toBeLessThan(ranked.length)
      expect(hits.map((hit) => [hit.id, hit.score])).toEqual(ranked.map((row) => [row.id, Number(row.score.toPrecision(4))]))
    }
  })

  it('a phrase of two common words finds only the items with them in that order', () => {
    expect(ids('"de van"')).toEqual(['I77'])
    expect(searchLibrary(db, { query: `"van de"` }).total).toBe(199)
  })
})

describe('FTS5 entries updated in place', () => {
  const ftsRows = () => db.prepare('SELECT count(*) FROM search_fts_docsize').pluck().get() as number
  const rowidOf = (id: string) => db.prepare('SELECT rowid FROM search_docs WHERE id = ?').pluck().get(id) as number

  it('keeps the FTS row when no indexed word changes, and finds the item by its new words when one does', () => {
    add(itemOf('A', { title: 'Harbour report', tags: ['port'] }), 'Ships came into the harbour at dawn.')
    const rowid = rowidOf('A')
    const before = db.prepare('SELECT * FROM search_fts_docsize WHERE id = ?').get(rowid)
    // A new date and citation key, the same words: the entry's columns follow, its words stay.
    add(itemOf('A', { title: 'Harbour report', tags: ['port'], year: 1999 }, { id: 'A' }), 'Ships came into the harbour at dawn.')
    expect(rowidOf('A')).toBe(rowid)
    expect(db.prepare('SELECT * FROM search_fts_docsize WHERE id = ?').get(rowid)).toEqual(before)
    expect(ids('year:1999 harbour')).toEqual(['A'])
    // A new tag changes the words: the old tag is gone, the new one is found.
    add(itemOf('A', { title: 'Harbour report', tags: ['shipping'], year: 1999 }), 'Ships came into the harbour at dawn.')
    expect(rowidOf('A')).toBe(rowid)
    expect(ids('shipping')).toEqual(['A'])
    expect(ids('port')).toEqual([])
    expect(ftsRows()).toBe(1)
  })

  it('retag puts new tags in the tag: filter at once; the words follow when the item is indexed', () => {
    const item = itemOf('B', { title: 'Grain prices', tags: [] })
    add(item, 'Wheat rose again.')
    const retagged = { ...item, tags: ['Fieldwork'] }
    db.transaction(() => retagSearchDocument(db, 'B', retagged.tags))()
    expect(ids('tag:fieldwork')).toEqual(['B'])
    // The word itself waits for the item's words to be written again.
    expect(ids('fieldwork')).toEqual([])
    db.transaction(() => indexSearchDocument(db, searchDocumentFor(retagged, 'Wheat rose again.', annotationsOf('B', []))))()
    expect(ids('fieldwork')).toEqual(['B'])
  })

  it('a trashed item leaves the words and comes back with them', () => {
    add(itemOf('C', { title: 'Flood defences' }), 'Dikes were raised.')
    add(itemOf('C', { title: 'Flood defences', trashed: true }), 'Dikes were raised.')
    expect(ids('dikes')).toEqual([])
    expect(ftsRows()).toBe(0)
    add(itemOf('C', { title: 'Flood defences' }), 'Dikes were raised.')
    expect(ids('dikes')).toEqual(['C'])
  })
})
