import type { ExportedFile, Item, ItemAnnotations } from '../archiveApi'
import { formatReference } from '../citations/formatReference'
import { foldToAscii } from '../generateCitekey'
import { ANNOTATION_CONTEXT, itemIri, type StoredAnnotation } from './annotationModel'

/** A Markdown file ready for Obsidian: the formatted reference, then each highlight as a quote with its locator and note. */
export async function exportAnnotationsAsMarkdown(item: Item, annotations: ItemAnnotations): Promise<ExportedFile> {
  const lines = [`# ${item.csl.title ?? 'Untitled'}`, '', await formatReference(item.csl), '']
  if (annotations.highlights.length) lines.push('## Highlights', '')
  for (const highlight of annotations.highlights) {
    lines.push(...highlight.quote.split('\n').filter((line) => line.trim()).map((line) => `> ${line.trim()}`))
    const locator = highlight.orphan
      ? 'no longer found in the archived text'
      : [highlight.paragraph ? `para. ${highlight.paragraph}` : '', highlight.heading ? `under “${highlight.heading}”` : ''].filter(Boolean).join(', ')
    if (locator) lines.push(`> — ${locator}`)
    lines.push('')
    if (highlight.note) lines.push(highlight.note, '')
  }
  if (annotations.notes.length) lines.push('## Notes', '')
  for (const note of annotations.notes) lines.push(note.note, '')
  return { fileName: `${fileStem(item)}.md`, mediaType: 'text/markdown', content: `${lines.join('\n').trimEnd()}\n` }
}

/** W3C Web Annotation JSON-LD: one AnnotationCollection holding the item's annotations as stored. */
export function exportAnnotationsAsJsonLd(item: Item, annotations: StoredAnnotation[]): ExportedFile {
  const collection = {
    '@context': ANNOTATION_CONTEXT,
    id: `${itemIri(item.id)}/annotations`,
    type: 'AnnotationCollection',
    label: item.csl.title ?? 'Untitled',
    total: annotations.length,
    first: { type: 'AnnotationPage', items: annotations },
  }
  return { fileName: `${fileStem(item)}.annotations.jsonld`, mediaType: 'application/ld+json', content: `${JSON.stringify(collection, null, 2)}\n` }
}

function fileStem(item: Item): string {
  return item.citekey || foldToAscii(item.csl.title ?? '') || item.id
}
