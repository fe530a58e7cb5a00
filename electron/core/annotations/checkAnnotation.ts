import type { TextPositionSelector, TextQuoteSelector } from '../anchoring/textSelectors'
import { readPdfArea } from '../pdf/pdfAreaSelector'
import { HIGHLIGHT_COLORS, type StoredAnnotation } from './annotationModel'

/** The longest passage a highlight may cover: a few pages of text. */
export const MAX_QUOTE_LENGTH = 20_000

/**
 * What keeps an entry from being a highlight or note Scriptorium can show and anchor, in words
 * ("has no TextQuoteSelector"), or undefined when it is sound. Used on import and on every read.
 */
export function problemWith(entry: unknown): string | undefined {
  const annotation = entry as Partial<StoredAnnotation> | null
  if (!annotation || annotation.type !== 'Annotation' || typeof annotation.id !== 'string' || !annotation.id) return 'is not a W3C annotation with an id'
  if (annotation.motivation !== 'highlighting' && annotation.motivation !== 'commenting') return 'is neither a highlight nor a note'
  if (typeof annotation.created !== 'string' || typeof annotation.modified !== 'string') return 'lacks its created or modified date'
  if (!Array.isArray(annotation.body) || annotation.body.some((body) => typeof body?.value !== 'string')) return 'has a body that is not text'
  if (!annotation.target || typeof annotation.target !== 'object') return 'has no target'
  if (annotation.motivation === 'highlighting') {
    const [quote, position] = Array.isArray(annotation.target.selector) ? annotation.target.selector : []
    const problem = quote?.type === 'FragmentSelector' ? areaProblem(quote) : textProblem(quote, position)
    if (problem) return problem
    const color = annotation['scriptorium:color']
    if (color !== undefined && !HIGHLIGHT_COLORS.includes(color)) return `has an unknown colour "${color}"`
  }
  return undefined
}

/** An area highlight: a page refined by a rectangle, no text. */
function areaProblem(selector: unknown): string | undefined {
  return readPdfArea(selector) ? undefined : 'has an area selector that names no page and rectangle (page=N refined by xywh=x,y,w,h)'
}

function textProblem(quote: Partial<TextQuoteSelector> | undefined, position: Partial<TextPositionSelector> | undefined): string | undefined {
  if (quote?.type !== 'TextQuoteSelector' || typeof quote.exact !== 'string' || typeof quote.prefix !== 'string' || typeof quote.suffix !== 'string') {
    return 'has no TextQuoteSelector'
  }
  if (!quote.exact.trim() || quote.exact.length > MAX_QUOTE_LENGTH) return `has a quote that is empty or longer than ${MAX_QUOTE_LENGTH.toLocaleString('en')} characters`
  if (position?.type !== 'TextPositionSelector' || !Number.isInteger(position.start) || !Number.isInteger(position.end) || position.start! < 0 || position.end! < position.start!) {
    return 'has no valid TextPositionSelector'
  }
  return undefined
}
