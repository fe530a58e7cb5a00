import { ArchiveError } from '../archiveError'
import { HIGHLIGHT_COLORS, type StoredAnnotation } from './annotationModel'

/**
 * Reads W3C Web Annotation JSON-LD: a collection as exportAnnotations writes it, a page, a list or
 * a single annotation. Every entry must be one Scriptorium can anchor, or nothing is imported.
 */
export function readAnnotationImport(content: string, itemSource: string): StoredAnnotation[] {
  let data: unknown
  try {
    data = JSON.parse(content)
  } catch {
    throw new ArchiveError('invalid_argument', 'The annotations file is not valid JSON.')
  }
  const entries = entriesOf(data)
  return entries.map((entry, index) => {
    const problem = problemWith(entry)
    if (problem) throw new ArchiveError('invalid_argument', `Entry ${index + 1} of the annotations file ${problem}; nothing was imported.`)
    const annotation = structuredClone(entry) as StoredAnnotation
    delete (annotation as { '@context'?: unknown })['@context']
    annotation.target.source = itemSource // annotations move with the item they are imported into
    return annotation
  })
}

function entriesOf(data: unknown): unknown[] {
  const record = data as Record<string, unknown> | null
  if (Array.isArray(data)) return data
  if (record?.type === 'AnnotationCollection') return ((record.first as Record<string, unknown> | undefined)?.items as unknown[]) ?? []
  if (record?.type === 'AnnotationPage') return (record.items as unknown[]) ?? []
  if (record?.type === 'Annotation') return [record]
  throw new ArchiveError('invalid_argument', 'The annotations file holds no W3C Web Annotations.')
}

function problemWith(entry: unknown): string | undefined {
  const annotation = entry as Partial<StoredAnnotation> | null
  if (!annotation || annotation.type !== 'Annotation' || typeof annotation.id !== 'string') return 'is not a W3C annotation with an id'
  if (annotation.motivation !== 'highlighting' && annotation.motivation !== 'commenting') return 'is neither a highlight nor a note'
  if (typeof annotation.created !== 'string' || typeof annotation.modified !== 'string') return 'lacks its created or modified date'
  if (!Array.isArray(annotation.body) || annotation.body.some((body) => typeof body?.value !== 'string')) return 'has a body that is not text'
  if (!annotation.target || typeof annotation.target !== 'object') return 'has no target'
  if (annotation.motivation === 'highlighting') {
    const [quote, position] = annotation.target.selector ?? []
    if (quote?.type !== 'TextQuoteSelector' || typeof quote.exact !== 'string' || typeof quote.prefix !== 'string' || typeof quote.suffix !== 'string') {
      return 'has no TextQuoteSelector'
    }
    if (position?.type !== 'TextPositionSelector' || !Number.isInteger(position.start) || !Number.isInteger(position.end)) return 'has no TextPositionSelector'
    const color = annotation['scriptorium:color']
    if (color !== undefined && !HIGHLIGHT_COLORS.includes(color)) return `has an unknown colour "${color}"`
  }
  return undefined
}
