/**
 * What a key press asks of the app's history: Ctrl+Z (Cmd+Z) undoes, Ctrl+Shift+Z and Ctrl+Y redo.
 * Inside a text field the browser's own undo of the typing applies, so the app leaves those alone.
 */
export function undoShortcutOf(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'target'>): 'undo' | 'redo' | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null
  const target = event.target as Element | null
  if (target?.closest?.('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return null
  const key = event.key.toLowerCase()
  if (key === 'z') return event.shiftKey ? 'redo' : 'undo'
  if (key === 'y' && !event.shiftKey) return 'redo'
  return null
}
