import type { SearchDocument } from '../../core/search/searchDocument'
import { fieldTexts } from '../../core/search/searchFieldTexts'
import { SEARCH_FIELDS, type SearchField } from '../../core/search/searchFields'
import { stemCached, stemmerFor } from '../../core/search/stemForSearch'
import { wordsForSearch } from '../../core/search/tokenizeForSearch'

/** What search_fts holds for an item, field by field in SEARCH_FIELDS order: its folded words as written, and stemmed by its language. */
export interface ColumnTexts {
  exact: string[]
  stems: string[]
}

export function ftsColumnTexts(doc: SearchDocument): ColumnTexts {
  return columnTexts(doc)
}

/**
 * The column texts of an item before and after a change. A field whose text (and the item's
 * language) stayed the same is folded and stemmed once, and both sides share its strings: an edit
 * of the title does not fold and stem the article's text twice.
 */
export function ftsColumnTextsOfChange(before: SearchDocument, after: SearchDocument): { before: ColumnTexts; after: ColumnTexts } {
  const now = columnTexts(after)
  const kept = new Map(fieldTexts(after))
  return { before: columnTexts(before, before.language === after.language ? (field, text) => (kept.get(field) === text ? now : null) : () => null), after: now }
}

function columnTexts(doc: SearchDocument, known: (field: SearchField, text: string | undefined) => ColumnTexts | null = () => null): ColumnTexts {
  const stem = stemmerFor(doc.language)
  const exact: string[] = []
  const stems: string[] = []
  const texts = new Map(fieldTexts(doc))
  SEARCH_FIELDS.forEach((field, column) => {
    const text = texts.get(field)
    const same = known(field, text)
    if (same) {
      exact.push(same.exact[column])
      stems.push(same.stems[column])
      return
    }
    const words = text ? wordsForSearch(text) : []
    exact.push(words.join(' '))
    stems.push(words.map((word) => stemCached(stem, word)).join(' '))
  })
  return { exact, stems }
}
