import type { ParsedQuery } from '../../core/search/parseSearchQuery'

type Filters = ParsedQuery['filters']

/** A filter's SQL condition on a column of search_docs (or on any value named so) and its values, in order. */
export interface ColumnCondition {
  sql(column: string): string
  values(filters: Filters): (string | number)[]
}

/** type: matches the item's type in any case. */
export const typeCondition: ColumnCondition = {
  sql: (column) => `lower(${column}) = ?`,
  values: (filters) => [filters.type!],
}

/** lang:en also takes en-GB. */
export const languageCondition: ColumnCondition = {
  sql: (column) => `(lower(${column}) = ? OR substr(lower(${column}), 1, ?) = ?)`,
  values: ({ language }) => [language!, language!.length + 1, `${language}-`],
}
