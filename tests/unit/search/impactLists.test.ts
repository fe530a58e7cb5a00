import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseSearchQuery } from '../../../electron/core/search/parseSearchQuery'
import { queryTermsFor } from '../../../electron/core/search/stemForSearch'
import type { SearchDocument } from '../../../electron/core/search/searchDocument'
import { ftsQueryFor } from '../../../electron/node/search/ftsQueryFor'
import { buildImpactLists, buildImpactListsStep, createSearchSchema, impactTopK, indexSearchDocument, removeSearchDocument, searchLibrary } from '../../../electron/node/search'
import { realParagraphs } from '../../support/realParagraphs'
import { useTempDir } from '../../support/tempLibrary'

// One document a paragraph of real prose, so that common words are in hundreds.
const paragraphs = realParagraphs()

function docOf(n: number, text: string, title = ''): SearchDocument {
  return {
    id: `P${n}`, stamp: 's1', citekey: `p${n}`, trashed: false, language: n % 3 ? 'en' : 'nl', type: 'article', year: 1990 + (n % 30),
    date: `${1990 + (n % 30)}-01-01`, tags: [], title: title || text.split(' ').slice(0, 6).join(' '), authors: '', authorNames: [],
    container: '', abstract: '', text, annotations: [],
  }
}

let db: Database.Database
let dbFile: string
const temp = useTempDir()

beforeEach(async () => {
  dbFile = join(temp.dir, 'catalog.sqlite')
  db = new Database(dbFile)
  db.pragma('journal_mode = WAL')
  createSearchSchema(db)
  db.transaction(() => paragraphs.forEach((text, n) => indexSearchDocument(db, docOf(n, text))))()
  // Small lists, so that most are trimmed and their floors are what proves the top.
  db.transaction(() => buildImpactLists(db, { minItems: 40, keep: 12 }))()
  // Indexing 800 paragraphs takes seconds on a loaded machine.
}, 60_000)

afterEach(async () => {
  db.close()
})

/** FTS5's own ranking of every match, as the search ranked before impact lists. A query ends in a space, or its last word is a prefix. */
function ftsRanking(query: string, limit: number): { rowid: number; score: number }[] {
  return db.prepare('SELECT rowid, -rank AS score FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT ?').all(ftsQueryFor(parseSearchQuery(query)), limit) as { rowid: number; score: number }[]
}

const noFilters = { sql: 'd.trashed = 0', values: [] }
const listedWords = () => db.prepare('SELECT term FROM search_impact_terms ORDER BY term').pluck().all() as string[]
const topFor = (query: string, limit: number) => impactTopK(db, parseSearchQuery(query), limit, ftsQueryFor(parseSearchQuery(query))!, noFilters)

/** The lists' answer is FTS5's: the same scores in the same order, and the same items but where scores tie. */
function expectSameTop(word: string, limit: number) {
  const top = topFor(`${word} `, limit)
  if (!top) return false
  const full = ftsRanking(`${word} `, limit)
  expect(top.ranked.map((hit) => hit.score)).toEqual(full.map((hit) => expect.closeTo(hit.score, 9)) as unknown as number[])
  const scoreOf = new Map(ftsRanking(`${word} `, 100_000).map((hit) => [hit.rowid, hit.score]))
  for (const hit of top.ranked) expect(scoreOf.get(hit.rowid)).toBeCloseTo(hit.score, 9)
  expect(top.total).toBe(scoreOf.size)
  return true
}

describe('impact lists', () => {
  it('are built for the frequent words of a real corpus, most of them trimmed', () => {
    expect(paragraphs.length).toBeGreaterThan(800)
    expect(listedWords().length).toBeGreaterThan(20)
    expect(db.prepare('SELECT count(*) FROM search_impact_terms WHERE floor > 0').pluck().get()).toBeGreaterThan(10)
  })

  it("give FTS5's own top 10 for every listed word, or decline", () => {
    let answered = 0
    for (const word of listedWords()) if (expectSameTop(word, 10)) answered++
    // Most lists prove their top 10; the rest are ranked by FTS5, which the search does then.
    expect(answered).toBeGreaterThan(listedWords().length / 2)
  })

  it("give FTS5's own top 10 for a word whose stems differ, reading again the items some lists miss", () => {
    const counts = new Map<string, number>()
    for (const text of paragraphs) for (const word of new Set(text.toLowerCase().match(/[a-z]+/g) ?? [])) counts.set(word, (counts.get(word) ?? 0) + 1)
    const stemmedWords = [...counts].filter(([word, count]) => count >= 60 && queryTermsFor(word).length > 1).map(([word]) => word)
    expect(stemmedWords.length).toBeGreaterThan(10)
    let answered = 0
    for (const word of stemmedWords) if (expectSameTop(word, 10)) answered++
    expect(answered).toBeGreaterThan(0)
  })

  it('decline a page longer than they can prove, and a query of another shape', () => {
    const word = listedWords().find((term) => topFor(`${term} `, 10) !== null)!
    expect(topFor(`${word} `, 10)).not.toBeNull()
    expect(topFor(`${word} `, 500)).toBeNull()
    // While typed, the last word is a prefix too.
    expect(topFor(word, 10)).toBeNull()
    expect(topFor(`"${word} ${word}"`, 10)).toBeNull()
    expect(topFor(`${word} -zzz`, 10)).toBeNull()
    expect(topFor(`title:${word} `, 10)).toBeNull()
    expect(searchLibrary(db, { query: `${word} `, limit: 500 }).hits.length).toBe(Math.min(500, ftsRanking(`${word} `, 100_000).length))
  })

  it('keep the answer exact with filters', () => {
    let answered = 0
    for (const word of listedWords().slice(0, 15)) {
      const filtered = impactTopK(db, parseSearchQuery(`${word} lang:en`), 5, ftsQueryFor(parseSearchQuery(`${word} `))!, { sql: 'd.trashed = 0 AND d.language = ?', values: ['en'] })
      if (!filtered) continue
      // FTS5 ranking every match, then the filter: the search before impact lists.
      const full = { total: 0, hits: [] as { score: number }[] }
      const scored = db.prepare('SELECT -rank AS score FROM search_fts JOIN search_docs d ON d.rowid = search_fts.rowid WHERE search_fts MATCH ? AND d.language = ? ORDER BY rank').all(ftsQueryFor(parseSearchQuery(`${word} `)), 'en') as { score: number }[]
      full.total = scored.length
      full.hits = scored.slice(0, 5)
      answered++
      expect(filtered.total).toBe(full.total)
      expect(filtered.ranked.map((hit) => hit.score)).toEqual(full.hits.map((hit) => expect.closeTo(hit.score, 9)) as unknown as number[])
    }
    expect(answered).toBeGreaterThan(0)
  })

  it('follow edits: an item that gains the word comes first, a removed one goes, and the top stays exact', () => {
    const word = listedWords().find((term) => topFor(`${term} `, 10) !== null)!
    const [first] = topFor(`${word} `, 10)!.ranked
    // A paragraph without the word gets it in its title, many times; its entry is updated in place.
    const plain = paragraphs.findIndex((text) => !text.toLowerCase().split(/\W+/).includes(word) && !text.toLowerCase().includes(word.slice(0, 3)))
    const plainRowid = db.prepare('SELECT rowid FROM search_docs WHERE id = ?').pluck().get(`P${plain}`) as number
    db.transaction(() => indexSearchDocument(db, docOf(plain, paragraphs[plain], `${word} ${word} ${word}`)))()
    const after = topFor(`${word} `, 10)!
    expect(after.ranked[0].rowid).toBe(plainRowid)
    expectSameTop(word, 10)
    expect(searchLibrary(db, { query: `${word} `, limit: 10 }).hits[0].id).toBe(`P${plain}`)
    // The former first is removed.
    const firstId = db.prepare('SELECT id FROM search_docs WHERE rowid = ?').pluck().get(first.rowid) as string
    db.transaction(() => removeSearchDocument(db, firstId))()
    expect(searchLibrary(db, { query: `${word} `, limit: 10 }).hits.map((hit) => hit.id)).not.toContain(firstId)
    // Many edits later, lists have been trimmed again and still give FTS5's top.
    db.transaction(() => {
      for (let n = 0; n < 200; n++) indexSearchDocument(db, docOf(n, `${paragraphs[n]} ${word} ${word}`))
    })()
    for (const term of listedWords()) expectSameTop(term, 10)
    expect(db.prepare('SELECT max(size) FROM search_impact_terms').pluck().get()).toBeLessThan(24)
    expect(db.prepare('SELECT count(*) FROM search_impact_terms t WHERE size != (SELECT count(*) FROM search_impact i WHERE i.term = t.term)').pluck().get()).toBe(0)
    // Each word's count of items is FTS5's.
    for (const { term, items } of db.prepare('SELECT term, items FROM search_impact_terms').all() as { term: string; items: number }[]) {
      const stemmed = '{title_stem author_stem container_stem abstract_stem text_stem tags_stem highlights_stem notes_stem}'
      expect(items).toBe(db.prepare('SELECT count(*) FROM search_fts WHERE search_fts MATCH ?').pluck().get(`${stemmed} : "${term}"`))
    }
  })

  it('are left as they were by an update that fails before its commit', () => {
    const snapshot = () => db.prepare('SELECT term, doc, key FROM search_impact ORDER BY term, doc').all()
    const terms = () => db.prepare('SELECT * FROM search_impact_terms ORDER BY term').all()
    const [before, beforeTerms] = [snapshot(), terms()]
    const word = listedWords()[0]
    expect(() =>
      db.transaction(() => {
        indexSearchDocument(db, docOf(1, `${word} `.repeat(30), `${word} ${word}`))
        removeSearchDocument(db, 'P2')
        throw new Error('killed in the middle')
      })(),
    ).toThrow('killed')
    expect(snapshot()).toEqual(before)
    expect(terms()).toEqual(beforeTerms)
  })

  it('count new items for the words of lists rebuilt by another connection, or by this one, after this one indexed with the old lists', () => {
    const stemmed = '{title_stem author_stem container_stem abstract_stem text_stem tags_stem highlights_stem notes_stem}'
    const countsAgree = () => {
      for (const { term, items } of db.prepare('SELECT term, items FROM search_impact_terms').all() as { term: string; items: number }[]) {
        expect([term, items]).toEqual([term, db.prepare('SELECT count(*) FROM search_fts WHERE search_fts MATCH ?').pluck().get(`${stemmed} : "${term}"`)])
      }
    }
    const builtAs = (on: Database.Database) => on.prepare("SELECT value FROM search_meta WHERE key = 'impact_lists'").pluck().get() as string
    // A rebuild at the same average length (set back here: the index's averages move with every edit).
    const rebuildAs = (on: Database.Database, minItems: number, built: string) => {
      on.transaction(() => buildImpactLists(on, { minItems, keep: 12 }))()
      on.prepare("UPDATE search_meta SET value = ? WHERE key = 'impact_lists'").run(built)
    }
    const edit = (n: number) => db.transaction(() => indexSearchDocument(db, docOf(n, paragraphs[n], `edited ${n}`)))()
    const few = new Set(listedWords())
    // This connection indexes with lists of fewer words; another (another process) then rebuilds them with more.
    edit(5)
    const other = new Database(dbFile)
    rebuildAs(other, 20, builtAs(db))
    other.close()
    expect(listedWords().filter((term) => !few.has(term)).length).toBeGreaterThan(0)
    db.transaction(() => paragraphs.slice(0, 100).forEach((text, n) => indexSearchDocument(db, docOf(9100 + n, text))))()
    countsAgree()
    // The same, all on this connection.
    rebuildAs(db, 40, builtAs(db))
    edit(6)
    rebuildAs(db, 20, builtAs(db))
    db.transaction(() => paragraphs.slice(100, 200).forEach((text, n) => indexSearchDocument(db, docOf(9300 + n, text))))()
    countsAgree()
  })

  it('are dropped with the search tables and rebuilt to the same lists', () => {
    const lists = () => db.prepare('SELECT term, doc FROM search_impact ORDER BY term, doc').all()
    const before = lists()
    db.transaction(() => buildImpactLists(db, { minItems: 40, keep: 12 }))()
    expect(lists()).toEqual(before)
  })
})

describe('impact lists built a step at a time', () => {
  const options = { from: 1, minItems: 40, keep: 12, rows: 25 }
  const step = () => db.transaction(() => buildImpactListsStep(db, options))()
  const lists = () => db.prepare('SELECT term, doc, key FROM search_impact ORDER BY term, doc').all()
  const counts = () => db.prepare('SELECT term, floor, items FROM search_impact_terms ORDER BY term').all()
  const building = () => db.prepare("SELECT value FROM search_meta WHERE key = 'impact_build'").pluck().get() as string | undefined
  const dropLists = () => db.transaction(() => {
    db.exec('DELETE FROM search_impact; DELETE FROM search_impact_terms')
    db.exec("DELETE FROM search_meta WHERE key IN ('impact_lists', 'impact_build')")
  })()
  /** Every search of a listed word, through the service's path, ranks as FTS5 alone does. */
  function expectSearchesExact(words: string[]) {
    for (const word of words) {
      const { hits, total } = searchLibrary(db, { query: `${word} `, limit: 10 })
      const full = ftsRanking(`${word} `, 100_000)
      expect(total).toBe(full.length)
      expect(hits.map((hit) => hit.score)).toEqual(full.slice(0, 10).map((hit) => expect.closeTo(Number(hit.score.toPrecision(4)), 3)) as unknown as number[])
    }
  }

  it('end with the lists of a build in one go, and no search uses them before', () => {
    const whole = { lists: lists(), counts: counts() }
    const words = listedWords()
    dropLists()
    let steps = 0
    while (step()) {
      steps++
      expect(building()).toBeDefined()
      expect(topFor(`${words[0]} `, 10)).toBeNull()
    }
    expect(steps).toBeGreaterThan(2 * Math.floor(paragraphs.length / 25))
    expect(building()).toBeUndefined()
    expect(lists()).toEqual(whole.lists)
    expect(counts()).toEqual(whole.counts)
    expect(step()).toBe(false)
  }, 120_000)

  it('start only in a library of `from` items or more', () => {
    dropLists()
    expect(db.transaction(() => buildImpactListsStep(db, { ...options, from: paragraphs.length + 1 }))()).toBe(false)
    expect(building()).toBeUndefined()
    expect(db.transaction(() => buildImpactListsStep(db, { ...options, from: paragraphs.length }))()).toBe(true)
    expect(building()).toBeDefined()
  })

  it('resume after the process stops in the middle, the library searching correctly meanwhile', () => {
    const whole = lists()
    const words = listedWords()
    dropLists()
    // Into the second phase, then the connection is gone as a killed process's is; a step not committed left nothing.
    for (let n = 0; n < Math.ceil(paragraphs.length / 25) + 5; n++) step()
    expect(JSON.parse(building()!)).toMatchObject({ phase: 'listing' })
    expect(() => db.transaction(() => {
      buildImpactListsStep(db, options)
      throw new Error('killed in a step')
    })()).toThrow('killed')
    db.close()
    db = new Database(dbFile)
    createSearchSchema(db)
    expect(JSON.parse(building()!)).toMatchObject({ phase: 'listing' })
    expectSearchesExact(words.slice(0, 10))
    while (step());
    expect(lists()).toEqual(whole)
    for (const word of words) expectSameTop(word, 10)
  }, 120_000)

  it('stay exact through edits, highlights, deletes and new items on both sides of the build', () => {
    dropLists()
    const word = listedWords()[3] ?? 'the'
    let n = 0
    let steps = 0
    while (step()) {
      steps++
      if (steps % 7) continue
      n++
      // An item far ahead of the build, one it has passed, a delete, and a new item.
      db.transaction(() => {
        indexSearchDocument(db, docOf(paragraphs.length - n, `${paragraphs[paragraphs.length - n]} ${word} ${word}`, `${word} note ${n}`))
        indexSearchDocument(db, docOf(n, `${paragraphs[n]} ${word}`))
        // A highlight on an item the build passed, and one on an item ahead of it.
        for (const at of [n + 1, paragraphs.length - n - 1])
          indexSearchDocument(db, { ...docOf(at, paragraphs[at]), annotations: [{ id: `H${n}`, kind: 'highlight', text: `${word} ${word} ${word}` }] })
        removeSearchDocument(db, `P${2 * n + 100}`)
        indexSearchDocument(db, docOf(paragraphs.length + n, `${word} ${word} ${paragraphs[n * 3]}`))
      })()
    }
    expect(n).toBeGreaterThan(5)
    const words = db.prepare('SELECT term FROM search_impact_terms ORDER BY term').pluck().all() as string[]
    let answered = 0
    for (const term of words) if (expectSameTop(term, 10)) answered++
    expect(answered).toBeGreaterThan(words.length / 2)
    // Each word's count of items is FTS5's, and each list's size its entries.
    const stemmed = '{title_stem author_stem container_stem abstract_stem text_stem tags_stem highlights_stem notes_stem}'
    for (const { term, items } of db.prepare('SELECT term, items FROM search_impact_terms').all() as { term: string; items: number }[])
      expect(items).toBe(db.prepare('SELECT count(*) FROM search_fts WHERE search_fts MATCH ?').pluck().get(`${stemmed} : "${term}"`))
    expect(db.prepare('SELECT count(*) FROM search_impact_terms t WHERE size != (SELECT count(*) FROM search_impact i WHERE i.term = t.term)').pluck().get()).toBe(0)
    expectSearchesExact([word, ...words.slice(0, 10)])
  }, 120_000)
})

describe('searches of several words, and of a word with filters, in a library with impact lists', () => {
  /** FTS5 ranking every match, then the filters: the search before impact lists, by score, ties by rowid. */
  function ftsFiltered(query: string, where: string, values: (string | number)[]): { id: string; score: number }[] {
    return db
      .prepare(`SELECT d.id AS id, -rank AS score FROM search_fts JOIN search_docs d ON d.rowid = search_fts.rowid WHERE search_fts MATCH ? AND ${where} ORDER BY rank, d.rowid`)
      .all(ftsQueryFor(parseSearchQuery(query)), ...values) as { id: string; score: number }[]
  }

  /** The service's answer is FTS5's: its count, its scores in order, and its items but where scores tie. */
  function expectSameSearch(query: string, full: { id: string; score: number }[], limit = 10) {
    const { hits, total } = searchLibrary(db, { query, limit })
    expect(total).toBe(full.length)
    expect(hits.map((hit) => hit.score)).toEqual(full.slice(0, limit).map((hit) => expect.closeTo(Number(hit.score.toPrecision(4)), 3)) as unknown as number[])
    const scoreOf = new Map(full.map((hit) => [hit.id, Number(hit.score.toPrecision(4))]))
    for (const hit of hits) expect(scoreOf.get(hit.id)).toBeCloseTo(hit.score, 3)
  }

  it('rank two and three listed words as FTS5 does, each word wanted', () => {
    const words = listedWords()
    expect(words.length).toBeGreaterThan(20)
    let matched = 0
    for (let n = 0; n + 2 < Math.min(words.length, 60); n += 3) {
      const [a, b, c] = words.slice(n, n + 3)
      for (const query of [`${a} ${b} `, `${a} ${b} ${c} `, `${b} ${a} `]) {
        const full = ftsFiltered(query, 'd.trashed = 0', [])
        if (full.length) matched++
        expectSameSearch(query, full)
      }
    }
    // Common words: most pairs are in some paragraph together.
    expect(matched).toBeGreaterThan(10)
  })

  it('rank a listed word beside a rare one, or a word in no item, as FTS5 does', () => {
    const counts = new Map<string, number>()
    for (const text of paragraphs) for (const word of new Set(text.toLowerCase().match(/[a-z]{5,}/g) ?? [])) counts.set(word, (counts.get(word) ?? 0) + 1)
    const rare = [...counts].filter(([, count]) => count >= 2 && count <= 5).map(([word]) => word).slice(0, 5)
    expect(rare.length).toBe(5)
    for (const [n, word] of listedWords().slice(0, 5).entries()) {
      for (const query of [`${word} ${rare[n]} `, `${rare[n]} ${word} `, `${word} qqqnothing `]) expectSameSearch(query, ftsFiltered(query, 'd.trashed = 0', []))
    }
  })

  it('rank a listed word with a language and a span of years as FTS5 does, filtering every match', () => {
    let matched = 0
    for (const [n, word] of listedWords().slice(0, 30).entries()) {
      const from = 1990 + (n % 25)
      for (const lang of ['en', 'nl']) {
        const full = ftsFiltered(`${word} `, "d.trashed = 0 AND d.language = ? AND d.year BETWEEN ? AND ?", [lang, from, from + 5])
        if (full.length) matched++
        expectSameSearch(`${word} year:${from}..${from + 5} lang:${lang}`, full)
      }
    }
    expect(matched).toBeGreaterThan(20)
  })

  it('rank two words with a filter as FTS5 does', () => {
    const words = listedWords()
    for (let n = 0; n + 1 < Math.min(words.length, 30); n += 2) {
      const [a, b] = words.slice(n, n + 2)
      expectSameSearch(`${a} ${b} lang:en`, ftsFiltered(`${a} ${b} `, 'd.trashed = 0 AND d.language = ?', ['en']))
    }
  })
})
