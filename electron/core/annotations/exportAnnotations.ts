import { areaFragment } from '../pdf/pdfAreaSelector'
import { pageSpanText } from '../pdf/pageSpan'
import type { ExportedFile, Highlight, HighlightColorLabel, Item, ItemAnnotations } from '../archiveApi'
import { escapeMarkdown } from '../escapeMarkdown'
import { foldToAscii } from '../generateCitekey'
import { ANNOTATION_CONTEXT, itemIri, type StoredAnnotation } from './annotationModel'

/** A Markdown file ready for Obsidian: the formatted reference, then each highlight as a quote with its locator and note. */
export function exportAnnotationsAsMarkdown(item: Item, reference: string, annotations: ItemAnnotations, colors: HighlightColorLabel[]): ExportedFile {
  const lines = [`# ${escapeMarkdown(item.csl.title ?? 'Untitled')}`, '', escapeMarkdown(reference), '']
  if (annotations.highlights.length) lines.push('## Highlights', '')
  for (const highlight of annotations.highlights) {
    // Each paragraph of the quote stays a paragraph of the blockquote.
    const paragraphs = highlight.quote.split(/\n+/).map((line) => line.trim()).filter(Boolean)
    // An area (a figure, a table) has no text: the rectangle is named as stored, in PDF points on its page.
    if (highlight.area) lines.push(`> *Area of the page (${areaFragment(highlight.area)}, in PDF points)*`)
    else lines.push(paragraphs.map((paragraph) => `> ${escapeMarkdown(paragraph)}`).join('\n>\n'))
    const label = colors.find((entry) => entry.color === highlight.color)?.label
    lines.push(`> — ${[locatorOf(highlight), label].filter(Boolean).join(' · ')}`, '')
    if (highlight.note) lines.push(highlight.note, '')
  }
  if (annotations.notes.length) lines.push('## Notes', '')
  for (const note of annotations.notes) lines.push(note.note, '')
  return { fileName: `${fileStem(item)}.md`, mediaType: 'text/markdown', content: `${lines.join('\n').trimEnd()}\n` }
}

function locatorOf(highlight: Highlight): string {
  if (highlight.orphan) return 'no longer found in the archived text'
  const { paragraph, lastParagraph, pages } = highlight
  // A PDF's passage is found by its page; a web article's by its paragraph.
  const paragraphs = pages ? pageSpanText(pages) : !paragraph ? '' : lastParagraph && lastParagraph !== paragraph ? `paras. ${paragraph}–${lastParagraph}` : `para. ${paragraph}`
  return [paragraphs, highlight.heading ? `under “${escapeMarkdown(highlight.heading)}”` : ''].filter(Boolean).join(', ')
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
