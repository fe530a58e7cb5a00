import type { SearchAnnotation, SearchDocument } from '../../core/search/searchDocument'

/** A row of search_docs. */
export interface DocRow {
  id: string
  stamp: string
  trashed: number
  citekey: string
  language: string
  type: string
  year: number | null
  date: string
  title: string
  authors: string
  author_names: string
  container: string
  abstract: string
  text: string
  tags: string
  annotations: string
}

/** The SearchDocument a search_docs row keeps. */
export function documentOf(row: DocRow): SearchDocument {
  return {
    id: row.id,
    stamp: row.stamp,
    citekey: row.citekey,
    trashed: row.trashed !== 0,
    language: row.language,
    type: row.type,
    year: row.year,
    date: row.date,
    tags: JSON.parse(row.tags) as string[],
    title: row.title,
    authors: row.authors,
    authorNames: JSON.parse(row.author_names) as string[],
    container: row.container,
    abstract: row.abstract,
    text: row.text,
    annotations: JSON.parse(row.annotations) as SearchAnnotation[],
  }
}
