import type { SearchDocument } from '../../core/search/searchDocument'
import { fieldTexts } from '../../core/search/searchFieldTexts'
import { SEARCH_FIELDS } from '../../core/search/searchFields'
import { stemCached, stemmerFor } from '../../core/search/stemForSearch'
import { wordsForSearch } from '../../core/search/tokenizeForSearch'

/** What search_fts holds for an item, field by field in SEARCH_FIELDS order: its folded words as written, and stemmed by its language. */
export function ftsColumnTexts(doc: SearchDocument): { exact: string[]; stems: string[] } {
  const stem = stemmerFor(doc.language)
  const exact: string[] = []
  const stems: string[] = []
  const texts = new Map(fieldTexts(doc))
  for (const field of SEARCH_FIELDS) {
    const text = texts.get(field)
    const words = text ? wordsForSearch(text) : []
    exact.push(words.join(' '))
    stems.push(words.map((word) => stemCached(stem, word)).join(' '))
  }
  return { exact, stems }
}
