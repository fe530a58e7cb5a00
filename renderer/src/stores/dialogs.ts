import { defineStore } from 'pinia'
import { ref } from 'vue'

/** The export starts from one item (its Info panel) or from the rows picked in the library. */
export type OpenDialog = { kind: 'citation-settings' } | { kind: 'shortcuts' } | { kind: 'export-references'; itemId?: string; ids?: string[] }

/** The one modal dialog open over the app, if any. */
export const useDialogStore = defineStore('dialogs', () => {
  const open = ref<OpenDialog | null>(null)
  return {
    open,
    show: (dialog: OpenDialog) => (open.value = dialog),
    close: () => (open.value = null),
  }
})
