import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseSearchQuery } from '../../../electron/core/search/parseSearchQuery'
import type { SearchDocument } from '../../../electron/core/search/searchDocument'
import { wordsForSearch } from '../../../electron/core/search/tokenizeForSearch'
import { COMMON_WORDS } from '../../../electron/node/search/commonWords'
import { ftsQueryFor } from '../../../electron/node/search/ftsQueryFor'
import { phraseTopK } from '../../../electron/node/search/phraseGrams'
import { indexSearchDocument, optimizeSearchIndex, removeSearchDocument, searchLibrary } from '../../../electron/node/search'
import { realParagraphs } from '../../support/realParagraphs'
import { makeSearchDatabase, type SearchDatabase } from '../../support/searchDatabase'

// One document a paragraph of real articles, so that pairs of common words are in hundreds of them.
const paragraphs = realParagraphs()

function docOf(n: number, text: string, fields: Partial<SearchDocument> = {}): SearchDocument {
  return {
    id: `P${n}`, stamp: 's1', citekey: `p${n}`, trashed: false, language: n % 3 ? 'en' : 'nl', type: n % 2 ? 'article' : 'book', year: 1990 + (n % 30),
    date: `${1990 + (n % 30)}-0${1 + (n % 9)}-01`, tags: [], title: text.split(' ').slice(0, 6).join(' '), authors: '', authorNames: [],
    container: '', abstract: '', text, annotations: n % 7 ? [] : [{ id: `H${n}`, kind: 'highlight', text: text.split(' ').slice(3, 12).join(' ') }], ...fields,
  }
}

let db: Database.Database
let temp: SearchDatabase

beforeEach(async () => {
  temp = await makeSearchDatabase()
  db = temp.db
  db.transaction(() => paragraphs.forEach((text, n) => indexSearchDocument(db, docOf(n, text))))()
})

afterEach(() => temp?.remove())

type Ranked = { rowid: number; score: number }[]
/** Rows by score, ties by rowid, the score to 9 significant digits: FTS5 leaves the order of ties open. */
const canonical = (ranked: Ranked) => ranked.map(({ rowid, score }) => ({ rowid, score: Number(score.toPrecision(9)) })).sort((a, b) => b.score - a.score || a.rowid - b.rowid)

/** Every match of the plain FTS5 phrase query in the exact columns, ranked by its weighted bm25(). */
function ftsPhrase(query: string): Ranked {
  return db.prepare('SELECT rowid, -rank AS score FROM search_fts WHERE search_fts MATCH ? ORDER BY rank').all(ftsQueryFor(parseSearchQuery(query))) as Ranked
}

const noFilters = { sql: 'd.trashed = 0', values: [] }
const gramRanking = (query: string, limit = 100_000) => phraseTopK(db, parseSearchQuery(query), limit, 'relevance', noFilters)

/** The pairs of common words that stand side by side most often in the corpus, counted here from its words. */
function frequentCommonPairs(count: number): string[] {
  const pairs = new Map<string, number>()
  for (const text of paragraphs) {
    const words = wordsForSearch(text)
    for (let n = 1; n < words.length; n++) {
      if (COMMON_WORDS.has(words[n - 1]) && COMMON_WORDS.has(words[n])) pairs.set(`${words[n - 1]} ${words[n]}`, (pairs.get(`${words[n - 1]} ${words[n]}`) ?? 0) + 1)
    }
  }
  return [...pairs].sort((a, b) => b[1] - a[1]).slice(0, count).map(([pair]) => pair)
}

describe('phrase grams', () => {
  it('find for a phrase of two common words exactly what the FTS5 phrase finds, with its bm25() scores', () => {
    const phrases = frequentCommonPairs(25)
    expect(phrases.length).toBe(25)
    for (const phrase of [...phrases, 'van de', 'it is', 'de de']) {
      const plain = ftsPhrase(`"${phrase}"`)
      const grams = gramRanking(`"${phrase}"`)
      expect(grams, phrase).not.toBeNull()
      expect({ phrase, ranked: canonical(grams!.ranked) }).toEqual({ phrase, ranked: canonical(plain) })
      expect({ phrase, total: grams!.total }).toEqual({ phrase, total: plain.length })
    }
    // The corpus does have hundreds of items for the most frequent pair.
    expect(ftsPhrase(`"${phrases[0]}"`).length).toBeGreaterThan(100)
  })

  it('give the search its first page and total as FTS5 ranks them, in a field or every field, and once merged', () => {
    const [phrase] = frequentCommonPairs(1)
    for (const query of [`"${phrase}"`, `title:"${phrase}"`, `"${phrase}" in:highlights`]) {
      const plain = canonical(ftsPhrase(query))
      const answer = searchLibrary(db, { query, limit: 20 })
      expect(answer.total).toBe(plain.length)
      expect(answer.hits.map((hit) => hit.score)).toEqual(plain.slice(0, 20).map(({ score }) => Number(score.toPrecision(4))))
      // Every hit is an item FTS5 finds, and is marked at the phrase.
      const found = new Set(plain.map(({ rowid }) => `P${rowid - 1}`))
      for (const hit of answer.hits) expect(found.has(hit.id)).toBe(true)
      expect(answer.hits.every((hit) => hit.snippets.some((snippet) => snippet.marks.length > 0))).toBe(true)
    }
    const before = canonical(gramRanking(`"${phrase}"`)!.ranked)
    optimizeSearchIndex(db)
    expect(canonical(gramRanking(`"${phrase}"`)!.ranked)).toEqual(before)
  })

  it('fold case, accents and curly apostrophes as the phrase does, and match words as written, not stemmed', () => {
    const [phrase] = frequentCommonPairs(1)
    expect(canonical(gramRanking(`"${phrase.toUpperCase()}"`)!.ranked)).toEqual(canonical(ftsPhrase(`"${phrase}"`)))
    expect(canonical(gramRanking('"it’s the"')!.ranked)).toEqual(canonical(ftsPhrase(`"it's the"`)))
    expect(ftsPhrase(`"it's the"`).length).toBeGreaterThan(0)
    // Written forms are distinct grams: "has been" does not find "have been", as the exact columns do not.
    const has = canonical(gramRanking('"has been"')!.ranked)
    const have = canonical(gramRanking('"have been"')!.ranked)
    expect(has).toEqual(canonical(ftsPhrase('"has been"')))
    expect(have).toEqual(canonical(ftsPhrase('"have been"')))
    expect(has.length).toBeGreaterThan(0)
    expect(have.length).toBeGreaterThan(0)
    expect(has.filter(({ rowid }) => have.some((other) => other.rowid === rowid)).length).toBeLessThan(has.length)
  })

  it('leave a phrase with a rarer word, a longer phrase and a query of other terms to FTS5, which finds the same as before', () => {
    for (const query of ['"the company"', '"of the same"', '"of the" police', '"of the" OR "in the"', '"of the" -police']) {
      expect(gramRanking(query)).toBeNull()
      const plain = canonical(ftsPhrase(query))
      expect(plain.length).toBeGreaterThan(0)
      const answer = searchLibrary(db, { query, limit: 1000 })
      expect(answer.total).toBe(plain.length)
      expect(answer.hits.map((hit) => hit.id).sort()).toEqual(plain.map(({ rowid }) => `P${rowid - 1}`).sort())
    }
  })

  it('keep filters and the sort by date as FTS5 does', () => {
    const [phrase] = frequentCommonPairs(1)
    const query = `"${phrase}" year:1995..2005 type:book`
    const plain = db
      .prepare(`SELECT d.rowid AS rowid, -search_fts.rank AS score FROM search_fts CROSS JOIN search_docs d ON d.rowid = search_fts.rowid
        WHERE search_fts MATCH ? AND d.year BETWEEN 1995 AND 2005 AND d.type = 'book' ORDER BY search_fts.rank`)
      .all(ftsQueryFor(parseSearchQuery(query))) as Ranked
    expect(plain.length).toBeGreaterThan(20)
    const answer = searchLibrary(db, { query, limit: 20 })
    expect(answer.total).toBe(plain.length)
    expect(answer.hits.map((hit) => hit.score)).toEqual(canonical(plain).slice(0, 20).map(({ score }) => Number(score.toPrecision(4))))
    const byDate = searchLibrary(db, { query, limit: 1000, sort: 'date' }).hits.map((hit) => db.prepare('SELECT date FROM search_docs WHERE id = ?').pluck().get(hit.id) as string)
    expect(byDate.length).toBe(plain.length)
    expect(byDate).toEqual([...byDate].sort().reverse())
  })

  it('do not join the words of two fields', () => {
    indexSearchDocument(db, docOf(90_001, 'the harbour was closed for the winter', { id: 'EDGE', title: 'Reports of', annotations: [] }))
    expect(searchLibrary(db, { query: '"of the"', limit: 100_000 }).hits.map((hit) => hit.id)).not.toContain('EDGE')
    expect(ftsPhrase('"of the"').map(({ rowid }) => rowid)).toEqual(expect.arrayContaining(gramRanking('"of the"')!.ranked.map(({ rowid }) => rowid)))
    indexSearchDocument(db, docOf(90_001, 'the harbour was closed for the winter', { id: 'EDGE', title: 'Reports of the winter', annotations: [] }))
    expect(searchLibrary(db, { query: 'title:"of the"', limit: 100_000 }).hits.map((hit) => hit.id)).toContain('EDGE')
  })

  it('follow an edit, the trash and a removal in the same transaction as the words', () => {
    const query = '"het is"'
    const ids = () => searchLibrary(db, { query, limit: 100_000 }).hits.map((hit) => hit.id)
    const count = () => ftsPhrase(query).length
    indexSearchDocument(db, docOf(90_002, 'Het is koud in de haven, zei de schipper.', { id: 'EDIT', language: 'nl' }))
    expect(ids()).toContain('EDIT')
    expect(ids().length).toBe(count())
    // The edit that takes the phrase out takes the match out.
    indexSearchDocument(db, docOf(90_002, 'Koud is het in de haven, zei de schipper.', { id: 'EDIT', language: 'nl', stamp: 's2' }))
    expect(ids()).not.toContain('EDIT')
    expect(ids().length).toBe(count())
    // A change of no indexed word keeps the row, and what it finds.
    indexSearchDocument(db, docOf(90_002, 'Het is koud in de haven, zei de schipper.', { id: 'EDIT', language: 'nl', stamp: 's3' }))
    indexSearchDocument(db, docOf(90_002, 'Het is koud in de haven, zei de schipper.', { id: 'EDIT', language: 'nl', stamp: 's4', date: '1800-01-01' }))
    expect(ids()).toContain('EDIT')
    indexSearchDocument(db, docOf(90_002, 'Het is koud in de haven, zei de schipper.', { id: 'EDIT', language: 'nl', stamp: 's5', trashed: true }))
    expect(ids()).not.toContain('EDIT')
    indexSearchDocument(db, docOf(90_002, 'Het is koud in de haven, zei de schipper.', { id: 'EDIT', language: 'nl', stamp: 's6' }))
    expect(ids()).toContain('EDIT')
    removeSearchDocument(db, 'EDIT')
    expect(ids()).not.toContain('EDIT')
    expect(ids().length).toBe(count())
    // A failed transaction leaves the grams as they were.
    expect(() =>
      db.transaction(() => {
        indexSearchDocument(db, docOf(90_002, 'Het is koud.', { id: 'EDIT', language: 'nl' }))
        throw new Error('stop')
      })(),
    ).toThrow('stop')
    expect(ids()).not.toContain('EDIT')
  })
})
