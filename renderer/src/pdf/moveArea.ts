import type { PageSize, PointRect } from './pdfAreas'

/** A keyboard step in PDF points; Ctrl (⌘) takes a fine one, to fit a figure's edge. */
export const AREA_STEP = 10
export const AREA_FINE_STEP = 1
/** The keyboard never makes an area smaller than this many points a side (the mouse's least drag is 6 px). */
export const LEAST_AREA = 12

export type AreaArrow = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown'

const round = (value: number) => Math.round(value * 10) / 10
const clamp = (value: number, least: number, most: number) => Math.min(most, Math.max(least, value))

/**
 * The rectangle the keyboard starts from: half the page wide and a quarter of it high, centred on
 * the part of the page in view (`visible`, in points from the page's top), so it is seen at once.
 */
export function startingArea(size: PageSize, visible: { top: number; bottom: number }): PointRect {
  const width = round(size.width / 2)
  const height = round(size.height / 4)
  const middle = (clamp(visible.top, 0, size.height) + clamp(visible.bottom, 0, size.height)) / 2
  return { x: round((size.width - width) / 2), y: round(clamp(middle - height / 2, 0, size.height - height)), width, height }
}

/**
 * One arrow key on the rectangle: it moves, or with `resize` its right or bottom edge moves (left
 * and up shrink it). It stays on the page, and never shrinks below LEAST_AREA.
 */
export function moveArea(rect: PointRect, size: PageSize, arrow: AreaArrow, options: { resize: boolean; fine: boolean }): PointRect {
  const step = options.fine ? AREA_FINE_STEP : AREA_STEP
  const dx = arrow === 'ArrowRight' ? step : arrow === 'ArrowLeft' ? -step : 0
  const dy = arrow === 'ArrowDown' ? step : arrow === 'ArrowUp' ? -step : 0
  if (options.resize) {
    return {
      ...rect,
      width: round(clamp(rect.width + dx, Math.min(LEAST_AREA, size.width - rect.x), size.width - rect.x)),
      height: round(clamp(rect.height + dy, Math.min(LEAST_AREA, size.height - rect.y), size.height - rect.y)),
    }
  }
  return { ...rect, x: round(clamp(rect.x + dx, 0, size.width - rect.width)), y: round(clamp(rect.y + dy, 0, size.height - rect.height)) }
}

/** The rectangle kept on a page of another size (moved to the next page): shrunk and pushed back onto it if it would overhang. */
export function fitArea(rect: PointRect, size: PageSize): PointRect {
  const width = Math.min(rect.width, size.width)
  const height = Math.min(rect.height, size.height)
  return { x: round(clamp(rect.x, 0, size.width - width)), y: round(clamp(rect.y, 0, size.height - height)), width: round(width), height: round(height) }
}

/** Where the rectangle is, in whole percentages of the page: what a screen reader says, whatever the zoom. */
export function areaInPercent(rect: PointRect, size: PageSize): { left: number; top: number; width: number; height: number } {
  const percent = (value: number, whole: number) => Math.round((100 * value) / whole)
  return { left: percent(rect.x, size.width), top: percent(rect.y, size.height), width: percent(rect.width, size.width), height: percent(rect.height, size.height) }
}
