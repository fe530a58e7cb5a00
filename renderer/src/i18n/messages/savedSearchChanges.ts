import type { MessageArea } from '../messageArea'

/** Saved searches on the undo stack: what "Undid: …" and "Redid: …" name. */
export default {
  en: {
    savedSearchChanges: {
      save: "saved search '{name}'",
      replace: "new query of saved search '{name}'",
      delete: "deleted saved search '{name}'",
    },
  },
  nl: {
    savedSearchChanges: {
      save: "bewaarde zoekopdracht '{name}'",
      replace: "nieuwe zoekvraag van bewaarde zoekopdracht '{name}'",
      delete: "verwijderde bewaarde zoekopdracht '{name}'",
    },
  },
} satisfies MessageArea
