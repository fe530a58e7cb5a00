import { CONTEXT_LENGTH } from '../anchoring/textSelectors'
import { ArchiveError } from '../archiveError'
import type { StoredAnnotation } from './annotationModel'
import { problemWith } from './checkAnnotation'

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
  return entriesOf(data).map((entry, index) => {
    const problem = problemWith(entry)
    if (problem) throw new ArchiveError('invalid_argument', `Entry ${index + 1} of the annotations file ${problem}; nothing was imported.`)
    const annotation = structuredClone(entry) as StoredAnnotation & { '@context'?: unknown }
    delete annotation['@context']
    annotation.target.source = itemSource // annotations move with the item they are imported into
    const [quote] = annotation.target.selector ?? []
    if (quote?.type === 'TextQuoteSelector') {
      // Context beyond what anchoring reads would only cost time.
      quote.prefix = quote.prefix.slice(-CONTEXT_LENGTH)
      quote.suffix = quote.suffix.slice(0, CONTEXT_LENGTH)
    }
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
