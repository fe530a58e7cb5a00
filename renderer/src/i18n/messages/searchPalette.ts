import type { MessageArea } from '../messageArea'

/** The search palette (Ctrl+K) and its result snippets. */
export default {
  en: {
    searchPalette: {
      dialog: 'Search the library',
      input: 'Search',
      placeholder: 'Search: words, "a phrase", author:, tag:, year:2018, in:notes',
      items: '{count} item | {count} items',
      indexing: '{found} so far · indexing {indexed} of {total}…',
      showAll: 'Show all {count} in the library',
      results: 'Results',
      untitled: 'Untitled',
      nothing: 'Nothing matches. Words are matched in every form (tijdperk, tijdperken); put a phrase in quotes.',
      hint: 'Search titles, authors, full text, tags, highlights and notes. {up} {down} to choose, {enter} to open.',
      page: 'p. {page}',
      sources: {
        highlight: 'Highlight',
        note: 'Note',
        title: 'Title',
        author: 'Author',
        container: 'Source',
        abstract: 'Abstract',
        tags: 'Tags',
      },
    },
  },
  nl: {
    searchPalette: {
      dialog: 'In de bibliotheek zoeken',
      input: 'Zoeken',
      placeholder: 'Zoeken: woorden, "een zinsdeel", author:, tag:, year:2018, in:notes',
      items: '{count} item | {count} items',
      indexing: '{found} tot nu toe · {indexed} van {total} geïndexeerd…',
      showAll: 'Alle {count} tonen in de bibliotheek',
      results: 'Resultaten',
      untitled: 'Zonder titel',
      nothing: 'Niets gevonden. Woorden worden in elke vorm gevonden (tijdperk, tijdperken); zet een zinsdeel tussen aanhalingstekens.',
      hint: 'Zoek in titels, auteurs, volledige tekst, tags, markeringen en notities. {up} {down} om te kiezen, {enter} om te openen.',
      page: 'p. {page}',
      sources: {
        highlight: 'Markering',
        note: 'Notitie',
        title: 'Titel',
        author: 'Auteur',
        container: 'Bron',
        abstract: 'Samenvatting',
        tags: 'Tags',
      },
    },
  },
} satisfies MessageArea
