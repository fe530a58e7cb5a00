import type Database from 'better-sqlite3'
import { statementFor } from './statementFor'

/** What may follow a word's first character in an indexed word as ASCII: words are folded to lower case, and the ascii tokenizer keeps only letters, digits and the apostrophe. */
const ASCII_SECOND = [..."abcdefghijklmnopqrstuvwxyz0123456789'"]

/** Past this many words with a non-ASCII second character, the one-letter prefix is left to FTS5. */
export const MOST_OTHER_WORDS = 64

const withTerms = new WeakSet<Database.Database>()

/** FTS5's list of indexed words, as a table of this connection alone (temp): no schema to migrate. */
function termsTable(db: Database.Database): string {
  if (!withTerms.has(db)) {
    db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_fts_terms USING fts5vocab(main, 'search_fts', 'row')")
    withTerms.add(db)
  }
  return 'temp.search_fts_terms'
}

/**
 * The tokens of a one-letter prefix (`a`) that FTS5 walks quickly: the word itself, each of its
 * two-letter prefixes through the prefix index of 2 (`"ab" *`), and the few indexed words whose
 * second character is not ASCII (at most MOST_OTHER_WORDS), looked up in the list of words. Without a prefix index of 1, FTS5
 * merges every indexed word that starts so, with their positions: at 100,000 items four times as
 * long. Null for a longer prefix or one that does not start with an ASCII letter or digit.
 * Call before the read transaction: the list of words is made (once per connection) outside it.
 */
export function oneLetterPrefixTokens(db: Database.Database): (word: string) => string | null {
  const table = termsTable(db)
  return (word) => {
    if (!/^[a-z0-9]$/.test(word)) return null
    // UTF-8 sorts every non-ASCII character after ASCII: the words from `a\u0080` to `a\u{10FFFF}` are
    // those. Not up to `b`: fts5vocab reads its upper bound inclusively, so it would walk every item of the word `b`.
    const others = statementFor(db, `SELECT term FROM ${table} WHERE term >= ? AND term < ? LIMIT ${MOST_OTHER_WORDS + 1}`).pluck().all(`${word}\u0080`, `${word}\u{10FFFF}`) as string[]
    // Each named word is a lookup of its own, and an OR asks each of them at every item: where
    // thousands follow (a digit before Chinese or Japanese text, one word to a run of characters),
    // FTS5's own prefix query is the quicker.
    if (others.length > MOST_OTHER_WORDS) return null
    return `(${[`"${word}"`, ...ASCII_SECOND.map((next) => `"${word}${next}" *`), ...others.map((term) => `"${term.replaceAll('"', '""')}"`)].join(' OR ')})`
  }
}
