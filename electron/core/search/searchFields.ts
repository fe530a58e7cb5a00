/** The parts of an item that are indexed; a term's postings keep a bit for each part it occurs in. */
export const SEARCH_FIELDS = ['title', 'author', 'container', 'abstract', 'text', 'tags', 'highlights', 'notes'] as const
export type SearchField = (typeof SEARCH_FIELDS)[number]

export const FIELD_BIT: Record<SearchField, number> = Object.fromEntries(
  SEARCH_FIELDS.map((field, index) => [field, 1 << index]),
) as Record<SearchField, number>

export const ALL_FIELDS = (1 << SEARCH_FIELDS.length) - 1

/** A word in the title counts three times one in the text, as BM25F weights fields. */
export const FIELD_WEIGHT: Record<SearchField, number> = {
  title: 3,
  author: 2,
  container: 1.5,
  abstract: 1.5,
  text: 1,
  tags: 2,
  highlights: 1.5,
  notes: 1.5,
}
