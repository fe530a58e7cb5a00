import Database from 'better-sqlite3'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { parseSearchQuery } from '../../../electron/core/search/parseSearchQuery'
import type { SearchDocument } from '../../../electron/core/search/searchDocument'
import { buildImpactLists, createSearchSchema, indexSearchDocument, loadSearchRanking, searchLibrary } from '../../../electron/node/search'
import { ftsQueryWithPhrases } from '../../../electron/node/search/ftsQueryFor'
import { bm25Of, ranksWithSearchBm25 } from '../../../electron/node/search/searchRanking'
import { BM25 } from '../../../electron/node/search/searchSchema'
import { realParagraphs } from '../../support/realParagraphs'
import { makeSearchDatabase, type SearchDatabase } from '../../support/searchDatabase'

// search_bm25() (native/searchRanking.c, built by npm install) against the documented BM25 and FTS5's own bm25().

const K1 = 1.2
const B = 0.75
const counts = (values: number[]) => Buffer.from(Float64Array.from(values).buffer)

// These tests are of the built extension: without it every connection falls back to bm25(), and they fail for that alone.
beforeAll(() => {
  const db = new Database(':memory:')
  loadSearchRanking(db)
  if (!ranksWithSearchBm25(db)) throw new Error('native/out/searchRanking.so is not built or does not load: run `node build/buildSearchRanking.mjs` (npm test and npm install run it).')
  db.close()
})

describe('search_bm25()', () => {
  it("scores as the documented BM25 with column weights, from FTS5's counts or from the ones it is given", () => {
    const db = new Database(':memory:')
    loadSearchRanking(db)
    db.exec('CREATE VIRTUAL TABLE t USING fts5(a, b)')
    const rows = [
      ['apple pear', 'apple apple plum'],
      ['plum', 'pear pear pear fig'],
      ['fig apple', 'kiwi'],
      ['kiwi kiwi', 'plum apple pear fig kiwi'],
      ['pear', 'pear'],
      ['lime', 'lime lime'],
    ]
    const insert = db.prepare('INSERT INTO t (rowid, a, b) VALUES (?, ?, ?)')
    rows.forEach((row, n) => insert.run(n + 1, ...row))
    const weights = [2.5, 1]
    const phrases = ['apple', 'pear', 'plum']
    const match = phrases.join(' OR ')
    // The statistics, from the rows written above.
    const tokens = rows.map((row) => row.map((text) => text.split(' ')))
    const avgdl = tokens.reduce((sum, row) => sum + row.flat().length, 0) / rows.length
    const documentFrequency = phrases.map((word) => tokens.filter((row) => row.flat().includes(word)).length)
    const expected = (rowid: number, n: number, df: number[]) => {
      const row = tokens[rowid - 1]
      return phrases.reduce((score, word, p) => {
        const idf = Math.max(Math.log((n - df[p] + 0.5) / (df[p] + 0.5)), 0) || 1e-6
        const freq = row.reduce((sum, column, c) => sum + weights[c] * column.filter((token) => token === word).length, 0)
        return score + idf * ((freq * (K1 + 1)) / (freq + K1 * (1 - B + (B * row.flat().length) / avgdl)))
      }, 0)
    }
    const scores = (given: Buffer | null, stamp: string | null = null) => db.prepare(`SELECT rowid, -search_bm25(t, ?, ?, ${weights.join(', ')}) AS score FROM t WHERE t MATCH ? ORDER BY rowid`).all(given, stamp, match) as { rowid: number; score: number }[]
    const matched = scores(null)
    expect(matched.map((row) => row.rowid)).toEqual(tokens.flatMap((row, n) => (phrases.some((word) => row.flat().includes(word)) ? [n + 1] : [])))
    for (const { rowid, score } of matched) expect(score).toBeCloseTo(expected(rowid, rows.length, documentFrequency), 12)
    // Given N and each phrase's count (a negative one: counted), it uses them, not FTS5's.
    const given = [40, 3, 30]
    for (const { rowid, score } of scores(counts([50, given[0], -1, given[2]]))) expect(score).toBeCloseTo(expected(rowid, 50, [given[0], documentFrequency[1], given[2]]), 12)
    // Counts numbered for another query (one too many) are ignored whole.
    for (const { rowid, score } of scores(counts([50, ...given, 7]))) expect(score).toBeCloseTo(expected(rowid, rows.length, documentFrequency), 12)
    db.close()
  })

  it("keeps the rows' lengths it read while the stamp stays the same, and reads them again when it moves", () => {
    const db = new Database(':memory:')
    loadSearchRanking(db)
    db.exec('CREATE VIRTUAL TABLE t USING fts5(a)')
    const insert = db.prepare('INSERT INTO t (rowid, a) VALUES (?, ?)')
    // Apple in 2 rows of 10, so that its IDF is above bm25()'s floor.
    ;['apple pear', 'apple plum plum plum', 'fig', 'pear pear kiwi', 'kiwi', 'lime', 'plum', 'fig fig', 'pear lime', 'kiwi lime'].forEach((text, n) => insert.run(n + 1, text))
    const scores = (stamp: string | null) => db.prepare('SELECT -search_bm25(t, NULL, ?) AS score FROM t WHERE t MATCH ? ORDER BY rowid').pluck().all(stamp, 'apple') as number[]
    // NULL keeps nothing (and forgets what was kept): every length read from FTS5.
    const before = scores(null)
    expect(scores('v1')).toEqual(before)
    // Read from memory the second time: the same.
    expect(scores('v1')).toEqual(before)
    db.prepare("UPDATE t SET a = 'apple pear fig fig fig fig fig fig' WHERE rowid = 1").run()
    // Under the old stamp the kept length of row 1 is stale (why the caller's stamp moves with every change); a new one reads it again.
    const stale = scores('v1')
    const changed = scores('v2')
    expect(stale).not.toEqual(changed)
    expect(changed).toEqual(scores(null))
    db.close()
  })
})

function docOf(n: number, text: string): SearchDocument {
  return {
    id: `P${n}`, stamp: 's1', citekey: `p${n}`, trashed: false, language: n % 3 ? 'en' : 'nl', type: 'article', year: 1990 + (n % 30),
    date: `${1990 + (n % 30)}-01-01`, tags: [], title: text.split(' ').slice(0, 6).join(' '), authors: '', authorNames: [],
    container: '', abstract: '', text, annotations: [],
  }
}

describe("the search's ranking", () => {
  let search: SearchDatabase
  const paragraphs = realParagraphs()

  beforeEach(async () => {
    search = await makeSearchDatabase()
    const { db } = search
    db.transaction(() => paragraphs.forEach((text, n) => indexSearchDocument(db, docOf(n, text))))()
    db.transaction(() => buildImpactLists(db, { minItems: 40, keep: 12 }))()
  }, 60_000)

  afterEach(() => search.remove())

  /** FTS5's own bm25() ranking of a query, as ids and scores. */
  const bm25Ranking = (db: Database.Database, query: string, limit: number) =>
    db.prepare(`SELECT d.id AS id, -${BM25} AS score FROM search_fts JOIN search_docs d ON d.rowid = search_fts.rowid WHERE search_fts MATCH ? ORDER BY score DESC, search_fts.rowid LIMIT ?`).all(ftsQueryWithPhrases(parseSearchQuery(query))!.match, limit) as { id: string; score: number }[]

  const wordsIn = (predicate: (items: number) => boolean) => {
    const items = new Map<string, number>()
    for (const text of paragraphs) for (const word of new Set(text.toLowerCase().match(/[a-z]+/g) ?? [])) items.set(word, (items.get(word) ?? 0) + 1)
    return [...items].filter(([, count]) => predicate(count)).map(([word]) => word)
  }

  it('ranks a common and a rare word as bm25() does on a fresh table, given the common one’s count by its list', () => {
    const { db } = search
    const listed = new Set(db.prepare('SELECT term FROM search_impact_terms').pluck().all() as string[])
    const common = wordsIn((items) => items > paragraphs.length / 3).filter((word) => listed.has(word))
    const rare = wordsIn((items) => items >= 3 && items <= 8).slice(0, 5)
    expect(common.length).toBeGreaterThan(2)
    expect(rare.length).toBe(5)
    let compared = 0
    for (const [n, word] of rare.entries()) {
      const query = `${common[n % common.length]} ${word} `
      // The lists' counts reach the function: the common word's phrase is not counted again.
      const { sql, values } = bm25Of(db, ftsQueryWithPhrases(parseSearchQuery(query))!)
      expect(sql).toContain('search_bm25')
      expect(new Float64Array(new Uint8Array(values[0] as Buffer).buffer).slice(1).some((count) => count >= 0)).toBe(true)
      const ours = searchLibrary(db, { query, limit: 10 })
      const theirs = bm25Ranking(db, query, 10)
      expect(ours.hits.map((hit) => hit.id)).toEqual(theirs.map((hit) => hit.id))
      expect(ours.hits.map((hit) => hit.score)).toEqual(theirs.map((hit) => Number(hit.score.toPrecision(4))))
      compared += theirs.length
    }
    expect(compared).toBeGreaterThan(10)
    // Other shapes number their phrases as written too: an excluded word, a field, a written phrase, a prefix.
    const phrase = paragraphs[0].toLowerCase().match(/[a-z]+/g)!.slice(2, 4).join(' ')
    for (const query of [`${common[0]} ${rare[0]} -${rare[1]} `, `title:${common[1]} ${common[0]} `, `"${phrase}" ${common[0]} `, `${common[0]} ${rare[2].slice(0, 4)}`]) {
      expect(searchLibrary(db, { query, limit: 10 }).hits.map((hit) => [hit.id, hit.score])).toEqual(bm25Ranking(db, query, 10).map((hit) => [hit.id, Number(hit.score.toPrecision(4))]))
    }
    // A change on the connection moves its version: the lengths kept by the queries above are read again.
    const query = `${common[0]} ${rare[0]} `
    const [top] = searchLibrary(db, { query, limit: 1 }).hits
    const rowid = db.prepare('SELECT rowid FROM search_docs WHERE id = ?').pluck().get(top.id) as number
    const n = Number(top.id.slice(1))
    db.transaction(() => indexSearchDocument(db, { ...docOf(n, paragraphs[n]), stamp: 's2', text: `${paragraphs[n]} ${paragraphs[n]} ${paragraphs[n]}` }))()
    expect(db.prepare('SELECT rowid FROM search_docs WHERE id = ?').pluck().get(top.id)).toBe(rowid)
    const after = searchLibrary(db, { query, limit: 10 })
    expect(after.hits.find((hit) => hit.id === top.id)?.score).not.toBe(top.score)
    expect(after.hits.map((hit) => hit.score)).toEqual(bm25Ranking(db, query, 10).map((hit) => Number(hit.score.toPrecision(4))))
  })

  it('keeps no length read inside a change that is then rolled back: the next search ranks by the row as it is', () => {
    const { db } = search
    // Two words: ranked by search_bm25() over FTS5's matches (a single word may be answered by its list).
    const [first, second] = wordsIn((items) => items > paragraphs.length / 3)
    const query = `${first} ${second} `
    const [top] = searchLibrary(db, { query, limit: 1 }).hits
    const n = Number(top.id.slice(1))
    expect(() =>
      db.transaction(() => {
        indexSearchDocument(db, { ...docOf(n, paragraphs[n]), stamp: 's2', text: `${paragraphs[n]} ${paragraphs[n]} ${paragraphs[n]} ${paragraphs[n]}` })
        // A search inside the change reads the longer row; a rollback does not move total_changes() back.
        searchLibrary(db, { query, limit: 10 })
        throw new Error('the change fails')
      })(),
    ).toThrow('the change fails')
    expect(searchLibrary(db, { query, limit: 10 }).hits.map((hit) => [hit.id, hit.score])).toEqual(bm25Ranking(db, query, 10).map((hit) => [hit.id, Number(hit.score.toPrecision(4))]))
  })

  it('falls back to bm25() on a connection without the extension, with the same answers', () => {
    const plain = new Database(':memory:')
    createSearchSchema(plain)
    plain.transaction(() => paragraphs.slice(0, 300).forEach((text, n) => indexSearchDocument(plain, docOf(n, text))))()
    const loaded = new Database(':memory:')
    loadSearchRanking(loaded)
    createSearchSchema(loaded)
    loaded.transaction(() => paragraphs.slice(0, 300).forEach((text, n) => indexSearchDocument(loaded, docOf(n, text))))()
    const [first, second] = wordsIn((items) => items > 30)
    const query = `${first} ${second} `
    expect(bm25Of(plain, ftsQueryWithPhrases(parseSearchQuery(query))!).sql).toBe(BM25)
    const fallback = searchLibrary(plain, { query, limit: 10 })
    expect(fallback.hits.length).toBe(10)
    expect(fallback).toEqual(searchLibrary(loaded, { query, limit: 10 }))
    plain.close()
    loaded.close()
  })
})
