import type Database from 'better-sqlite3'
import type { ParsedQuery } from '../../core/search/parseSearchQuery'
import { FIELD_BIT, FIELD_WEIGHT, SEARCH_FIELDS, type SearchField } from '../../core/search/searchFields'
import { COMMON_WORDS } from './commonWords'
import type { ColumnTexts } from './ftsColumnTexts'
import { B, ftsAverages, ftsTokens, K1 } from './impactLists'
import { statementFor } from './statementFor'

/*
 * Phrase grams (Lucene's CommonGrams): where two common words stand side by side in a field, the
 * pair is also indexed as one token, `het_is`, in search_grams. A phrase of two common words is then
 * a lookup of that far rarer token instead of a walk through the position lists of two words found
 * in nearly every item (120–150 ms at 100,000 items). Its matches and its per-field counts are the
 * phrase's own, as the grams are made from the very tokens of the exact columns; with each item's
 * length in tokens (search_lengths) the search computes FTS5's weighted bm25() for the phrase
 * exactly, so the hits and their order are those of the plain phrase query.
 */

const gramColumn = (field: SearchField) => `${field}_grams`

// '_' joins the two words of a gram: no word has it (tokenizeForSearch keeps letters, digits and inner apostrophes).
export const PHRASE_GRAM_TABLES = `
CREATE VIRTUAL TABLE search_grams USING fts5(
  ${SEARCH_FIELDS.map(gramColumn).join(', ')},
  content = '', contentless_delete = 1, tokenize = "ascii tokenchars '''_'"
);
CREATE VIRTUAL TABLE search_gram_instances USING fts5vocab(search_grams, instance);
CREATE TABLE search_lengths (doc INTEGER PRIMARY KEY, tokens INTEGER NOT NULL);
`
/** In the order they can be dropped: the vocabulary table reads search_grams. */
export const PHRASE_GRAM_TABLE_NAMES = ['search_gram_instances', 'search_grams', 'search_lengths']

/** The gram of two adjacent words, or null when either is not a common word. */
function gramOf(first: string, second: string): string | null {
  return COMMON_WORDS.has(first) && COMMON_WORDS.has(second) ? `${first}_${second}` : null
}

/** Each field's grams, from its exact column's text: the tokens FTS5 matches a phrase against. */
function gramTexts(exact: string[], tokensOf: (text: string) => string[]): string[] {
  return exact.map((text) => gramText(text, tokensOf))
}

function gramText(text: string, tokensOf: (text: string) => string[]): string {
  const tokens = tokensOf(text)
  const grams: string[] = []
  for (let n = 1; n < tokens.length; n++) {
    const gram = gramOf(tokens[n - 1], tokens[n])
    if (gram) grams.push(gram)
  }
  return grams.join(' ')
}

/** Indexes an item's grams and its length in FTS5 tokens (every column, as bm25() counts it); in the caller's transaction with its FTS row. */
export function indexPhraseGrams(db: Database.Database, rowid: number, exact: string[], stems: string[], tokensOf: (text: string) => string[] = ftsTokens): void {
  const grams = gramTexts(exact, tokensOf)
  // Most short items (a reference without text) have no gram: no rows, nothing to delete later.
  if (grams.every((text) => !text)) return
  statementFor(db, `INSERT INTO search_grams (${SEARCH_FIELDS.map(gramColumn).join(', ')}, rowid) VALUES (${SEARCH_FIELDS.map(() => '?').join(', ')}, ?)`).run(...grams, rowid)
  statementFor(db, 'INSERT INTO search_lengths (doc, tokens) VALUES (?, ?)').run(rowid, tokenCount(exact, stems, tokensOf))
}

const tokenCount = (exact: string[], stems: string[], tokensOf: (text: string) => string[]) => [...exact, ...stems].reduce((sum, text) => sum + tokensOf(text).length, 0)

/**
 * Follows an item's change of words: when its grams stay the same (an edited title seldom has two
 * common words side by side), only its length is written again, not the gram row of its whole text.
 */
export function reindexPhraseGrams(db: Database.Database, rowid: number, before: ColumnTexts, after: ColumnTexts, tokensOf: (text: string) => string[]): void {
  const same = after.exact.every((text, column) => text === before.exact[column] || gramText(text, tokensOf) === gramText(before.exact[column], tokensOf))
  if (!same) {
    removePhraseGrams(db, rowid)
    indexPhraseGrams(db, rowid, after.exact, after.stems, tokensOf)
    return
  }
  // Only an item with grams has a length row: for another, this changes nothing.
  statementFor(db, 'UPDATE search_lengths SET tokens = ? WHERE doc = ?').run(tokenCount(after.exact, after.stems, tokensOf), rowid)
}

/** Takes an item's grams out, with its FTS row. */
export function removePhraseGrams(db: Database.Database, rowid: number): void {
  // Only an item that had grams has a length row, and a gram row to delete.
  if (!statementFor(db, 'DELETE FROM search_lengths WHERE doc = ?').run(rowid).changes) return
  statementFor(db, 'DELETE FROM search_grams WHERE rowid = ?').run(rowid)
}

/** The gram a query looks up, when it is one phrase of two common words and nothing else; else null. */
function queryGram(parsed: ParsedQuery): { gram: string; fields: SearchField[] } | null {
  if (parsed.clauses.length !== 1 || parsed.clauses[0].length !== 1 || parsed.excluded.length) return null
  const [term] = parsed.clauses[0]
  if (term.kind !== 'phrase') return null
  const tokens = ftsTokens(term.words.join(' '))
  const gram = tokens.length === 2 ? gramOf(tokens[0], tokens[1]) : null
  return gram ? { gram, fields: SEARCH_FIELDS.filter((field) => term.fields & FIELD_BIT[field]) } : null
}

/**
 * The first `limit` items for a query of one phrase of two common words, ranked as FTS5 ranks the
 * phrase in the exact columns (bm25() with FIELD_WEIGHT, the phrase's IDF over every item), or by
 * date; with how many there are. Null for a query of another shape: the caller asks FTS5.
 */
export function phraseTopK(
  db: Database.Database,
  parsed: ParsedQuery,
  limit: number,
  sort: 'relevance' | 'date',
  filters: { sql: string; values: (string | number)[] },
): { ranked: { rowid: number; score: number }[]; total: number } | null {
  const query = queryGram(parsed)
  if (!query) return null
  const { gram, fields } = query
  const columns = fields.map((field) => `'${gramColumn(field)}'`).join(', ')
  // Per item: the phrase's occurrences weighted by their field, as bm25() adds them up.
  const hits = `SELECT doc, sum(CASE col ${fields.map((field) => `WHEN '${gramColumn(field)}' THEN ${FIELD_WEIGHT[field]}`).join(' ')} END) AS freq
    FROM search_gram_instances WHERE term = ? AND col IN (${columns}) GROUP BY doc`
  // bm25()'s part of the phrase before its IDF, written as fts5_aux.c computes it.
  const part = `h.freq * (${K1} + 1.0) / (h.freq + ${K1} * (1 - ${B} + ${B} * l.tokens / ?))`
  const filtered = filters.values.length > 0 || sort === 'date'
  const order = sort === 'date' ? 'd.date DESC, part DESC' : filtered ? 'part DESC, d.date DESC' : 'part DESC'
  const { rows, avgdl } = ftsAverages(db)
  const ranked = statementFor(
    db,
    `WITH h AS (${hits}) SELECT h.doc AS rowid, ${part} AS part, count(*) OVER () AS total FROM h JOIN search_lengths l ON l.doc = h.doc
     ${filtered ? `JOIN search_docs d ON d.rowid = h.doc WHERE ${filters.sql}` : ''} ORDER BY ${order}, rowid LIMIT ?`,
  ).all(gram, avgdl, ...(filtered ? filters.values : []), limit) as { rowid: number; part: number; total: number }[]
  const total = ranked[0]?.total ?? 0
  // The IDF counts every item with the phrase in these fields, whatever the filters keep.
  const found = filtered ? (statementFor(db, `SELECT count(*) FROM (${hits})`).pluck().get(gram) as number) : total
  const idf = Math.max(Math.log((rows - found + 0.5) / (found + 0.5)), 0) || 1e-6
  return { ranked: ranked.map(({ rowid, part }) => ({ rowid, score: idf * part })), total }
}
