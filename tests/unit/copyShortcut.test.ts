import { describe, expect, it } from 'vitest'
import { isCopyCitationKey } from '../../renderer/src/copyShortcut'

const press = (key: string, modifiers: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) =>
  ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...modifiers }) as KeyboardEvent

describe('isCopyCitationKey', () => {
  it('takes C alone, with Caps Lock or Shift, and Ctrl+Shift+C or ⌘⇧C', () => {
    expect(isCopyCitationKey(press('c'))).toBe(true)
    expect(isCopyCitationKey(press('C'))).toBe(true)
    expect(isCopyCitationKey(press('C', { shiftKey: true }))).toBe(true)
    expect(isCopyCitationKey(press('C', { ctrlKey: true, shiftKey: true }))).toBe(true)
    expect(isCopyCitationKey(press('C', { metaKey: true, shiftKey: true }))).toBe(true)
  })

  it('leaves the plain copy, other modifiers and other keys alone', () => {
    expect(isCopyCitationKey(press('c', { ctrlKey: true }))).toBe(false)
    expect(isCopyCitationKey(press('c', { metaKey: true }))).toBe(false)
    expect(isCopyCitationKey(press('c', { altKey: true }))).toBe(false)
    expect(isCopyCitationKey(press('C', { ctrlKey: true, metaKey: true, shiftKey: true }))).toBe(false)
    expect(isCopyCitationKey(press('h'))).toBe(false)
  })
})
