/** What the index keeps of one item: the text of each field, and the metadata that filters and sorts. */
export interface SearchDocument {
  id: string
  /** Changes when the item or its annotations change; an index entry with another stamp is stale. */
  stamp: string
  /** The item's pinned citation key, for the hit. */
  citekey: string
  /** A trashed item is kept out of every result. */
  trashed: boolean
  language: string
  type: string
  year: number | null
  /** ISO date for sorting by date: the issued date, else when it was added. */
  date: string
  tags: string[]
  title: string
  /** The authors as one text to index, "Given Family; Given Family". */
  authors: string
  /** The same names one by one, as a hit lists them. */
  authorNames: string[]
  container: string
  abstract: string
  /** The archived text, as the reader's offsets count it. */
  text: string
  annotations: SearchAnnotation[]
}

export interface SearchAnnotation {
  id: string
  kind: 'highlight' | 'note'
  /** A highlight's quote and its note, or a note's Markdown. */
  text: string
}
