import { describe, expect, it } from 'vitest'
import { restoreWindowPlacement } from '../../electron/main/windowPlacement'

const laptop = { x: 0, y: 0, width: 1440, height: 900 }
const monitor = { x: 1440, y: 0, width: 2560, height: 1440 }
const minimum = { width: 760, height: 480 }

describe('restoreWindowPlacement', () => {
  it('puts the window back where it was on the screen it was on', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1400, height: 1000 }, maximized: false }
    expect(restoreWindowPlacement(saved, [laptop, monitor], minimum)).toEqual(saved)
  })

  it('keeps a maximized window maximized', () => {
    expect(restoreWindowPlacement({ bounds: { x: 10, y: 10, width: 900, height: 700 }, maximized: true }, [laptop], minimum)?.maximized).toBe(true)
  })

  it('forgets a place on a screen that is gone, so the platform centres the window', () => {
    const onMonitor = { bounds: { x: 2000, y: 200, width: 1200, height: 800 }, maximized: false }
    expect(restoreWindowPlacement(onMonitor, [laptop], minimum)).toBeNull()
  })

  it('shrinks a window larger than its screen and moves it in from the edge it hung over', () => {
    const hanging = { bounds: { x: 1000, y: -50, width: 2000, height: 1200 }, maximized: false }
    expect(restoreWindowPlacement(hanging, [laptop], minimum)).toEqual({ bounds: { x: 0, y: 0, width: 1440, height: 900 }, maximized: false })
  })

  it('never makes the window smaller than its minimum size', () => {
    const tiny = { bounds: { x: 100, y: 100, width: 200, height: 100 }, maximized: false }
    expect(restoreWindowPlacement(tiny, [laptop], minimum)?.bounds).toEqual({ x: 100, y: 100, width: 760, height: 480 })
  })

  it('treats a damaged saved placement as none', () => {
    for (const saved of [null, 'x', {}, { bounds: { x: 'a', y: 0, width: 10, height: 10 } }, { bounds: { x: 0, y: 0, width: NaN, height: 5 } }]) {
      expect(restoreWindowPlacement(saved, [laptop], minimum)).toBeNull()
    }
  })
})
