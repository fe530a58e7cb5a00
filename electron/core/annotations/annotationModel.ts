import type { TextPositionSelector, TextQuoteSelector } from '../anchoring/textSelectors'
import type { PdfAreaSelector } from '../pdf/pdfAreaSelector'
import type { PdfPageSelector } from '../pdf/pdfPageSelector'

export const HIGHLIGHT_COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const
export type HighlightColor = (typeof HIGHLIGHT_COLORS)[number]

export const ANNOTATION_CONTEXT = ['http://www.w3.org/ns/anno.jsonld', { scriptorium: 'urn:scriptorium:ns:' }] as const

export interface MarkdownBody {
  type: 'TextualBody'
  value: string
  format: 'text/markdown'
  purpose: 'commenting'
}

/**
 * A W3C Web Annotation as Hypothesis stores one: a TextQuoteSelector and a TextPositionSelector over
 * the archived text, plus the colour, paragraph and heading the reader shows. A note on the item
 * itself has a target without selectors.
 */
export interface StoredAnnotation {
  id: string
  type: 'Annotation'
  motivation: 'highlighting' | 'commenting'
  created: string
  modified: string
  body: MarkdownBody[]
  /**
   * On a PDF, a third selector names the page (RFC 8118), refined by a quote and a position over that
   * page's text. An area highlight (a figure, a table) has one selector: the page refined by xywh=.
   */
  target: { source: string; selector?: [TextQuoteSelector, TextPositionSelector] | [TextQuoteSelector, TextPositionSelector, PdfPageSelector] | [PdfAreaSelector] }
  'scriptorium:color'?: HighlightColor
  'scriptorium:paragraph'?: number | null
  'scriptorium:heading'?: string | null
  /** Set while the annotation is deleted, so that Undo can bring it back. */
  'scriptorium:deleted'?: string
  /** The id an imported annotation had elsewhere (W3C "via"). */
  via?: string
  /** The device whose copy of the library made it (see MadeBy); absent on older entries, which stay valid. */
  'scriptorium:device'?: string
}

/** items/<id>/annotations.json */
export interface AnnotationFile {
  schemaVersion: 1
  annotations: StoredAnnotation[]
  /** Damaged entries, with a sentence each, kept out of view and written back untouched (see readAnnotationFile). */
  setAside?: { entry: unknown; reason: string }[]
}

export const emptyAnnotationFile = (): AnnotationFile => ({ schemaVersion: 1, annotations: [] })

export const annotationIri = (id: string) => `urn:scriptorium:annotation:${id}`
/** Ids this library gave; any other id is replaced on import, so that every id is short, unique and safe to type. */
export const OWN_ANNOTATION_IRI = /^urn:scriptorium:annotation:[2-9A-Z]{8}$/
export const itemIri = (id: string) => `urn:scriptorium:item:${id}`
export const shortId = (iri: string) => iri.slice(iri.lastIndexOf(':') + 1)

export function noteOf(annotation: StoredAnnotation): string {
  return annotation.body.map((body) => body.value).join('\n\n')
}

export function markdownBody(note: string): MarkdownBody[] {
  return note.trim() ? [{ type: 'TextualBody', value: note.trim(), format: 'text/markdown', purpose: 'commenting' }] : []
}
