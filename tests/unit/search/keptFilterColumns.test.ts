import { setImmediate as idle } from 'node:timers/promises'
import type Database from 'better-sqlite3'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { Item } from '../../../electron/core/archiveApi'
import type { CslItem } from '../../../electron/core/cslItem'
import { parseSearchQuery } from '../../../electron/core/search/parseSearchQuery'
import { searchDocumentFor } from '../../../electron/core/search/searchDocumentFor'
import { indexSearchDocument, searchLibrary } from '../../../electron/node/search'
import { keptFilter } from '../../../electron/node/search/keptFilterColumns'
import { makeSearchDatabase, type SearchDatabase } from '../../support/searchDatabase'

let temp: SearchDatabase
let db: Database.Database

beforeEach(async () => {
  temp = await makeSearchDatabase()
  db = temp.db
})

afterEach(() => temp?.remove())

const LANGUAGES = ['en', 'en-GB', 'EN-us', 'nl', 'NL', 'nl-BE', 'de', 'eng']
const TYPES: CslItem['type'][] = ['article-journal', 'book', 'chapter', 'thesis']

/** An item of the library, with the word "vrede" a number of times, in a language, type and year (or none) of its number. */
function itemNumbered(n: number, year: number | null): Item {
  const id = `I${String(n).padStart(3, '0')}`
  return {
    id,
    citekey: `key${n}`,
    csl: {
      id,
      type: TYPES[n % TYPES.length],
      title: `Over vrede ${n}`,
      language: LANGUAGES[n % LANGUAGES.length],
      ...(year === null ? {} : { issued: { 'date-parts': [[year, 1 + (n % 12)]] } }),
    },
    tags: n % 5 ? [] : ['gelezen'],
    addedAt: '2024-01-01T00:00:00.000Z',
    modifiedAt: '2024-01-01T00:00:00.000Z',
    trashedAt: n % 11 === 0 ? '2024-02-01T00:00:00.000Z' : null,
    source: { fileName: `${id}.txt`, mediaType: 'text/plain', encoding: 'utf-8', byteLength: 0 },
    wordCount: 0,
    paragraphCount: 0,
  }
}

function index(item: Item): void {
  const text = Array.from({ length: 1 + (Number(item.id.slice(1)) % 4) }, () => 'vrede en oorlog').join(' ')
  db.transaction(() => indexSearchDocument(db, searchDocumentFor(item, text, { schemaVersion: 1, annotations: [] })))()
}

const QUERIES = [
  'vrede lang:en',
  'vrede lang:nl year:2001..2006',
  'vrede type:book',
  'vrede type:BOOK lang:EN',
  'vrede year:2003',
  'oorlog vrede lang:de',
  'vrede -oorlog lang:nl',
  'vrede tag:gelezen lang:en',
  'lang:nl',
]

/** What a connection that has kept no columns answers: each match's filters looked up in search_docs. */
function answeredJoined(query: string, sort: 'relevance' | 'date') {
  const fresh = temp.open('catalog.sqlite', { readonly: true })
  try {
    return searchLibrary(fresh, { query, sort, limit: 7 })
  } finally {
    fresh.close()
  }
}

/** The connection that searches and keeps the columns: read-only, as the catalog's reader (a writable one keeps nothing inside a transaction). */
let reader: Database.Database
afterEach(() => reader?.close())

function expectSameAsJoined(on = reader): void {
  for (const query of QUERIES)
    for (const sort of ['relevance', 'date'] as const) expect(searchLibrary(on, { query, sort, limit: 7 }), `${query} by ${sort}`).toEqual(answeredJoined(query, sort))
}

it('filters and orders the matches as the join with search_docs does, from columns kept per connection', async () => {
  for (let n = 1; n <= 60; n++) index(itemNumbered(n, n % 9 === 0 ? null : 1998 + (n % 12)))
  reader = temp.open('catalog.sqlite', { readonly: true })
  reader.transaction(() => searchLibrary(reader, { query: 'vrede lang:en' }))()
  // The first filtered search finds the columns stale; they are read when the thread is idle.
  await idle()
  expect(reader.transaction(() => keptFilter(reader, parseSearchQuery('vrede lang:en').filters))()).not.toBeNull()
  expectSameAsJoined()
})

it('keeps no columns read inside a change on a writable connection, which may yet be rolled back', async () => {
  for (let n = 1; n <= 30; n++) index(itemNumbered(n, 2000 + (n % 8)))
  expect(() =>
    db.transaction(() => {
      const item = itemNumbered(3, 2003)
      indexSearchDocument(db, searchDocumentFor({ ...item, csl: { ...item.csl, language: 'de', type: 'book' } }, 'vrede', { schemaVersion: 1, annotations: [] }))
      // Twice: a second filtered search would read the columns at once.
      searchLibrary(db, { query: 'vrede lang:de' })
      searchLibrary(db, { query: 'vrede lang:de' })
      throw new Error('the change fails')
    })(),
  ).toThrow('the change fails')
  await idle()
  db.transaction(() => searchLibrary(db, { query: 'vrede lang:de' }))()
  expectSameAsJoined(db)
})

it('reads the columns again after a commit changed an item’s year, language or type', async () => {
  for (let n = 1; n <= 40; n++) index(itemNumbered(n, 2000 + (n % 8)))
  reader = temp.open('catalog.sqlite', { readonly: true })
  reader.transaction(() => searchLibrary(reader, { query: 'vrede year:2003' }))()
  await idle()
  // Another connection moves items out of and into the filters.
  const writer = temp.open('catalog.sqlite')
  for (const n of [3, 11, 19]) {
    const item = itemNumbered(n, 2003)
    writer.transaction(() => indexSearchDocument(writer, searchDocumentFor({ ...item, csl: { ...item.csl, language: 'de', type: 'book' } }, 'vrede', { schemaVersion: 1, annotations: [] })))()
  }
  // Stale: answered by the join; then kept again, at the new version.
  expectSameAsJoined()
  await idle()
  expect(reader.transaction(() => keptFilter(reader, parseSearchQuery('vrede year:2003').filters))()).not.toBeNull()
  expectSameAsJoined()
})
