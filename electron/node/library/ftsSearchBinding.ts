import { createSearchSchema, indexedSearchText, indexSearchDocument, mergeSearchSegments, removeSearchDocument, searchLibrary } from '../search'
import type { SearchBinding } from './searchBinding'

/** The library's search: SQLite FTS5 in the catalog database. */
export const ftsSearch: SearchBinding = {
  createSchema: createSearchSchema,
  index: indexSearchDocument,
  remove: removeSearchDocument,
  search: searchLibrary,
  indexedText: indexedSearchText,
  tidy: (db) => mergeSearchSegments(db),
}
