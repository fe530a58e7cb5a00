/** Whether a key press asks to copy the highlight with its citation: C alone, or Ctrl+Shift+C (⌘⇧C on a Mac). */
export function isCopyCitationKey(event: KeyboardEvent): boolean {
  if (event.key.toLowerCase() !== 'c' || event.altKey) return false
  if (!event.ctrlKey && !event.metaKey) return true
  return event.shiftKey && (event.ctrlKey !== event.metaKey)
}

const onMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)

/** The shortcut as a tooltip shows it. */
export const COPY_SHORTCUT = `C or ${onMac ? '⌘⇧C' : 'Ctrl+Shift+C'}`
