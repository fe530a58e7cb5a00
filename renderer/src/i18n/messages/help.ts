import type { MessageArea } from '../messageArea'

/** The README's sections shown in the app. */
export default {
  en: {
    help: {
      missing: 'The README that came with this copy of Scriptorium has no section “{heading}”.',
    },
  },
  nl: {
    help: {
      missing: 'De README van deze versie van Scriptorium heeft geen paragraaf “{heading}”.',
    },
  },
} satisfies MessageArea
