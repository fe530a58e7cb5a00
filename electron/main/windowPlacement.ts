/** A window's place on screen, as Electron's getBounds() gives it. */
export interface Bounds {
  x: number
  y: number
  width: number
  height: number
}

/** What is remembered of the main window between runs. */
export interface WindowPlacement {
  bounds: Bounds
  maximized: boolean
}

/** How much of a window must lie on a screen for it to be put back there: enough to grab its title bar. */
const VISIBLE = 100

function overlap(a: Bounds, b: Bounds): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  }
}

/**
 * Where to open the main window: where it was, if enough of that still lies on one of the screens
 * (a monitor may have been unplugged since), shrunk to fit that screen; otherwise nowhere in
 * particular, and the platform centres it. Anything unreadable in the saved placement counts as none.
 */
export function restoreWindowPlacement(saved: unknown, workAreas: Bounds[], minimum: { width: number; height: number }): WindowPlacement | null {
  if (!saved || typeof saved !== 'object') return null
  const { bounds, maximized } = saved as Partial<WindowPlacement>
  if (!bounds || !['x', 'y', 'width', 'height'].every((key) => Number.isFinite((bounds as unknown as Record<string, unknown>)[key]))) return null
  const area = workAreas.find((screen) => {
    const shared = overlap(bounds, screen)
    return shared.width >= VISIBLE && shared.height >= VISIBLE
  })
  if (!area) return null
  const width = Math.max(minimum.width, Math.min(bounds.width, area.width))
  const height = Math.max(minimum.height, Math.min(bounds.height, area.height))
  // Kept whole on that screen: moved in from an edge it hung over.
  const x = Math.min(Math.max(bounds.x, area.x), area.x + area.width - width)
  const y = Math.min(Math.max(bounds.y, area.y), area.y + area.height - height)
  return { bounds: { x, y, width, height }, maximized: maximized === true }
}
