import type { AnnotationFile } from '../annotations/annotationModel'
import { noteOf } from '../annotations/annotationModel'
import type { Item } from '../archiveApi'
import { formatAuthorNatural, formatPartialDate, yearOf } from '../cslItem'
import type { SearchDocument } from './searchDocument'

/** What the index keeps of an item, from its catalog entry, its archived text and its annotations. */
export function searchDocumentFor(item: Item, text: string, annotations: AnnotationFile): SearchDocument {
  const csl = item.csl
  const authorNames = (csl.author ?? []).map(formatAuthorNatural)
  return {
    id: item.id,
    stamp: item.modifiedAt,
    citekey: item.citekey,
    trashed: Boolean(item.trashedAt),
    language: csl.language ?? '',
    type: csl.type,
    year: yearOf(csl) ?? null,
    date: formatPartialDate(csl.issued) || item.addedAt,
    tags: item.tags,
    title: csl.title ?? '',
    authors: authorNames.join('; '),
    authorNames,
    container: csl['container-title'] ?? '',
    abstract: typeof csl.abstract === 'string' ? csl.abstract : '',
    text,
    annotations: annotations.annotations
      .filter((annotation) => !annotation['scriptorium:deleted'])
      .map((annotation) => {
        // An area highlight (a rectangle on a PDF page) has no quote; its note is still searched.
        const first = annotation.target.selector?.[0]
        const quote = first && 'exact' in first ? first.exact : undefined
        return {
          id: annotation.id.slice(annotation.id.lastIndexOf(':') + 1),
          kind: annotation.motivation === 'highlighting' ? ('highlight' as const) : ('note' as const),
          text: [quote, noteOf(annotation)].filter(Boolean).join('\n'),
        }
      }),
  }
}
