import type { Highlight } from '../../../electron/core/archiveApi'
import { paintHighlights, textOffset } from '../paintHighlights'
import { alignTextLayer } from './alignTextLayer'

/** A drawn page's text layer, each of its spans tied to offsets in the archived text of the whole PDF. */
export interface PageTextLayer {
  page: number
  layer: HTMLElement
  spans: HTMLElement[]
  /** offsets[i][j]: the archived offset before character j of span i (see alignTextLayer). */
  offsets: number[][]
}

/** pdf.js draws one span per text item, in the order the importer read them; a <br> ends a line. */
const TEXT_SPAN = 'span[role="presentation"]'

/** Ties a page's freshly drawn text layer to the archived text; `pageStart` is where the page begins in it. */
export function mapTextLayer(page: number, layer: HTMLElement, archivedText: string, pageStart: number, pageEnd: number): PageTextLayer {
  const spans = [...layer.querySelectorAll<HTMLElement>(TEXT_SPAN)]
  const local = alignTextLayer(archivedText.slice(pageStart, pageEnd), spans.map((span) => span.textContent ?? ''))
  return { page, layer, spans, offsets: local.map((row) => row.map((offset) => offset + pageStart)) }
}

/** A point of a Selection inside a text layer, as an offset in the archived text; null outside every mapped layer. */
export function archivedOffsetAt(layers: Iterable<PageTextLayer>, container: Node, offset: number, edge: 'start' | 'end'): number | null {
  const element = container.nodeType === Node.ELEMENT_NODE ? (container as Element) : container.parentElement
  for (const mapped of layers) {
    if (!mapped.layer.contains(container)) continue
    const span = element?.closest<HTMLElement>(TEXT_SPAN)
    const index = span ? mapped.spans.indexOf(span) : -1
    if (index >= 0) return mapped.offsets[index][Math.min(textOffset(span!, container, offset), mapped.offsets[index].length - 1)]
    // Between spans (a line break, the layer's own end marker): the nearest character on the side the selection lies.
    const point = document.createRange()
    point.setStart(container, offset)
    if (edge === 'start') {
      const next = mapped.spans.findIndex((candidate) => point.comparePoint(candidate, 0) >= 0)
      return next >= 0 ? mapped.offsets[next][0] : lastOffset(mapped)
    }
    const before = mapped.spans.findLastIndex((candidate) => point.comparePoint(candidate, candidate.childNodes.length) <= 0)
    return before >= 0 ? mapped.offsets[before].at(-1)! : (mapped.offsets[0]?.[0] ?? null)
  }
  return null
}

function lastOffset(mapped: PageTextLayer): number | null {
  return mapped.offsets.at(-1)?.at(-1) ?? null
}

/** The characters of each span a range of the archived text covers, as offsets in that span's text. */
export function spanSlices(mapped: PageTextLayer, range: { start: number; end: number }): { span: number; start: number; end: number }[] {
  const slices: { span: number; start: number; end: number }[] = []
  mapped.offsets.forEach((row, span) => {
    if (row.length < 2 || range.end <= row[0] || range.start >= row.at(-1)!) return
    // The first character at or after the range's start, the last before its end.
    const first = row.findIndex((offset, at) => at < row.length - 1 && offset >= range.start)
    let last = -1
    for (let at = row.length - 2; at >= 0; at--)
      if (row[at] < range.end) {
        last = at
        break
      }
    if (first >= 0 && last >= first) slices.push({ span, start: first, end: last + 1 })
  })
  return slices
}

/**
 * Paints highlights on a page's text layer as <mark>s inside its spans (the text itself is
 * transparent over the canvas, the mark's colour shows through). Redraws the page from scratch.
 */
export function paintTextLayer(mapped: PageTextLayer, highlights: readonly Highlight[]): void {
  const local: Highlight[][] = mapped.spans.map(() => [])
  for (const highlight of highlights) {
    if (!highlight.range) continue
    for (const slice of spanSlices(mapped, highlight.range)) local[slice.span].push({ ...highlight, range: { start: slice.start, end: slice.end } })
  }
  mapped.spans.forEach((span, index) => {
    if (local[index].length || span.querySelector('mark[data-annotation-id]')) paintHighlights(span, local[index])
  })
}
