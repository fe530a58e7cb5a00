import { createSearchSchema, indexedSearchText, indexSearchDocument, matchSearchIds, mergeSearchSegments, removeSearchDocument, retagSearchDocument, searchLibrary } from '../search'
import type { SearchBinding } from './searchBinding'

/** The library's search: SQLite FTS5 in the catalog database. */
export const ftsSearch: SearchBinding = {
  createSchema: createSearchSchema,
  index: indexSearchDocument,
  retag: retagSearchDocument,
  remove: removeSearchDocument,
  search: searchLibrary,
  matchIds: matchSearchIds,
  indexedText: indexedSearchText,
  tidy: (db) => mergeSearchSegments(db),
}
