import type { BibtexEntry } from './exportReferences'

export interface RepairedEntry {
  entry: BibtexEntry
  /** Fields the entry's type requires that the item does not have, e.g. "date". */
  missing: string[]
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

// Pandoc reads neither citation-js's \textdollar{} family nor its \" a spacing; both forms mean the same to biber.
const PORTABLE_ESCAPES: [RegExp, string][] = [
  [/\\textdollar\{\}/g, '\\$'],
  [/\\textunderscore\{\}/g, '\\_'],
  [/\\textbraceleft\{\}/g, '\\{'],
  [/\\textbraceright\{\}/g, '\\}'],
]

// biblatex's names for the languages Scriptorium detects; pandoc and biber read langid.
const LANGIDS: Record<string, string> = { en: 'english', nl: 'dutch', de: 'ngerman', fr: 'french', es: 'spanish', it: 'italian', pt: 'portuguese', sv: 'swedish', da: 'danish', no: 'norsk', fi: 'finnish', pl: 'polish' }

// The mandatory fields of biber's data model for the types citation-js writes (biber-tool.conf).
const REQUIRED: Record<string, string[][]> = {
  article: [['author'], ['title'], ['journaltitle', 'journal'], ['date', 'year']],
  book: [['author'], ['title'], ['date', 'year']],
  inbook: [['author'], ['title'], ['booktitle'], ['date', 'year']],
  incollection: [['author'], ['editor'], ['title'], ['booktitle'], ['date', 'year']],
  inproceedings: [['author'], ['title'], ['booktitle'], ['date', 'year']],
  report: [['author'], ['title'], ['type'], ['institution'], ['date', 'year']],
  thesis: [['author'], ['title'], ['type'], ['institution'], ['date', 'year']],
  online: [['title'], ['url', 'doi', 'eprint'], ['date', 'year']],
  misc: [['title'], ['date', 'year']],
}

/**
 * Makes citation-js's BibTeX pass `biber --validate-datamodel` and read the same in pandoc:
 * the month becomes a macro (BibTeX has no day), the URL is not repeated as howpublished,
 * escapes are the portable ones, the language is given as langid, and an entry that lacks what
 * its type requires (a web article without an author) becomes @online, or else @misc, which
 * need only a title and a date. What is still missing is reported, never made up.
 */
export function repairBibtexEntry(original: BibtexEntry, format: 'bibtex' | 'biblatex', csl: { type?: string; language?: unknown }): RepairedEntry {
  const properties: Record<string, string> = {}
  for (const [field, value] of Object.entries(original.properties)) {
    properties[field] = PORTABLE_ESCAPES.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), value)
  }
  let type = original.type
  if (format === 'bibtex') {
    if (properties.month !== undefined) {
      const month = /^([a-z]{3})\b/.exec(properties.month)?.[1] ?? MONTHS[Number(properties.month) - 1]
      if (month) properties.month = `\u0000${month}`
      else delete properties.month
    }
    if (type !== 'misc' && properties.url) delete properties.howpublished
  }
  const language = typeof csl.language === 'string' ? LANGIDS[csl.language.slice(0, 2).toLowerCase()] : undefined
  if (language && !properties.langid) properties.langid = language
  if (format === 'biblatex' && type === 'article' && (csl.type === 'article-newspaper' || csl.type === 'article-magazine')) {
    properties.entrysubtype = csl.type === 'article-newspaper' ? 'newspaper' : 'magazine'
  }

  if (missingFields(type, properties).length && REQUIRED[type]) {
    const container = properties.journaltitle ?? properties.journal ?? properties.booktitle
    const fallback = properties.url || properties.doi ? 'online' : 'misc'
    if (missingFields(fallback, properties).length < missingFields(type, properties).length) {
      for (const field of ['journaltitle', 'journal', 'booktitle', 'entrysubtype', 'volume', 'number', 'pages', 'issn']) delete properties[field]
      if (container) properties[fallback === 'online' ? 'organization' : 'howpublished'] = container
      type = fallback
    }
  }
  return { entry: { ...original, type, properties }, missing: missingFields(type, properties) }
}

function missingFields(type: string, properties: Record<string, string>): string[] {
  return (REQUIRED[type] ?? []).filter((choices) => !choices.some((field) => properties[field])).map((choices) => choices[0])
}
