import { langidOf } from '../references/biblatexLanguages'
import { biberAllows, biberFieldName } from './biberDataModel'
import type { BibtexEntry } from './exportReferences'

export interface RepairedEntry {
  entry: BibtexEntry
  /** Fields the entry's type requires that the item does not have, e.g. "date". */
  missing: string[]
  /** Fields the item has that biber's model has no place for in the entry's type (kept, and said). */
  unfit: string[]
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

// Pandoc reads neither citation-js's \textdollar{} family nor its \" a spacing; both forms mean the same to biber.
const PORTABLE_ESCAPES: [RegExp, string][] = [
  [/\\textdollar\{\}/g, '\\$'],
  [/\\textunderscore\{\}/g, '\\_'],
]
const BRACE_ESCAPES: [RegExp, string][] = [
  [/\\textbraceleft\{\}/g, '\\{'],
  [/\\textbraceright\{\}/g, '\\}'],
]

/**
 * A value with the portable escapes. BibTeX and biber count every brace, escaped or not, so a lone
 * literal brace (a name read as `Thi\{'ebaux`) stays \textbraceleft{}: written as \{ it would run
 * the field on into the entries after it.
 */
function portable(value: string): string {
  const text = PORTABLE_ESCAPES.reduce((written, [pattern, replacement]) => written.replace(pattern, replacement), value)
  const braces = BRACE_ESCAPES.reduce((written, [pattern, replacement]) => written.replace(pattern, replacement), text)
  return bracesPair(braces) ? braces : text
}

function bracesPair(text: string): boolean {
  let depth = 0
  for (const char of text) {
    if (char === '{') depth++
    else if (char === '}' && --depth < 0) return false
  }
  return depth === 0
}


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
const KEPT_FROM_BIBLATEX = ['abstract', 'keywords', 'language', 'urldate', 'translator', 'isbn', 'issn', 'edition', 'series', 'number', 'addendum', 'pagetotal', 'version', 'eprint', 'eprinttype', 'origdate', 'origlocation', 'origpublisher', 'origtitle']

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
  csl: { type?: string; language?: unknown; editor?: unknown; custom?: unknown; title?: unknown; 'container-title'?: unknown; issued?: unknown; issue?: unknown; note?: unknown },
  biblatex?: BibtexEntry,
): RepairedEntry {
  const properties: Record<string, string> = {}
  for (const [field, value] of Object.entries(original.properties)) {
    properties[field] = portable(value)
  }
  if (format === 'bibtex' && biblatex) {
    for (const field of KEPT_FROM_BIBLATEX) {
      const value = biblatex.properties[field]
      if (value !== undefined && properties[field] === undefined) properties[field] = portable(value)
    }
  }
  // citation-js says the access date again in the note when there is none; urldate holds it, and a note would read back as the item's.
  if (!csl.note && properties.urldate && /^\[Online; accessed [^\]]*\]$/.test(properties.note ?? '')) delete properties.note
  let type = writtenType(csl) ?? original.type
  // BibTeX has no type for a web page, a patent or a dataset; biber and pandoc read biblatex's types in any
  // .bib (BibTeX itself treats an unknown type as @misc), so the type is not lost to @misc.
  if (format === 'bibtex' && type === 'misc' && biblatex && biblatex.type !== 'misc') type = biblatex.type
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
  const custom = csl.custom as Record<string, unknown> | undefined
  if (properties.title) properties.title = protectCase(properties.title, csl.title, custom?.['title-sentence-case'])
  // citation-js writes only the start of a date range; biber and pandoc read `date = {1984/1986}` in either format.
  const range = dateRange(csl.issued)
  if (range) {
    delete properties.year
    delete properties.month
    properties.date = range
  } else if (format === 'bibtex' && !properties.date) {
    // BibTeX has no day; biber and pandoc read `date` beside year and month, so the day is not lost.
    const day = (csl.issued as { 'date-parts'?: unknown[][] } | undefined)?.['date-parts']?.[0]
    if (day?.length === 3 && day.every((part) => Number.isInteger(Number(part)))) properties.date = day.map((part, index) => String(part).padStart(index ? 2 : 4, '0')).join('-')
  }
  // A month no calendar has (Mendeley writes the day there: month = {31}) goes out as it came in, and
  // as pandoc reads it, rather than lost from an ISO date biber and citation-js would refuse.
  const dateParts = (csl.issued as { 'date-parts'?: unknown[][] } | undefined)?.['date-parts']
  const month = Number(dateParts?.[0]?.[1])
  if (!range && dateParts?.length === 1 && dateParts[0].length >= 2 && !(month >= 1 && month <= 12) && !(month >= 21 && month <= 24)) {
    delete properties.date
    properties.year = String(dateParts[0][0])
    properties.month = String(dateParts[0][1])
  }
  // biber reads ISO 8601 years only with four digits; citation-js writes the year 4 as "04".
  if (properties.date) properties.date = properties.date.replace(/^\d{1,3}(?=-|\/|$)/, (year) => year.padStart(4, '0'))
  // citation-js names fields for the type it chose; under the written type some have another name.
  if (MAINTITLE_TYPES.has(type) && properties.booktitle && !properties.maintitle) {
    properties.maintitle = properties.booktitle
    delete properties.booktitle
  }
  if (type === 'manual' && properties.institution && !properties.organization) {
    properties.organization = properties.institution
    delete properties.institution
  }
  // A part with an author of the whole book is biblatex's @inbook; @incollection has no bookauthor.
  if (type === 'incollection' && properties.bookauthor) type = 'inbook'
  // A chapter with no editors (Mendeley's @book_section) is biblatex's @inbook too, which needs none.
  if (type === 'incollection' && !(Array.isArray(csl.editor) && csl.editor.length)) type = 'inbook'
  // One volume of a multivolume work: CSL's container of a book is biblatex's maintitle, which citation-js leaves out.
  const container = csl['container-title']
  if (typeof container === 'string' && container && MAINTITLE_TYPES.has(type) && !properties.maintitle && !properties.booktitle) {
    properties.maintitle = biblatex?.properties.maintitle ?? escapeLatexText(container)
  }
  // citation-js writes booktitle only for the types it maps to; a part kept as @inreference still names its whole.
  if (/^in/.test(type) && !properties.booktitle && typeof container === 'string' && container) {
    properties.booktitle = biblatex?.properties.booktitle ?? escapeLatexText(container)
  }
  placeContainer(type, properties, container, biblatex)
  // The title of the book a part is in is sentence-cased by the same styles, and protected the same way.
  for (const field of ['booktitle', 'maintitle']) {
    if (properties[field]) properties[field] = protectCase(properties[field], container, custom?.['container-title-sentence-case'])
  }
  // citation-js writes an issue only for articles; a web page's or a document's would be lost.
  const issue = csl.issue
  if ((typeof issue === 'string' || typeof issue === 'number') && String(issue) && properties.number === undefined && properties.issue === undefined) properties.issue = escapeLatexText(String(issue))
  // pandoc and biber read langid, which the import reads back as the same code.
  const language = typeof csl.language === 'string' ? langidOf(csl.language) : undefined
  if (language && !properties.langid) properties.langid = language
  // biblatex's language field holds language names (english), not the codes CSL keeps; langid says it.
  // A code biblatex has no name for stays in `language`, where pandoc and the import read it.
  if (properties.langid && properties.language && /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(properties.language)) delete properties.language
  // biber and pandoc read entrysubtype in a BibTeX file too; without it a magazine is read back as a journal.
  if (type === 'article' && (csl.type === 'article-newspaper' || csl.type === 'article-magazine')) {
    properties.entrysubtype = csl.type === 'article-newspaper' ? 'newspaper' : 'magazine'
  }
  const unfit = Object.keys(properties).filter((field) => !biberAllows(type, field)).map(biberFieldName)
  return { entry: { ...original, type, properties }, missing: missingFields(type, properties), unfit }
}

const CONTAINER_FIELDS = ['booktitle', 'journaltitle', 'journal', 'maintitle']

/**
 * A container the entry type has no field for (a web page's site, a thesis's database, the journal
 * of a Mendeley @generic) goes to titleaddon, which every such type has and biblatex prints right
 * after the title; readBibtex reads it back as the container of those types. BibTeX's @misc, for
 * which citation-js writes no container at all, gets it the same way.
 */
function placeContainer(type: string, properties: Record<string, string>, container: unknown, biblatex?: BibtexEntry): void {
  if (typeof container !== 'string' || !container) return
  const written = CONTAINER_FIELDS.filter((field) => properties[field] !== undefined)
  if (written.some((field) => biberAllows(type, field)) || properties.titleaddon !== undefined || !biberAllows(type, 'titleaddon')) return
  properties.titleaddon = written.length ? properties[written[0]] : (biblatex?.properties.booktitle ?? escapeLatexText(container))
  for (const field of written) delete properties[field]
}

/**
 * Braces around the words whose case a style must not change, as Better BibTeX writes them: words
 * that keep a capital in the stored sentence-case title (the braced words of the .bib it came from,
 * and proper names), and words with a capital after their first letter (DNA, McDonald, iPhone).
 * biblatex styles that sentence-case titles (biblatex-apa) and pandoc then leave them alone.
 */
function protectCase(title: string, asWritten: unknown, sentence: unknown): string {
  const words = new Set<string>()
  const text = typeof asWritten === 'string' ? asWritten : ''
  // "Higher-Dimensional" is Title Case, not a name: each part of a compound is judged alone.
  for (const word of text.match(/[A-Za-z][A-Za-z0-9-]*/g) ?? []) if (word.split('-').some((part) => /^.+[A-Z]/.test(part))) words.add(word)
  if (typeof sentence === 'string') {
    // The first word and the first after a colon are capitalised by the rule, not by the author.
    const positional = sentence.replace(/^\s*\S+/, '').replace(/:\s+\S+/g, ':')
    for (const word of positional.match(/[A-Za-z][A-Za-z0-9-]*/g) ?? []) if (/[A-Z]/.test(word)) words.add(word)
  }
  if (!words.size) return title
  // Only at brace depth 0, and never inside a command's name.
  let depth = 0
  let out = ''
  for (const piece of title.split(/(\\[A-Za-z]+|[{}]|[A-Za-z][A-Za-z0-9-]*)/)) {
    if (piece === '{') depth++
    else if (piece === '}') depth--
    out += depth === 0 && words.has(piece) && !out.endsWith('\\') ? `{${piece}}` : piece
  }
  return out
}

const MAINTITLE_TYPES = new Set(['book', 'mvbook', 'collection', 'mvcollection', 'proceedings', 'mvproceedings', 'reference', 'mvreference', 'bookinbook'])

/** The LaTeX specials of plain text escaped, for a field citation-js did not write. */
function escapeLatexText(text: string): string {
  return text.replace(/[\\{}&%$#_\u00a0]/g, (char) => (char === '\\' ? '\\textbackslash{}' : char === '\u00a0' ? '~' : `\\${char}`))
}

/** A CSL date range ({date-parts: [[1984], [1986]]}) as biblatex's EDTF-like `1984/1986`; undefined for one date. */
function dateRange(date: unknown): string | undefined {
  const parts = (date as { 'date-parts'?: unknown[][] } | undefined)?.['date-parts']
  if (!Array.isArray(parts) || parts.length !== 2) return undefined
  const one = (part: unknown[]) => part.map((value, index) => String(value).padStart(index ? 2 : 4, '0')).join('-')
  return `${one(parts[0])}/${one(parts[1])}`
}

/**
 * The entry type the item was read with (custom.biblatex-type), while its CSL type is still the one
 * that type reads as: @collection and @book are both CSL "book", and the export should not choose.
 */
function writtenType(csl: { type?: string; custom?: unknown }): string | undefined {
  const written = (csl.custom as Record<string, unknown> | undefined)?.['biblatex-type']
  if (typeof written !== 'string' || !csl.type || BIBLATEX_READS_AS[written] !== csl.type) return undefined
  return written
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
