import type Database from 'better-sqlite3'
import type { ItemMatches, SearchQuery, SearchResults } from '../../core/archiveApi'
import type { SearchDocument } from '../../core/search/searchDocument'
import type { SearchScope } from '../search'

/** The full-text index kept in the catalog database, updated in the same transaction as each change. */
export interface SearchBinding {
  /** True when it made the tables anew: every item must then be indexed again. */
  createSchema(db: Database.Database): boolean
  index(db: Database.Database, doc: SearchDocument): void
  /** New tags for `tag:` at once; the words follow when the item is indexed. */
  retag(db: Database.Database, id: string, tags: readonly string[]): void
  remove(db: Database.Database, id: string): void
  search(db: Database.Database, query: SearchQuery, scope?: SearchScope): SearchResults
  /** The ids of every item outside the trash that the query matches. */
  matchIds(db: Database.Database, query: string, scope?: SearchScope): string[]
  /** The same, or the items it does not match when those are fewer (see ItemMatches). */
  matchCompactly(db: Database.Database, query: string, scope?: SearchScope): ItemMatches
  /** The article text the index holds for an item, if any (content is immutable, so it stays true). */
  indexedText(db: Database.Database, id: string): string | undefined
  /** The ids in the index's own order: items indexed again in that order are written as one piece. */
  indexOrder(db: Database.Database, ids: readonly string[]): string[]
  /** One bounded step of tidying the index after a rebuild; true while there is more to do. */
  tidy(db: Database.Database): boolean
  /** One bounded step of merging the whole index into one piece, as queries read it quickest; true while there is more to do. */
  mergeWhole(db: Database.Database): boolean
  /** Whether enough of the index lies outside its largest piece for mergeWhole to be worth its cost. */
  worthMerging(db: Database.Database): boolean
  /** Holds the index's merging for the rest of a change of many items, in its transaction; gives what ends the hold, to call before it commits. */
  holdMerges(db: Database.Database): () => void
  /** One bounded step of the merging held changes owe; true while some is left. */
  payMerges(db: Database.Database): boolean
  /** Whether held changes left merging to do. */
  owesMerges(db: Database.Database): boolean
  /** One bounded step of building the impact lists of a large library (resumable); true while there is more to do. */
  buildLists(db: Database.Database): boolean
}
