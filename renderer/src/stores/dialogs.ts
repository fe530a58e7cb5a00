import { defineStore } from 'pinia'
import { ref } from 'vue'

export type OpenDialog = { kind: 'citation-settings' } | { kind: 'export-references'; itemId?: string }

/** The one modal dialog open over the app, if any. */
export const useDialogStore = defineStore('dialogs', () => {
  const open = ref<OpenDialog | null>(null)
  return {
    open,
    show: (dialog: OpenDialog) => (open.value = dialog),
    close: () => (open.value = null),
  }
})
