import { anchorHighlight } from '../anchoring/anchorHighlight'
import { findQuoteOccurrences, selectOccurrence } from '../anchoring/findQuote'
import { normalizeForMatching } from '../anchoring/normalizeForMatching'
import { describeTextRange, type TextRange } from '../anchoring/textSelectors'
import type { ArchiveApi, Highlight, Item, ItemAnnotations, ItemNote } from '../archiveApi'
import { ArchiveError } from '../archiveError'
import type { ArchiveStore } from '../archiveStore'
import { headingBefore, paragraphAt, type ArticleStructure } from '../articleStructure'
import { randomId } from '../randomId'
import { readArticleStructure } from '../readArticleStructure'
import { exportAnnotationsAsJsonLd, exportAnnotationsAsMarkdown } from './exportAnnotations'
import { readAnnotationImport } from './importAnnotations'
import { problemWith } from './checkAnnotation'
import { settingsWithDefaults } from './highlightColors'
import { pageSpanOf, pdfPageSelector, storedPageSpan } from '../pdf/pdfPageSelector'
import { pdfAreaSelector, readPdfArea, type PdfArea } from '../pdf/pdfAreaSelector'
import {
  annotationIri,
  itemIri,
  OWN_ANNOTATION_IRI,
  markdownBody,
  noteOf,
  shortId,
  type AnnotationFile,
  type StoredAnnotation,
} from './annotationModel'

type AnnotationApi = Pick<
  ArchiveApi,
  | 'listAnnotations'
  | 'addHighlight'
  | 'addAreaHighlight'
  | 'addNote'
  | 'updateAnnotation'
  | 'deleteAnnotation'
  | 'restoreAnnotation'
  | 'exportAnnotations'
  | 'importAnnotations'
>

export interface AnnotationContext {
  store: ArchiveStore
  now: () => Date
  /** The item an id (or citekey) names, or a not_found refusal. */
  itemOrThrow: (id: string) => Item
  /** The item's reference in the library's citation style, which heads a Markdown export. */
  referenceOf: (item: Item) => Promise<string>
}

// Parsed text is kept per item; it is parsed again only when content.html differs, as after a
// re-extraction or a sync from another machine.
const STRUCTURE_CACHE_SIZE = 32

/** Highlights and notes: stored per item in annotations.json, anchored again on every read. */
export function createAnnotationOperations({ store, now, itemOrThrow, referenceOf }: AnnotationContext): AnnotationApi {
  const structures = new Map<string, { html: string; structure: ArticleStructure }>()

  /** The item's archived text; its pages count only for a PDF, whatever a saved web page's markup says. */
  async function structureOf(item: Item): Promise<ArticleStructure> {
    const structure = await parsedStructure(item.id)
    return item.pdf ? structure : { ...structure, pages: [] }
  }

  async function parsedStructure(itemId: string): Promise<ArticleStructure> {
    const html = await store.readContent(itemId)
    const cached = structures.get(itemId)
    if (cached?.html === html) return cached.structure
    const structure = await readArticleStructure(html)
    structures.delete(itemId)
    if (structures.size >= STRUCTURE_CACHE_SIZE) structures.delete(structures.keys().next().value!)
    structures.set(itemId, { html, structure })
    return structure
  }

  async function view(item: Item, file?: AnnotationFile): Promise<ItemAnnotations> {
    const read = file ?? (await store.readAnnotations(item.id))
    // A damaged entry (a hand edit, a sync conflict) is set aside when read, and named, never allowed to hide the rest.
    const setAside = (read.setAside ?? []).map(({ reason }) => reason)
    const sound = read.annotations.filter((annotation) => problemWith(annotation) === undefined)
    const annotations = sound.filter((annotation) => !annotation['scriptorium:deleted'])
    const structure = await structureOf(item)
    const names = await store.deviceNames()
    const withMaker = <T>(annotation: StoredAnnotation, shown: T): T => {
      const device = annotation['scriptorium:device']
      return typeof device === 'string' && device ? { ...shown, madeBy: { device, name: names[device] ?? device } } : shown
    }
    const highlights = annotations
      .filter((annotation) => annotation.motivation === 'highlighting')
      .map((annotation) => withMaker(annotation, toHighlight(annotation, structure)))
      .sort((a, b) => readingOrder(a, structure) - readingOrder(b, structure) || a.created.localeCompare(b.created))
    const notes = annotations.filter((annotation) => annotation.motivation === 'commenting').map((annotation) => withMaker(annotation, toNote(annotation)))
    return { itemId: item.id, highlights, notes, damaged: setAside.length, setAside }
  }

  /** Reads, changes and writes an item's annotations under the library's lock. */
  async function changeAnnotations<T>(id: string, change: (file: AnnotationFile, item: Item) => T): Promise<{ result: T; item: Item; file: AnnotationFile }> {
    return store.mutate(async () => {
      const item = itemOrThrow(id)
      const file = await store.readAnnotations(item.id)
      const result = change(file, item)
      file.annotations = file.annotations.filter((annotation) => !deletedLongAgo(annotation, now()))
      await store.writeAnnotations(item.id, file)
      return { result, item, file }
    })
  }

  function findAnnotation(file: AnnotationFile, annotationId: string, deleted: boolean): StoredAnnotation {
    const found = file.annotations.find((annotation) => shortId(annotation.id) === annotationId && Boolean(annotation['scriptorium:deleted']) === deleted)
    if (!found) throw new ArchiveError('not_found', `There is no ${deleted ? 'deleted ' : ''}highlight or note with id "${annotationId}" on this item.`)
    return found
  }

  /** Adds a new annotation with a fresh id and today's date to the file, and returns it. */
  function append(file: AnnotationFile, fields: Omit<StoredAnnotation, 'id' | 'type' | 'created' | 'modified'>): StoredAnnotation {
    const stamp = now().toISOString()
    const annotation: StoredAnnotation = { id: annotationIri(newAnnotationId(file)), type: 'Annotation', created: stamp, modified: stamp, ...fields, 'scriptorium:device': store.device }
    file.annotations.push(annotation)
    return annotation
  }

  function newAnnotationId(file: AnnotationFile): string {
    return randomId((candidate) => file.annotations.some((annotation) => shortId(annotation.id) === candidate))
  }

  return {
    async listAnnotations({ id }) {
      await store.refresh()
      return view(itemOrThrow(id))
    },

    async addHighlight(arg) {
      await store.refresh()
      const item = itemOrThrow(arg.id)
      if (item.pdf && !item.pdf.hasText) {
        throw new ArchiveError('invalid_argument', `${item.source.fileName} has no text layer (it holds only images of its pages), so there is no text to highlight or quote.`)
      }
      const structure = await structureOf(item)
      const range = rangeFor(structure.text, arg)
      const { quote, position } = describeTextRange(structure.text, range)
      const page = pdfPageSelector(structure, range)
      const { result } = await changeAnnotations(item.id, (file) =>
        append(file, {
          motivation: 'highlighting',
          body: markdownBody(arg.note ?? ''),
          target: { source: itemIri(item.id), selector: page ? [quote, position, page] : [quote, position] },
          'scriptorium:color': arg.color ?? 'yellow',
          'scriptorium:paragraph': paragraphAt(structure, range.start),
          'scriptorium:heading': headingBefore(structure, range.start),
        }),
      )
      return toHighlight(result, structure)
    },

    async addAreaHighlight({ id, area, color, note }) {
      await store.refresh()
      const item = itemOrThrow(id)
      if (!item.pdf) throw new ArchiveError('invalid_argument', `${item.source.fileName} is not a PDF; an area can only be highlighted on a page of a PDF.`)
      if (area.page > item.pdf.pageCount) throw new ArchiveError('invalid_argument', `${item.source.fileName} has ${item.pdf.pageCount} page${item.pdf.pageCount === 1 ? '' : 's'}; there is no page ${area.page}.`)
      // A tenth of a point is finer than any screen shows; more digits would only be noise in the file.
      const round = (value: number) => Math.round(value * 10) / 10
      const rect = { page: area.page, x: round(area.x), y: round(area.y), width: round(area.width), height: round(area.height) }
      const structure = await structureOf(item)
      const { result } = await changeAnnotations(item.id, (file) =>
        append(file, {
          motivation: 'highlighting',
          body: markdownBody(note ?? ''),
          target: { source: itemIri(item.id), selector: [pdfAreaSelector(rect)] },
          'scriptorium:color': color ?? 'yellow',
        }),
      )
      return toHighlight(result, structure)
    },

    async addNote({ id, note }) {
      if (!note.trim()) throw new ArchiveError('invalid_argument', 'A note needs some text.')
      const { result } = await changeAnnotations(id, (file, item) => append(file, { motivation: 'commenting', body: markdownBody(note), target: { source: itemIri(item.id) } }))
      return toNote(result)
    },

    async updateAnnotation({ id, annotationId, color, note }) {
      const { item, file } = await changeAnnotations(id, (annotations) => {
        const annotation = findAnnotation(annotations, annotationId, false)
        if (note !== undefined) {
          if (annotation.motivation === 'commenting' && !note.trim()) throw new ArchiveError('invalid_argument', 'A note needs some text; delete it instead.')
          annotation.body = markdownBody(note)
        }
        if (color !== undefined && annotation.motivation === 'highlighting') annotation['scriptorium:color'] = color
        annotation.modified = now().toISOString()
      })
      return view(item, file)
    },

    async deleteAnnotation({ id, annotationId }) {
      const { item, file } = await changeAnnotations(id, (annotations) => {
        findAnnotation(annotations, annotationId, false)['scriptorium:deleted'] = now().toISOString()
      })
      return view(item, file)
    },

    async restoreAnnotation({ id, annotationId }) {
      const { item, file } = await changeAnnotations(id, (annotations) => {
        delete findAnnotation(annotations, annotationId, true)['scriptorium:deleted']
      })
      return view(item, file)
    },

    async exportAnnotations({ id, format }) {
      await store.refresh()
      const item = itemOrThrow(id)
      const file = await store.readAnnotations(item.id)
      const annotations = file.annotations.filter((annotation) => !annotation['scriptorium:deleted'])
      if (format === 'jsonld') return exportAnnotationsAsJsonLd(item, annotations)
      return exportAnnotationsAsMarkdown(item, await referenceOf(item), await view(item, file), settingsWithDefaults(store.settings()).highlightColors)
    },

    async importAnnotations({ id, content }) {
      await store.refresh()
      const incoming = readAnnotationImport(content, itemIri(itemOrThrow(id).id))
      const { result, item, file: written } = await changeAnnotations(id, (file) => {
        let imported = 0
        for (const annotation of incoming) {
          if (!OWN_ANNOTATION_IRI.test(annotation.id)) {
            // Another tool's id becomes "via"; a second import of the same file finds it there.
            const original = annotation.via ?? annotation.id
            const earlier = file.annotations.find((existing) => existing.via === original)
            annotation.via = original
            annotation.id = earlier?.id ?? annotationIri(newAnnotationId(file))
          }
          const index = file.annotations.findIndex((existing) => existing.id === annotation.id)
          const existing = file.annotations[index]
          if (existing && !existing['scriptorium:deleted'] && JSON.stringify(existing) === JSON.stringify(annotation)) continue
          if (index >= 0) file.annotations[index] = annotation
          else file.annotations.push(annotation)
          imported++
        }
        return { imported, unchanged: incoming.length - imported }
      })
      // Annotations made on another copy or another article may not anchor here: say so, not silently.
      const ids = new Set(incoming.map((annotation) => shortId(annotation.id)))
      const { highlights } = await view(item, written)
      return { ...result, orphaned: highlights.filter((highlight) => ids.has(highlight.id) && highlight.orphan).length }
    },
  }
}

/** Where a new highlight lies: the offsets a selection gave, checked, or the quote's one occurrence. */
function rangeFor(text: string, arg: { quote: string; prefix?: string; suffix?: string; occurrence?: number; start?: number; end?: number }): TextRange {
  if (!arg.quote.trim()) throw new ArchiveError('invalid_argument', 'A highlight needs the text it marks.')
  if (arg.start !== undefined || arg.end !== undefined) {
    const { start = -1, end = -1 } = arg
    if (start < 0 || end <= start || end > text.length || normalizeForMatching(text.slice(start, end)) !== normalizeForMatching(arg.quote)) {
      throw new ArchiveError('invalid_argument', 'The selection does not match the text of the article; select the passage again.')
    }
    return { start, end }
  }
  const found = selectOccurrence(text, arg.quote, { prefix: arg.prefix, suffix: arg.suffix, occurrence: arg.occurrence })
  if ('start' in found) return found
  const shown = arg.quote.length > 60 ? `${arg.quote.slice(0, 59)}…` : arg.quote
  if (found.reason === 'ambiguous') {
    throw new ArchiveError(
      'invalid_argument',
      `The quote "${shown}" occurs ${found.count} times in the text; say which with an occurrence (1 to ${found.count}), a prefix or a suffix.`,
    )
  }
  const count = findQuoteOccurrences(text, arg.quote).length
  if (count && (arg.prefix !== undefined || arg.suffix !== undefined)) {
    throw new ArchiveError('invalid_argument', `The quote "${shown}" occurs ${count} time${count === 1 ? '' : 's'}, but never with the given prefix or suffix.`)
  }
  if (count) throw new ArchiveError('invalid_argument', `The quote "${shown}" occurs ${count} time${count === 1 ? '' : 's'}; there is no occurrence ${arg.occurrence}.`)
  throw new ArchiveError('invalid_argument', `The quote "${shown}" is not in the text of this article.`)
}

/** Where a highlight comes in reading order: an area at the start of its page, an orphan last. */
function readingOrder(highlight: Highlight, structure: ArticleStructure): number {
  if (highlight.area) return structure.pages[highlight.area.page - 1]?.start ?? Infinity
  return highlight.range?.start ?? Infinity
}

// Undo comes within seconds; a deleted annotation is kept a day, then dropped from the file.
const KEEP_DELETED_MS = 24 * 60 * 60 * 1000

function deletedLongAgo(annotation: StoredAnnotation, now: Date): boolean {
  const deleted = annotation['scriptorium:deleted']
  return deleted !== undefined && now.getTime() - Date.parse(deleted) > KEEP_DELETED_MS
}

function toHighlight(annotation: StoredAnnotation, structure: ArticleStructure): Highlight {
  const selectors = annotation.target.selector!
  if (selectors[0].type === 'FragmentSelector') return toAreaHighlight(annotation, readPdfArea(selectors[0])!, structure)
  const [quote, position, page] = selectors as Exclude<typeof selectors, [unknown]>
  const anchor = anchorHighlight(structure.text, quote, position)
  // An orphan on a PDF still knows the page it was made on.
  const pages = anchor ? pageSpanOf(structure, anchor) : storedPageSpan(structure, page)
  return {
    id: shortId(annotation.id),
    quote: quote.exact,
    color: annotation['scriptorium:color'] ?? 'yellow',
    note: noteOf(annotation),
    paragraph: anchor ? paragraphAt(structure, anchor.start) : (annotation['scriptorium:paragraph'] ?? null),
    lastParagraph: anchor ? paragraphAt(structure, anchor.end - 1) : (annotation['scriptorium:paragraph'] ?? null),
    heading: anchor ? headingBefore(structure, anchor.start) : (annotation['scriptorium:heading'] ?? null),
    ...(pages ? { pages } : {}),
    range: anchor ? { start: anchor.start, end: anchor.end } : null,
    orphan: !anchor,
    created: annotation.created,
    modified: annotation.modified,
    target: annotation.target,
  }
}

/** A rectangle on a page: nothing to anchor, so never an orphan; cited and listed by its page. */
function toAreaHighlight(annotation: StoredAnnotation, area: PdfArea, structure: ArticleStructure): Highlight {
  const label = structure.pages[area.page - 1]?.label ?? String(area.page)
  return {
    id: shortId(annotation.id),
    quote: '',
    color: annotation['scriptorium:color'] ?? 'yellow',
    note: noteOf(annotation),
    paragraph: null,
    lastParagraph: null,
    heading: null,
    pages: { first: area.page, last: area.page, firstLabel: label, lastLabel: label },
    area,
    range: null,
    orphan: false,
    created: annotation.created,
    modified: annotation.modified,
    target: annotation.target,
  }
}

function toNote(annotation: StoredAnnotation): ItemNote {
  return { id: shortId(annotation.id), note: noteOf(annotation), created: annotation.created, modified: annotation.modified }
}

