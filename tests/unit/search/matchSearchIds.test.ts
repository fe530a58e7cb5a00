import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Item } from '../../../electron/core/archiveApi'
import { parseSearchQuery } from '../../../electron/core/search/parseSearchQuery'
import { searchDocumentFor } from '../../../electron/core/search/searchDocumentFor'
import { indexSearchDocument, matchSearchIds, matchSearchIdsCompactly, removeSearchDocument, searchLibrary } from '../../../electron/node/search'
import { ftsQueryFor } from '../../../electron/node/search/ftsQueryFor'
import { itemIdsOfRowids } from '../../../electron/node/search/itemIdsOfRowids'
import { MOST_OTHER_WORDS, oneLetterPrefixTokens } from '../../../electron/node/search/oneLetterPrefixTokens'
import { makeSearchDatabase, type SearchDatabase } from '../../support/searchDatabase'

/** An item as the catalog holds it, with a title and a language. */
function itemOf(id: string, title: string, trashed = false): Item {
  return {
    id,
    citekey: `key${id.toLowerCase()}`,
    csl: { id, type: 'article', title, language: 'en', issued: { 'date-parts': [[2020]] } },
    tags: [],
    addedAt: '2024-01-01T00:00:00.000Z',
    modifiedAt: '2024-01-01T00:00:00.000Z',
    trashedAt: trashed ? '2024-02-01T00:00:00.000Z' : null,
    source: { fileName: `${id}.txt`, mediaType: 'text/plain', encoding: 'utf-8', byteLength: 0 },
    wordCount: 0,
    paragraphCount: 0,
  }
}

let writer: Database.Database
let reader: Database.Database
let temp: SearchDatabase

beforeEach(async () => {
  temp = await makeSearchDatabase()
  writer = temp.db
  // As the library store does: matching reads through a connection of its own, the writer commits through another.
  reader = temp.open('catalog.sqlite', { readonly: true })
})

afterEach(() => temp?.remove())

const add = (db: Database.Database, item: Item, text: string) => db.transaction(() => indexSearchDocument(db, searchDocumentFor(item, text, { schemaVersion: 1, annotations: [] })))()
const remove = (db: Database.Database, id: string) => db.transaction(() => removeSearchDocument(db, id))()
const rowidOf = (id: string) => (writer.prepare('SELECT rowid FROM search_docs WHERE id = ?').get(id) as { rowid: number } | undefined)?.rowid
const matched = (db: Database.Database, query: string) => matchSearchIds(db, query).sort()

describe('matchSearchIds: every item a query matches, for the table to filter by', () => {
  beforeEach(() => {
    for (let n = 0; n < 60; n++) add(writer, itemOf(`I${String(n).padStart(2, '0')}`, `Report ${n}`), n % 3 ? 'peace talks resumed' : `trade figures, and one rare word: quetzal${n}`)
  })

  it('answers every match, as many as the search counts, whether filtered or not', () => {
    const every = matched(reader, 'peace')
    expect(every).toHaveLength(40)
    expect(every).toEqual(searchLibrary(reader, { query: 'peace', limit: 100 }).hits.map((hit) => hit.id).sort())
    // With a filter the answer comes through the join of the filters' columns: the same items.
    expect(matched(reader, 'peace lang:en')).toEqual(every)
    expect(matched(reader, 'pe')).toEqual(every)
    expect(matched(reader, 'quetzal57')).toEqual(['I57'])
    expect(matched(reader, 'quetz')).toHaveLength(20)
  })

  it("follows the writer's commits: a new item, a removed one, and a rowid given again to another item", () => {
    expect(matched(reader, 'harbour')).toEqual([])
    expect(matched(reader, 'peace')).toContain('I59')
    // The last row's rowid is free again once it is removed: SQLite gives it to the next item.
    const last = rowidOf('I59')
    remove(writer, 'I59')
    add(writer, itemOf('NEW', 'Harbour'), 'peace in the harbour')
    expect(rowidOf('NEW')).toBe(last)
    expect(matched(reader, 'harbour')).toEqual(['NEW'])
    expect(matched(reader, 'peace')).toContain('NEW')
    expect(matched(reader, 'peace')).not.toContain('I59')
  })

  it('follows its own connection\'s changes too (one connection for both, as in a library kept in memory)', () => {
    expect(matched(writer, 'peace')).toHaveLength(40)
    const last = rowidOf('I59')
    remove(writer, 'I59')
    add(writer, itemOf('X', 'Extra'), 'peace again')
    expect(rowidOf('X')).toBe(last)
    add(writer, itemOf('I01', 'Report 1', true), 'peace talks resumed')
    const now = matched(writer, 'peace')
    expect(now).toHaveLength(39)
    expect(now).toContain('X')
    expect(now).not.toContain('I59')
    expect(now).not.toContain('I01')
  })

  it("answers a query of several words as FTS5 answers it whole, each word's kept matches following the writer's commits and its own", () => {
    const whole = (db: Database.Database, query: string) => itemIdsOfRowids(db, db.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ?').pluck().all(ftsQueryFor(parseSearchQuery(query))) as number[]).sort()
    const compactly = (db: Database.Database, query: string) => {
      const answer = matchSearchIdsCompactly(db, query)
      return 'ids' in answer ? answer.ids.sort() : answer.except.sort()
    }
    const queries = ['peace talks', 'peace tal', 'talks peace', 'peace quetzal57', 'trade rare quetz', 'peace talks resumed', 'pe t']
    // As typed: the query without its last word first (each word's matches are kept, a word before the last as a whole word).
    const typed = (db: Database.Database, query: string) => {
      matched(db, query.slice(0, query.lastIndexOf(' ')))
      return matched(db, query)
    }
    const same = (db: Database.Database) => {
      for (const query of queries) expect(typed(db, query), query).toEqual(whole(db, query))
    }
    same(reader)
    expect(typed(reader, 'peace talks')).toHaveLength(40)
    expect(compactly(reader, 'peace talks')).toEqual(matched(reader, 'peace talks'))
    // Kept: both words. I59's rowid goes to an item with only one of them; another item gains both.
    matched(reader, 'peace talks')
    const last = rowidOf('I59')
    remove(writer, 'I59')
    add(writer, itemOf('NEW', 'Harbour'), 'peace in the harbour')
    expect(rowidOf('NEW')).toBe(last)
    add(writer, itemOf('I00', 'Report 0'), 'trade talks and peace')
    expect(matched(reader, 'peace talks')).toEqual(whole(reader, 'peace talks'))
    expect(matched(reader, 'peace talks')).not.toContain('NEW')
    expect(matched(reader, 'peace talks')).toContain('I00')
    same(reader)
    expect(compactly(reader, 'peace talks')).toEqual(matched(reader, 'peace talks'))
    // The same through the writer's own connection, which no other commit moves.
    same(writer)
    matched(writer, 'peace talks')
    add(writer, itemOf('I03', 'Report 3'), 'talks only')
    add(writer, itemOf('I06', 'Report 6'), 'peace and talks')
    expect(matched(writer, 'peace talks')).toEqual(whole(writer, 'peace talks'))
    expect(matched(writer, 'peace talks')).not.toContain('I03')
    expect(matched(writer, 'peace talks')).toContain('I06')
  })

  it('leaves out a trashed item until it is restored', () => {
    add(writer, itemOf('I01', 'Report 1', true), 'peace talks resumed')
    expect(matched(reader, 'peace')).not.toContain('I01')
    add(writer, itemOf('I01', 'Report 1'), 'peace talks resumed')
    expect(matched(reader, 'peace')).toContain('I01')
  })

  it('answers a query that matches most items by the few it leaves out, only while every item of the catalog is indexed', () => {
    // The catalog's own table of items, in the same database (only the columns read here).
    writer.exec('CREATE TABLE items (id TEXT PRIMARY KEY, trashed INTEGER NOT NULL)')
    const insert = writer.prepare('INSERT INTO items (id, trashed) VALUES (?, 0)')
    for (let n = 0; n < 60; n++) insert.run(`I${String(n).padStart(2, '0')}`)
    const others = Array.from({ length: 20 }, (_, n) => `I${String(n * 3).padStart(2, '0')}`)
    const compact = matchSearchIdsCompactly(reader, 'pe')
    expect(compact).toHaveProperty('except')
    expect('except' in compact && compact.except.sort()).toEqual(others)
    // Fewer than half: by their ids.
    expect(matchSearchIdsCompactly(reader, 'quetz')).toEqual({ ids: expect.arrayContaining(others) })
    // Filters answer by ids too.
    expect(matchSearchIdsCompactly(reader, 'peace lang:en')).toHaveProperty('ids.length', 40)
    // An item in the catalog whose words are still queued must not pass for a match: the answer is by ids again.
    insert.run('QUEUED')
    expect(matchSearchIdsCompactly(reader, 'pe')).toEqual({ ids: expect.arrayContaining(matched(reader, 'peace')) })
  })

  it('maps rowids to ids whatever their order, leaving out a rowid that no item outside the trash has', () => {
    add(writer, itemOf('I02', 'Report 2', true), 'peace talks resumed')
    const rowids = ['I05', 'I01', 'I59', 'I02', 'I30'].map((id) => rowidOf(id)!)
    const unknown = 10_000
    const read = (given: number[]) => reader.transaction(() => itemIdsOfRowids(reader, given))()
    // Few rowids are looked up one by one, many are walked: both give the ids in ascending rowid order.
    expect(read([...rowids, unknown, rowids[0]])).toEqual(['I01', 'I05', 'I30', 'I59'])
    const most = Array.from({ length: 60 }, (_, n) => rowidOf(`I${String(n).padStart(2, '0')}`)!).reverse()
    expect(read([unknown, ...most])).toEqual(Array.from({ length: 60 }, (_, n) => `I${String(n).padStart(2, '0')}`).filter((id) => id !== 'I02'))
  })

  it('answers a one-letter prefix by every word that starts so: the word itself, ASCII and non-ASCII second letters, apostrophes and digits', () => {
    const words: Record<string, string> = { A1: 'a', A2: 'aøre', A3: "a'dam", A4: 'a4', A5: 'αβγ aλφα', A6: 'abacus', A7: 'ba ca' }
    for (const [id, text] of Object.entries(words)) add(writer, itemOf(id, 'Untitled'), text)
    // FTS5's own prefix query, as the search ranks it, is the measure of which items a prefix matches.
    const ranked = (query: string) => searchLibrary(reader, { query, limit: 200 }).hits.map((hit) => hit.id).sort()
    const any = matched(reader, 'a')
    expect(any).toEqual(expect.arrayContaining(['A1', 'A2', 'A3', 'A4', 'A5', 'A6']))
    expect(any).not.toContain('A7')
    expect(any).toEqual(ranked('a'))
    expect(matched(reader, 'α')).toEqual(['A5'])
    expect(matched(reader, 'untitled a')).toEqual(ranked('untitled a'))
    expect(matched(reader, 'untitled -a')).toEqual(['A2', 'A3', 'A4', 'A5', 'A6', 'A7'])
    // Asked through the prefix index of 2, and the words whose second letter is not ASCII by name.
    const asked = reader.transaction(() => ftsQueryFor(parseSearchQuery('a'), oneLetterPrefixTokens(reader)))()
    expect(asked).toContain('"ab" *')
    expect(asked).toContain('"aøre"')
    expect(asked).not.toContain('"a" *')
    // A word committed later is found by the next keystroke: the words are read with the matches.
    add(writer, itemOf('A8', 'Untitled'), 'aþena')
    expect(matched(reader, 'untitled a')).toContain('A8')
    expect(matchSearchIdsCompactly(reader, 'untitled a')).toEqual({ ids: ranked('untitled a') })
  })

  it('leaves a one-letter prefix to FTS5 when more words follow it with a non-ASCII letter than it names, and still finds them all', () => {
    // Chinese text is indexed a run of characters to a word: a digit before it starts many words.
    const many = Array.from({ length: MOST_OTHER_WORDS + 1 }, (_, n) => `1${String.fromCharCode(0x4e00 + n)}年`)
    many.forEach((word, n) => add(writer, itemOf(`C${n}`, 'Untitled'), word))
    add(writer, itemOf('C-ascii', 'Untitled'), '1a')
    const asked = reader.transaction(() => ftsQueryFor(parseSearchQuery('1'), oneLetterPrefixTokens(reader)))()
    expect(asked).toContain('"1" *')
    expect(asked).not.toContain(`"${many[0]}"`)
    const mine = (ids: string[]) => ids.filter((id) => id.startsWith('C'))
    expect(mine(matched(reader, '1'))).toEqual([...many.map((_, n) => `C${n}`), 'C-ascii'].sort())
    // One word fewer, and each is named.
    remove(writer, `C${MOST_OTHER_WORDS}`)
    expect(reader.transaction(() => ftsQueryFor(parseSearchQuery('1'), oneLetterPrefixTokens(reader)))()).toContain(`"${many[0]}"`)
    expect(mine(matched(reader, '1'))).toEqual([...many.slice(0, -1).map((_, n) => `C${n}`), 'C-ascii'].sort())
  })
})
