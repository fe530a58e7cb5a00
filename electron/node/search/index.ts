/**
 * Full-text search on SQLite FTS5, in the caller's database (tables named search_*).
 *
 * - search_docs holds, per item, what a hit and its snippets need (the plain text included) and
 *   the filters' values; search_tags the lower-cased tags for tag:.
 * - search_fts (contentless, with deletes) has two columns per field: `<field>_exact`, the folded
 *   words as written (phrases, prefixes, with prefix indexes of 2 and 3 characters), and
 *   `<field>_stem`, the same words stemmed by the item's language (whole words, matched by the
 *   query word's Dutch and English stems). Its rank is BM25 weighted by FIELD_WEIGHT.
 * - Every function is synchronous and runs in the caller's transaction; nothing here rewrites more
 *   than one item's rows.
 */
export { SEARCH_SCHEMA_VERSION, createSearchSchema } from './searchSchema'
export { buildImpactLists, buildImpactListsStep, impactTopK, LISTS_FROM, type ListsBuildOptions } from './impactLists'
export { indexSearchDocument, retagSearchDocument, removeSearchDocument, indexedSearchStamps, indexedSearchText, inIndexOrder, mergeSearchSegments, mergeWholeSearchIndex, optimizeSearchIndex } from './indexSearchDocument'
export { searchLibrary, matchSearchIds, matchSearchIdsCompactly, type SearchScope } from './searchLibrary'
export { loadSearchRanking, ranksWithSearchBm25 } from './searchRanking'
export { ftsSegments, worthMergingWhole, type FtsSegment } from './ftsSegments'
export { holdSearchMerges, owedMergePages, payOwedMergeStep } from './heldMerges'
