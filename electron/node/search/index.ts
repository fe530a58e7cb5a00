// Full-text search on SQLite FTS5: the tables, the per-item updates, and the ArchiveApi's search.
export { SEARCH_SCHEMA_VERSION, createSearchSchema } from './searchSchema'
export { indexSearchDocument, removeSearchDocument, indexedSearchStamps, optimizeSearchIndex } from './indexSearchDocument'
export { searchLibrary } from './searchLibrary'
