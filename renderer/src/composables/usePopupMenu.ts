import { nextTick, onUnmounted, ref } from 'vue'

/**
 * A menu or panel that a button opens. It closes on a press outside it, and on Escape wherever focus is
 * then; focus goes back to its button only when it was inside. Opened, focus moves to its first control.
 */
export function usePopupMenu({ first = '[role="menuitem"]', onClose }: { first?: string; onClose?: () => void } = {}) {
  const open = ref(false)
  /** Holds the button and the popup: a press inside it is not outside. */
  const root = ref<HTMLElement | null>(null)
  const toggle = ref<HTMLElement | null>(null)

  function listen(on: boolean) {
    if (on) {
      document.addEventListener('pointerdown', onPointer, true)
      document.addEventListener('keydown', onKey, true)
    } else {
      document.removeEventListener('pointerdown', onPointer, true)
      document.removeEventListener('keydown', onKey, true)
    }
  }

  async function show() {
    open.value = true
    listen(true)
    await nextTick()
    root.value?.querySelector<HTMLElement>(first)?.focus()
  }

  function close(returnFocus = true) {
    if (!open.value) return
    open.value = false
    listen(false)
    onClose?.()
    if (returnFocus) toggle.value?.focus()
  }

  function onPointer(event: PointerEvent) {
    if (!root.value?.contains(event.target as Node)) close(false)
  }

  // Taken before anything else sees it: Escape is the popup's while it is open, wherever focus is.
  function onKey(event: KeyboardEvent) {
    if (event.key !== 'Escape') return
    event.stopPropagation()
    close(Boolean(root.value?.contains(document.activeElement)))
  }

  onUnmounted(() => listen(false))
  return { open, root, toggle, show, close, flip: () => (open.value ? close() : void show()) }
}
