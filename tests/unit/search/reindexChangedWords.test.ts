import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { SearchDocument } from '../../../electron/core/search/searchDocument'
import { buildImpactLists, indexSearchDocument, searchLibrary } from '../../../electron/node/search'
import { realParagraphs } from '../../support/realParagraphs'
import { makeSearchDatabase, type SearchDatabase } from '../../support/searchDatabase'

// One document a paragraph of real prose, so that common words have lists and pairs of them grams.
const paragraphs = realParagraphs()

function docOf(n: number, fields: Partial<SearchDocument> = {}): SearchDocument {
  const text = paragraphs[n]
  return {
    id: `P${n}`, stamp: 's1', citekey: `p${n}`, trashed: false, language: n % 3 ? 'en' : 'nl', type: 'article', year: 1990 + (n % 30),
    date: `${1990 + (n % 30)}-01-01`, tags: [], title: text.split(' ').slice(0, 6).join(' '), authors: '', authorNames: [],
    container: '', abstract: '', text, annotations: [], ...fields,
  }
}

let edited: Database.Database
let reference: Database.Database
let temp: SearchDatabase

beforeEach(async () => {
  temp = await makeSearchDatabase('edited.sqlite')
  edited = temp.db
  edited.transaction(() => paragraphs.forEach((_, n) => indexSearchDocument(edited, docOf(n))))()
  // Small lists, so that most are trimmed and an edit moves items across their floors.
  edited.transaction(() => buildImpactLists(edited, { minItems: 40, keep: 12 }))()
  await edited.backup(join(temp.dir, 'reference.sqlite'))
  reference = temp.open('reference.sqlite')
}, 60_000)

afterEach(() => temp?.remove())

/** Everything the search keeps of the items' words: the FTS5 terms, the lists and counts, the grams and lengths. */
function wordsKept(db: Database.Database) {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms USING fts5vocab('main', 'search_fts', 'instance')")
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.gram_terms USING fts5vocab('main', 'search_grams', 'instance')")
  return {
    fts: db.prepare('SELECT term, doc, col, offset FROM temp.fts_terms ORDER BY term, doc, col, offset').raw().all(),
    lists: db.prepare('SELECT term, doc, freq, length, key FROM search_impact ORDER BY term, doc').raw().all(),
    counts: db.prepare('SELECT term, floor, size, items FROM search_impact_terms ORDER BY term').raw().all(),
    grams: db.prepare('SELECT term, doc, col, offset FROM temp.gram_terms ORDER BY term, doc, col, offset').raw().all(),
    lengths: db.prepare('SELECT doc, tokens FROM search_lengths ORDER BY doc').raw().all(),
    averages: db.prepare('SELECT block FROM search_fts_data WHERE id = 1').pluck().get(),
  }
}

it('follows an edit of some fields exactly as taking the item out and indexing it anew would', () => {
  const listed = edited.prepare('SELECT term FROM search_impact_terms ORDER BY items DESC').pluck().all() as string[]
  const edits: SearchDocument[] = [
    // A new word in the title (what a sync brings most), then another over it.
    { ...docOf(1), title: `${docOf(1).title} zeldzaamwoord` },
    { ...docOf(1), title: `${docOf(1).title} anderwoord`, stamp: 's2' },
    // A title of listed words, repeated: the item rises in their lists, and its old title's words may leave the counts.
    { ...docOf(2), title: `${listed[5]} ${listed[5]} ${listed[9]}` },
    // A title of two common words side by side: a gram comes; then it goes again.
    { ...docOf(3), title: 'het is of the' },
    { ...docOf(3), title: 'nothing common here', stamp: 's2' },
    // The abstract, the article text (words lost and gained), the tags, a highlight and a note.
    { ...docOf(4), abstract: paragraphs[40] },
    { ...docOf(5), text: paragraphs[50] },
    { ...docOf(6), tags: ['Walvis', listed[3]], annotations: [{ id: 'H1', kind: 'highlight', text: paragraphs[60].slice(0, 200) }, { id: 'N1', kind: 'note', text: `${listed[2]} ${listed[2]}` }] },
    // Another language: every stem may change.
    { ...docOf(7), language: docOf(7).language === 'nl' ? 'en' : 'nl' },
    // Everything at once, on a long item.
    { ...docOf(8), title: `${listed[0]} of the`, abstract: paragraphs[80], text: `${paragraphs[8]} ${paragraphs[81]}`, tags: [listed[1]] },
  ]
  edited.transaction(() => edits.forEach((doc) => indexSearchDocument(edited, doc)))()
  // The reference takes each item out (the trash drops its words) and indexes it anew.
  reference.transaction(() =>
    edits.forEach((doc) => {
      indexSearchDocument(reference, { ...doc, trashed: true, stamp: `${doc.stamp}-out` })
      indexSearchDocument(reference, doc)
    }),
  )()
  expect(wordsKept(edited)).toEqual(wordsKept(reference))
  // And the search answers the same: by a new word, not by an old one.
  const ids = (db: Database.Database, query: string) => searchLibrary(db, { query, limit: 1000 }).hits.map((hit) => hit.id)
  expect(ids(edited, 'anderwoord ')).toEqual(['P1'])
  expect(ids(edited, 'zeldzaamwoord ')).toEqual([])
  expect(ids(edited, '"het is"')).not.toContain('P3')
  for (const query of [`${listed[5]} `, `${listed[0]} `, '"of the"', 'walvis ', `${listed[2]} in:notes`]) expect(ids(edited, query)).toEqual(ids(reference, query))
})
