import type { MessageArea } from '../messageArea'

/** Strings of the app's frame. Each area of the UI keeps its strings in a module of its own, English beside Dutch. */
export default {
  en: {
    app: {
      language: 'Language',
      languageSystem: 'As the system ({language})',
    },
  },
  nl: {
    app: {
      language: 'Taal',
      languageSystem: 'Zoals het systeem ({language})',
    },
  },
} satisfies MessageArea
