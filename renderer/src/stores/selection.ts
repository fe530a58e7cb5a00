import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { useLibraryStore } from './library'

/** The rows picked in the library table (Ctrl/⌘-click, Shift-click, Space), e.g. to export their references. */
export const useSelectionStore = defineStore('selection', () => {
  const library = useLibraryStore()
  const picked = ref<Set<string>>(new Set())
  /** Where a Shift-click range starts. */
  const anchor = ref<string | null>(null)

  // An item moved to the trash or deleted is no longer part of the selection.
  const ids = computed(() => library.sortedItems.filter((item) => picked.value.has(item.id)).map((item) => item.id))
  const has = (id: string) => picked.value.has(id)

  function toggle(id: string) {
    const next = new Set(picked.value)
    if (!next.delete(id)) next.add(id)
    picked.value = next
    anchor.value = id
  }

  /** Picks every row from the anchor to this one, in the order shown. */
  function extendTo(id: string, order: string[]) {
    const from = anchor.value ? order.indexOf(anchor.value) : -1
    const to = order.indexOf(id)
    if (from < 0 || to < 0) return toggle(id)
    const next = new Set(picked.value)
    for (const each of order.slice(Math.min(from, to), Math.max(from, to) + 1)) next.add(each)
    picked.value = next
  }

  function clear() {
    picked.value = new Set()
    anchor.value = null
  }

  return { ids, has, toggle, extendTo, clear }
})
