import type { SearchDocument } from './searchDocument'
import type { SearchField } from './searchFields'

/** Text of each field of a document, as the index reads it. */
export function fieldTexts(doc: SearchDocument): [SearchField, string][] {
  return [
    ['title', doc.title],
    ['author', doc.authors],
    ['container', doc.container],
    ['abstract', doc.abstract],
    ['text', doc.text],
    ['tags', doc.tags.join(' ')],
    ['highlights', doc.annotations.filter((a) => a.kind === 'highlight').map((a) => a.text).join('\n')],
    ['notes', doc.annotations.filter((a) => a.kind === 'note').map((a) => a.text).join('\n')],
  ]
}
