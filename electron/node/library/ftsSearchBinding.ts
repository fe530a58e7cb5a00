import { buildImpactListsStep, createSearchSchema, ftsSegments, holdSearchMerges, owedMergePages, payOwedMergeStep, worthMergingWhole, indexedSearchText, indexSearchDocument, inIndexOrder, matchSearchIds, matchSearchIdsCompactly, mergeSearchSegments, mergeWholeSearchIndex, removeSearchDocument, retagSearchDocument, searchLibrary, type ListsBuildOptions } from '../search'
import type { SearchBinding } from './searchBinding'

/**
 * SCRIPTORIUM_SEARCH_LISTS (for tests) sets the impact lists' build, as `from=20,minItems=10,keep=4,rows=5`,
 * so that a small library gets lists, built in many steps.
 */
function listsOptions(setting = process.env.SCRIPTORIUM_SEARCH_LISTS): ListsBuildOptions {
  if (!setting) return {}
  return Object.fromEntries(setting.split(',').map((pair) => pair.split('=')).map(([key, value]) => [key.trim(), Number(value)]))
}

/** The library's search: SQLite FTS5 in the catalog database. */
export const ftsSearch: SearchBinding = {
  createSchema: createSearchSchema,
  index: indexSearchDocument,
  retag: retagSearchDocument,
  remove: removeSearchDocument,
  search: searchLibrary,
  matchIds: matchSearchIds,
  matchCompactly: matchSearchIdsCompactly,
  indexedText: indexedSearchText,
  indexOrder: inIndexOrder,
  tidy: (db) => mergeSearchSegments(db),
  mergeWhole: (db) => mergeWholeSearchIndex(db),
  worthMerging: (db) => worthMergingWhole(ftsSegments(db)),
  holdMerges: holdSearchMerges,
  payMerges: payOwedMergeStep,
  owesMerges: (db) => owedMergePages(db) > 0,
  buildLists: (db) => buildImpactListsStep(db, listsOptions()),
}
