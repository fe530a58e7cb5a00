import type { Highlight } from '../../../electron/core/archiveApi'

/** A page's size in PDF points, as its view box gives it. */
export interface PageSize {
  width: number
  height: number
}

/** A rectangle on a page in PDF points from its top-left corner: what an xywh= selector stores, the same at every zoom. */
export interface PointRect {
  x: number
  y: number
  width: number
  height: number
}

/** Smaller than this (in CSS pixels) is a click, not a rectangle. */
const LEAST_DRAG = 6

const round = (value: number) => Math.round(value * 10) / 10

/**
 * Draws a page's area highlights over it, placed in percentages of the page, so the boxes follow
 * every zoom without being drawn again. Redraws the page's boxes from scratch.
 */
export function drawAreas(pageDiv: HTMLElement, page: number, size: PageSize, highlights: readonly Highlight[]): void {
  let layer = pageDiv.querySelector<HTMLElement>(':scope > .pdf-areas')
  const areas = highlights.filter((highlight) => highlight.area?.page === page)
  if (!areas.length) {
    layer?.remove()
    return
  }
  if (!layer) {
    layer = document.createElement('div')
    layer.className = 'pdf-areas'
    pageDiv.append(layer)
  }
  layer.replaceChildren(
    ...areas.map((highlight) => {
      const { x, y, width, height } = highlight.area!
      const box = document.createElement('div')
      box.className = 'pdf-area'
      box.dataset.annotationId = highlight.id
      box.dataset.color = highlight.color
      box.dataset.xywh = `${x},${y},${width},${height}`
      box.style.left = `${(100 * x) / size.width}%`
      box.style.top = `${(100 * y) / size.height}%`
      box.style.width = `${(100 * width) / size.width}%`
      box.style.height = `${(100 * height) / size.height}%`
      return box
    }),
  )
}

/**
 * Follows a drag on a page and reports the rectangle in PDF points, measured against the drawn page's
 * own box (so it does not depend on the zoom, the fonts or where the page is scrolled to).
 */
export function startAreaDrag(event: PointerEvent, pageDiv: HTMLElement, size: PageSize, done: (rect: PointRect) => void): void {
  // The drawn page, inside the transparent border pdf.js keeps round it.
  const box = (pageDiv.querySelector('.canvasWrapper') ?? pageDiv).getBoundingClientRect()
  const clamp = (value: number, most: number) => Math.min(most, Math.max(0, value))
  const from = { x: clamp(event.clientX - box.left, box.width), y: clamp(event.clientY - box.top, box.height) }
  const draft = document.createElement('div')
  draft.className = 'pdf-area-draft'
  pageDiv.append(draft)
  let to = from
  const place = () => {
    draft.style.left = `${Math.min(from.x, to.x)}px`
    draft.style.top = `${Math.min(from.y, to.y)}px`
    draft.style.width = `${Math.abs(to.x - from.x)}px`
    draft.style.height = `${Math.abs(to.y - from.y)}px`
  }
  place()
  const move = (moved: PointerEvent) => {
    to = { x: clamp(moved.clientX - box.left, box.width), y: clamp(moved.clientY - box.top, box.height) }
    place()
  }
  const end = () => {
    window.removeEventListener('pointermove', move)
    window.removeEventListener('pointerup', end)
    window.removeEventListener('pointercancel', end)
    draft.remove()
    const width = Math.abs(to.x - from.x)
    const height = Math.abs(to.y - from.y)
    if (width < LEAST_DRAG || height < LEAST_DRAG) return
    const scaleX = size.width / box.width
    const scaleY = size.height / box.height
    done({ x: round(Math.min(from.x, to.x) * scaleX), y: round(Math.min(from.y, to.y) * scaleY), width: round(width * scaleX), height: round(height * scaleY) })
  }
  window.addEventListener('pointermove', move)
  window.addEventListener('pointerup', end)
  window.addEventListener('pointercancel', end)
}
