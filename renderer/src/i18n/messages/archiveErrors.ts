import type { MessageArea } from '../messageArea'

/**
 * The fallback for a sentence of the archive that archiveSentence.ts does not know (the archive's own
 * sentences are all in archiveSentencesDutch.ts): a summary of its code, then the English sentence.
 */
export default {
  en: {
    archiveErrors: {
      fallback: '{summary} {detail}',
      code: {
        invalid_argument: 'Not accepted:',
        unknown_method: 'Not available:',
        not_found: 'Not found:',
        unsupported_file: 'Cannot be read:',
        file_too_large: 'Too large:',
        read_only_library: 'Cannot write:',
        damaged_library: 'Damaged:',
        newer_library: 'Too new:',
        storage_failed: 'Not saved:',
        unauthorized: 'No access:',
        fetch_failed: 'Not fetched:',
        duplicate: 'Already there:',
        conflict: 'Changed meanwhile:',
        internal: 'Something went wrong:',
      },
    },
  },
  nl: {
    archiveErrors: {
      fallback: '{summary} {detail}',
      code: {
        invalid_argument: 'Niet geaccepteerd:',
        unknown_method: 'Niet beschikbaar:',
        not_found: 'Niet gevonden:',
        unsupported_file: 'Niet leesbaar:',
        file_too_large: 'Te groot:',
        read_only_library: 'Kan niet schrijven:',
        damaged_library: 'Beschadigd:',
        newer_library: 'Te nieuw:',
        storage_failed: 'Niet opgeslagen:',
        unauthorized: 'Geen toegang:',
        fetch_failed: 'Niet opgehaald:',
        duplicate: 'Staat er al:',
        conflict: 'Intussen gewijzigd:',
        internal: 'Er ging iets mis:',
      },
    },
  },
} satisfies MessageArea
