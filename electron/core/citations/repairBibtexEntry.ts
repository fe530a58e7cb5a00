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

// Fields citation-js writes only for BibLaTeX; biber and pandoc read them in a BibTeX file too, so
// a BibTeX export keeps them rather than dropping the item's abstract, keywords or translator.
const KEPT_FROM_BIBLATEX = ['abstract', 'keywords', 'urldate', 'translator', 'isbn', 'issn', 'edition', 'series', 'number', 'addendum', 'pagetotal', 'version', 'eprint', 'eprinttype', 'origdate', 'origlocation', 'origpublisher', 'origtitle']

/**
 * Makes citation-js's BibTeX pass `biber --validate-datamodel` and read the same in pandoc, without
 * losing anything the item has: the month becomes a macro (BibTeX has no day), the URL is not
 * repeated as howpublished, escapes are the portable ones, the language is given as langid, a
 * chapter with editors is an @incollection (citation-js writes @inbook), and the fields BibTeX's
 * mapping leaves out come from the BibLaTeX one. An entry that lacks what its type requires keeps
 * its type and every field; what biber will miss is reported, never made up or "fixed" by demotion.
 */
export function repairBibtexEntry(
  original: BibtexEntry,
  format: 'bibtex' | 'biblatex',
  csl: { type?: string; language?: unknown; editor?: unknown; custom?: unknown },
  biblatex?: BibtexEntry,
): RepairedEntry {
  const properties: Record<string, string> = {}
  for (const [field, value] of Object.entries(original.properties)) {
    properties[field] = PORTABLE_ESCAPES.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), value)
  }
  if (format === 'bibtex' && biblatex) {
    for (const field of KEPT_FROM_BIBLATEX) {
      const value = biblatex.properties[field]
      if (value !== undefined && properties[field] === undefined) properties[field] = PORTABLE_ESCAPES.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), value)
    }
  }
  let type = writtenType(csl, format) ?? original.type
  // CSL's generic "article" (a text saved from a file) is a journal article to citation-js; without a
  // journal it is what biblatex calls @online (with an address) or @misc. Nothing is dropped by this.
  if (type === 'article' && csl.type === 'article' && !properties.journal && !properties.journaltitle) type = properties.url || properties.doi ? 'online' : 'misc'
  if (type === 'inbook' && csl.type === 'chapter' && Array.isArray(csl.editor) && csl.editor.length) type = 'incollection'
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
  // biblatex's language field holds language names (english), not the codes CSL keeps; langid says it.
  if (format === 'biblatex' && properties.language && /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(properties.language)) delete properties.language
  if (format === 'bibtex' && properties.language && /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(properties.language)) delete properties.language
  if (format === 'biblatex' && type === 'article' && (csl.type === 'article-newspaper' || csl.type === 'article-magazine')) {
    properties.entrysubtype = csl.type === 'article-newspaper' ? 'newspaper' : 'magazine'
  }
  return { entry: { ...original, type, properties }, missing: missingFields(type, properties) }
}

// BibTeX's own entry types; a BibTeX export gives back a written type only when BibTeX knows it.
const BIBTEX_TYPES = new Set(['article', 'book', 'booklet', 'inbook', 'incollection', 'inproceedings', 'manual', 'mastersthesis', 'misc', 'phdthesis', 'proceedings', 'techreport', 'unpublished'])

/**
 * The entry type the item was read with (custom.biblatex-type), while its CSL type is still the one
 * that type reads as: @collection and @book are both CSL "book", and the export should not choose.
 */
function writtenType(csl: { type?: string; custom?: unknown }, format: 'bibtex' | 'biblatex'): string | undefined {
  const written = (csl.custom as Record<string, unknown> | undefined)?.['biblatex-type']
  if (typeof written !== 'string' || !csl.type || BIBLATEX_READS_AS[written] !== csl.type) return undefined
  return format === 'biblatex' || BIBTEX_TYPES.has(written) ? written : undefined
}

// What citation-js reads each biblatex type as (its mapping/biblatexTypes.json, source side).
const BIBLATEX_READS_AS: Record<string, string> = {
  article: 'article-journal', book: 'book', mvbook: 'book', inbook: 'chapter', bookinbook: 'book', booklet: 'book',
  collection: 'book', mvcollection: 'book', incollection: 'chapter', dataset: 'dataset', manual: 'report', misc: 'document',
  online: 'webpage', patent: 'patent', periodical: 'periodical', proceedings: 'book', mvproceedings: 'book',
  inproceedings: 'paper-conference', reference: 'book', mvreference: 'book', inreference: 'entry', report: 'report',
  software: 'software', thesis: 'thesis', unpublished: 'manuscript', artwork: 'graphic', audio: 'song', image: 'figure',
  jurisdiction: 'legal_case', legislation: 'legislation', legal: 'treaty', letter: 'personal_communication',
  movie: 'motion_picture', music: 'musical_score', performance: 'performance', review: 'review', standard: 'standard',
  video: 'motion_picture', conference: 'paper-conference', mastersthesis: 'thesis', phdthesis: 'thesis', techreport: 'report',
}

function missingFields(type: string, properties: Record<string, string>): string[] {
  return (REQUIRED[type] ?? []).filter((choices) => !choices.some((field) => properties[field])).map((choices) => choices[0])
}
