import type Database from 'better-sqlite3'
import { FIELD_WEIGHT, SEARCH_FIELDS, type SearchField } from '../../core/search/searchFields'
import { IMPACT_TABLE_NAMES, IMPACT_TABLES } from './impactLists'
import { PHRASE_GRAM_TABLE_NAMES, PHRASE_GRAM_TABLES } from './phraseGrams'

/** Raised whenever the tables, the tokenizing or the stemming change: older search tables are dropped, to be rebuilt. */
export const SEARCH_SCHEMA_VERSION = 3

/** The FTS5 column of a field's folded words as written: phrases and prefixes are matched here. */
export const exactColumn = (field: SearchField) => `${field}_exact`
/** The FTS5 column of the same words stemmed by the item's language: whole words are matched here. */
export const stemColumn = (field: SearchField) => `${field}_stem`

export const FTS_COLUMNS = [...SEARCH_FIELDS.map(exactColumn), ...SEARCH_FIELDS.map(stemColumn)]

/** Each column's weight in BM25, as its field's, the title highest (bm25()'s arguments after the table). */
export const WEIGHTS = [...SEARCH_FIELDS, ...SEARCH_FIELDS].map((field) => FIELD_WEIGHT[field]).join(', ')
/** BM25 with each column weighted as its field is, the title highest: the table's rank. */
const RANK = `bm25(${WEIGHTS})`
/** The same BM25 called directly in a query: ranking with it skips the second statement FTS5 runs for ORDER BY rank. */
export const BM25 = `bm25(search_fts, ${WEIGHTS})`

// The text goes in as folded words joined by spaces, so the ascii tokenizer only has to split on
// spaces; the apostrophe stays inside a word (zo'n), as tokenizeForSearch keeps it. Contentless:
// the plain text for snippets lives once, in search_docs. Prefix indexes of 2 and 3 characters
// make a short prefix as quick as a word; longer ones scan the sorted terms.
const CREATE = `
CREATE TABLE search_docs (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  stamp TEXT NOT NULL,
  trashed INTEGER NOT NULL,
  citekey TEXT NOT NULL,
  language TEXT NOT NULL,
  type TEXT NOT NULL,
  year INTEGER,
  date TEXT NOT NULL,
  title TEXT NOT NULL,
  authors TEXT NOT NULL,
  author_names TEXT NOT NULL,
  container TEXT NOT NULL,
  abstract TEXT NOT NULL,
  text TEXT NOT NULL,
  tags TEXT NOT NULL,
  annotations TEXT NOT NULL
);
CREATE INDEX search_docs_date ON search_docs (date);
CREATE INDEX search_docs_filters ON search_docs (rowid, trashed, language, year, type, date, id);
CREATE TABLE search_tags (tag TEXT NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (tag, doc)) WITHOUT ROWID;
CREATE INDEX search_tags_doc ON search_tags (doc);
CREATE VIRTUAL TABLE search_fts USING fts5(
  ${FTS_COLUMNS.join(', ')},
  content = '', contentless_delete = 1, tokenize = "ascii tokenchars ''''", prefix = '2 3'
);
`

/**
 * Creates the FTS5 tables and side tables if missing; idempotent. True when it made them anew (none
 * were there, or of another version): the caller then indexes every item again. The caller owns
 * the db (WAL mode) and its transactions.
 */
export function createSearchSchema(db: Database.Database): boolean {
  db.exec('CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)')
  const row = db.prepare("SELECT value FROM search_meta WHERE key = 'schema_version'").get() as { value: string } | undefined
  if (row?.value === String(SEARCH_SCHEMA_VERSION)) return false
  // Derived data of another version, or half made: dropped whole; the caller indexes the library again.
  // The version is written last, so a crash before it leaves tables that the next call drops.
  db.exec('DROP TABLE IF EXISTS search_fts; DROP TABLE IF EXISTS search_tags; DROP TABLE IF EXISTS search_docs;')
  for (const table of [...IMPACT_TABLE_NAMES, ...PHRASE_GRAM_TABLE_NAMES]) db.exec(`DROP TABLE IF EXISTS ${table}`)
  db.exec(CREATE)
  db.exec(IMPACT_TABLES)
  db.exec(PHRASE_GRAM_TABLES)
  db.prepare("DELETE FROM search_meta WHERE key IN ('impact_lists', 'impact_build')").run()
  db.prepare("INSERT INTO search_fts (search_fts, rank) VALUES ('rank', ?)").run(RANK)
  db.prepare("INSERT OR REPLACE INTO search_meta (key, value) VALUES ('schema_version', ?)").run(String(SEARCH_SCHEMA_VERSION))
  return true
}
