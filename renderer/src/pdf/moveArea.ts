import type { PageSize, PointRect } from './pdfAreas'

/** A keyboard step in PDF points; Ctrl (⌘) takes a fine one, to fit a figure's edge. */
export const AREA_STEP = 10
export const AREA_FINE_STEP = 1
/** The keyboard never makes an area smaller than this many points a side (the mouse's least drag is 6 px). */
export const LEAST_AREA = 12

export type AreaArrow = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown'

/** Points to a tenth, as the mouse's areas are stored. */
const round = (value: number) => Math.round(value * 10) / 10
/** Down to a tenth: what is left of the page after a rounded edge, so rounding never reaches past the page. */
const floor = (value: number) => Math.floor(value * 10 + 1e-9) / 10
/** An edge's position, from 0 to where the rectangle still ends on the page. */
const place = (value: number, side: number, extent: number) => Math.max(0, Math.min(round(value), floor(side - extent)))
/** A width or height from `at` on, at least LEAST_AREA where the page leaves room for it, never past the page. */
const extent = (value: number, side: number, at: number) => Math.min(floor(side - at), Math.max(LEAST_AREA, round(value)))

/**
 * The rectangle the keyboard starts from: half the page wide and a quarter of it high, centred on
 * the part of the page in view (`visible`, in points from the page's top), so it is seen at once.
 */
export function startingArea(size: PageSize, visible: { top: number; bottom: number }): PointRect {
  const width = round(size.width / 2)
  const height = round(size.height / 4)
  const within = (value: number) => Math.min(size.height, Math.max(0, value))
  const middle = (within(visible.top) + within(visible.bottom)) / 2
  return { x: place((size.width - width) / 2, size.width, width), y: place(middle - height / 2, size.height, height), width, height }
}

/**
 * One arrow key on the rectangle: it moves, or with `resize` its right or bottom edge moves (left
 * and up shrink it). It stays on the page, and never shrinks below LEAST_AREA.
 */
export function moveArea(rect: PointRect, size: PageSize, arrow: AreaArrow, options: { resize: boolean; fine: boolean }): PointRect {
  const step = options.fine ? AREA_FINE_STEP : AREA_STEP
  const dx = arrow === 'ArrowRight' ? step : arrow === 'ArrowLeft' ? -step : 0
  const dy = arrow === 'ArrowDown' ? step : arrow === 'ArrowUp' ? -step : 0
  if (options.resize) return { ...rect, width: extent(rect.width + dx, size.width, rect.x), height: extent(rect.height + dy, size.height, rect.y) }
  return { ...rect, x: place(rect.x + dx, size.width, rect.width), y: place(rect.y + dy, size.height, rect.height) }
}

/** The rectangle kept on a page of another size (carried to the next page): shrunk and pushed back onto it if it would overhang. */
export function fitArea(rect: PointRect, size: PageSize): PointRect {
  const width = Math.min(round(rect.width), floor(size.width))
  const height = Math.min(round(rect.height), floor(size.height))
  return { x: place(rect.x, size.width, width), y: place(rect.y, size.height, height), width, height }
}

/** Where the rectangle is, in whole percentages of the page: what a screen reader says, whatever the zoom. */
export function areaInPercent(rect: PointRect, size: PageSize): { left: number; top: number; width: number; height: number } {
  const percent = (value: number, whole: number) => Math.round((100 * value) / whole)
  return { left: percent(rect.x, size.width), top: percent(rect.y, size.height), width: percent(rect.width, size.width), height: percent(rect.height, size.height) }
}
