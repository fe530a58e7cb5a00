import { describe, expect, it } from 'vitest'
import { AREA_FINE_STEP, AREA_STEP, LEAST_AREA, areaInPercent, fitArea, moveArea, startingArea } from '../../../renderer/src/pdf/moveArea'

// ISO A4 and A5 in PDF points, as pdf.js gives their view boxes.
const A4 = { width: 595.28, height: 841.89 }
const A5 = { width: 419.53, height: 595.28 }
const move = { resize: false, fine: false }
const resize = { resize: true, fine: false }

describe('moveArea: the keyboard’s rectangle on a PDF page, in points', () => {
  it('starts half the page wide and a quarter high, centred across the page and on the part of it in view', () => {
    const rect = startingArea(A4, { top: 400, bottom: 800 })
    expect(rect.width).toBeCloseTo(A4.width / 2, 1)
    expect(rect.height).toBeCloseTo(A4.height / 4, 1)
    expect(rect.x + rect.width / 2).toBeCloseTo(A4.width / 2, 0)
    expect(rect.y + rect.height / 2).toBeCloseTo(600, 0)
  })

  it('starts on the page when only its edge is in view', () => {
    const low = startingArea(A4, { top: 800, bottom: 1400 })
    expect(low.y + low.height).toBeLessThanOrEqual(A4.height)
    const high = startingArea(A4, { top: -500, bottom: 20 })
    expect(high.y).toBe(0)
  })

  it('moves by a step an arrow, by a point with Ctrl, and stops at the page’s edges', () => {
    const rect = { x: 100, y: 100, width: 200, height: 100 }
    expect(moveArea(rect, A4, 'ArrowRight', move)).toEqual({ ...rect, x: 100 + AREA_STEP })
    expect(moveArea(rect, A4, 'ArrowUp', move)).toEqual({ ...rect, y: 100 - AREA_STEP })
    expect(moveArea(rect, A4, 'ArrowLeft', { resize: false, fine: true })).toEqual({ ...rect, x: 100 - AREA_FINE_STEP })
    const atLeft = { ...rect, x: 3 }
    expect(moveArea(atLeft, A4, 'ArrowLeft', move).x).toBe(0)
    const atRight = { ...rect, x: A4.width - rect.width - 2 }
    expect(moveArea(atRight, A4, 'ArrowRight', move).x).toBeCloseTo(A4.width - rect.width, 0)
    expect(moveArea(atRight, A4, 'ArrowRight', move).x + rect.width).toBeLessThanOrEqual(A4.width)
    // Rounded to a tenth of a point as stored, yet never past the page's edge (841.89).
    const atBottom = moveArea({ ...rect, y: A4.height - rect.height - 4 }, A4, 'ArrowDown', move)
    expect(atBottom.y + atBottom.height).toBeLessThanOrEqual(A4.height)
    expect(atBottom.y + atBottom.height).toBeGreaterThan(A4.height - 0.1)
  })

  it('with Shift moves the right or bottom edge: right and down grow it, left and up shrink it, never below the least area nor past the page', () => {
    const rect = { x: 100, y: 100, width: 200, height: 100 }
    expect(moveArea(rect, A4, 'ArrowRight', resize)).toEqual({ ...rect, width: 200 + AREA_STEP })
    expect(moveArea(rect, A4, 'ArrowUp', resize)).toEqual({ ...rect, height: 100 - AREA_STEP })
    const small = { ...rect, width: LEAST_AREA + 3 }
    expect(moveArea(small, A4, 'ArrowLeft', resize).width).toBe(LEAST_AREA)
    const wide = { ...rect, x: 380, width: A4.width - 385 }
    expect(moveArea(wide, A4, 'ArrowRight', resize).width).toBeCloseTo(A4.width - 380, 0)
    expect(380 + moveArea(wide, A4, 'ArrowRight', resize).width).toBeLessThanOrEqual(A4.width)
  })

  it('keeps a rectangle carried to a smaller page on it', () => {
    const onA4 = { x: 300, y: 700, width: 250, height: 120 }
    const onA5 = fitArea(onA4, A5)
    expect(onA5.width).toBe(250)
    expect(onA5.x + onA5.width).toBeLessThanOrEqual(A5.width)
    expect(onA5.y + onA5.height).toBeLessThanOrEqual(A5.height)
    expect(fitArea({ x: 0, y: 0, width: 500, height: 100 }, A5).width).toBeCloseTo(A5.width, 0)
    expect(fitArea({ x: 0, y: 0, width: 500, height: 100 }, A5).width).toBeLessThanOrEqual(A5.width)
  })

  it('says where it is in whole percentages of the page', () => {
    expect(areaInPercent({ x: A5.width / 4, y: A5.height / 10, width: A5.width / 2, height: A5.height / 3 }, A5)).toEqual({ left: 25, top: 10, width: 50, height: 33 })
  })
})
