import type { ExportedFile, Item } from '../archiveApi'
import { citableCsl, exportableCsl } from './citableCsl'
import { cslJsonForExport } from './cslJsonForExport'
import { loadCitationJsFormats } from './citationJs'
import { repairBibtexEntry } from './repairBibtexEntry'

export const EXPORT_FORMATS = ['bibtex', 'biblatex', 'ris', 'csl-json', 'bibliography', 'bibliography-html'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

const FILES: Record<ExportFormat, { extension: string; mediaType: string }> = {
  bibtex: { extension: 'bib', mediaType: 'application/x-bibtex' },
  biblatex: { extension: 'bib', mediaType: 'application/x-bibtex' },
  ris: { extension: 'ris', mediaType: 'application/x-research-info-systems' },
  'csl-json': { extension: 'json', mediaType: 'application/vnd.citationstyles.csl+json' },
  bibliography: { extension: 'txt', mediaType: 'text/plain' },
  'bibliography-html': { extension: 'html', mediaType: 'text/html' },
}

export interface BibtexEntry {
  type: string
  label: string
  properties: Record<string, string>
}

/**
 * References of many items in one file. Entries are ordered by citation key, so an auto-exported
 * .bib changes only where the library did, and every entry is labelled with its pinned key.
 * The style and locale apply to bibliographies and must already be registered.
 */
export async function exportReferences(items: Item[], format: ExportFormat, style: string, locale: string): Promise<ExportedFile> {
  const sorted = [...items].sort((a, b) => a.citekey.localeCompare(b.citekey))
  const csl = sorted.map(format === 'bibliography' || format === 'bibliography-html' ? citableCsl : exportableCsl)
  const { Cite } = await loadCitationJsFormats()
  const file = (content: string): ExportedFile => ({
    fileName: `references.${FILES[format].extension}`,
    mediaType: FILES[format].mediaType,
    content,
  })
  if (format === 'csl-json') return file(`${JSON.stringify(csl.map(cslJsonForExport), null, 2)}\n`)
  if (!csl.length) return file('')
  const cite = new Cite(csl)
  switch (format) {
    case 'bibtex':
    case 'biblatex': {
      // citation-js writes a no-break space (J.~Chem.) as a plain one; a token carries it through as ~.
      const latexCite = new Cite(csl.map((item) => withNoBreakToken(item)))
      const entries = (latexCite.format(format, { format: 'object' } as never) as unknown as BibtexEntry[]).map(restoreNoBreak)
      const biblatex = format === 'bibtex' ? (latexCite.format('biblatex', { format: 'object' } as never) as unknown as BibtexEntry[]).map(restoreNoBreak) : entries
      // citation-js makes up a label ("Martin2020Martins") unless told otherwise; the pinned key is the label, byte for byte.
      const repaired = entries.map((entry, index) => {
        const key = sorted[index].citekey
        return { ...repairBibtexEntry({ ...entry, label: key }, format, csl[index], biblatex[index]), key }
      })
      const warnings = repaired.flatMap(({ key, missing, unfit, entry }) => [
        ...(missing.length ? [`${key} has no ${missing.join(', no ')}, which a @${entry.type} entry needs; biber will warn about it.`] : []),
        ...(unfit.length ? [`${key} has ${unfit.join(', ')}, for which a @${entry.type} entry has no field; kept (pandoc reads it), biber will warn about it.`] : []),
      ])
      return { ...file(serializeBibtex(repaired.map(({ entry }) => entry))), ...(warnings.length ? { warnings } : {}) }
    }
    case 'ris':
      return file(`${unwrapRis(cite.format('ris')).trim()}\n`)
    case 'bibliography':
      return file(`${cite.format('bibliography', { format: 'text', template: style, lang: locale }).trim()}\n`)
    case 'bibliography-html':
      return file(bibliographyDocument(cite.format('bibliography', { format: 'html', template: style, lang: locale }), locale))
  }
}

const NO_BREAK_TOKEN = 'qzNoBreakSpaceqz'
const FAMILY_SPACE_TOKEN = 'qzFamilySpaceqz'
// citation-js folds H₂O and m² to H2O and m2 (Unicode NFKD); as {$_2$} and {$^2$} biber, pandoc and our reader keep them.
const SCRIPT_BASE = '0123456789+-=()'
// Letters, which citation-js passes through unescaped.
const SCRIPT_BASE_TOKENS = 'ABCDEFGHIJKLMNO'
const SCRIPTS: [string, string][] = [
  ['Sub', '\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089\u208a\u208b\u208c\u208d\u208e'],
  ['Sup', '\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207a\u207b\u207c\u207d\u207e'],
]
const SCRIPT_TOKEN = /qz(Sub|Sup)([A-O])qz/g
// citation-js has no LaTeX for most of Unicode and drops it: Cyrillic, Arabic, Hebrew, CJK, the
// hyphen ‐, the ellipsis, ≤ ≥. Everything but the Latin letters and the marks it does write goes out
// as the character itself, which biber and pandoc read in a UTF-8 file.
const PLAIN_UNICODE = /[^\u0000-\u007f\u00a1\u00a7\u00a9\u00ab\u00ae\u00b0\u00b6\u00b7\u00bb\u00bf\u00c0-\u017e\u2013\u2014\u2018\u2019\u201c\u201d\u2020-\u2022\u2030\u20ac]/gu
const UNICODE_TOKEN = /qzu([a-p]+)qz/g
const HEX_LETTERS = 'abcdefghijklmnop'

/**
 * What citation-js would lose, marked with tokens it passes through: a no-break space, sub- and
 * superscript digits, and the spaces of a family name of several words ("Vázques de Parga"), which BibTeX would split into a
 * particle and a family unless the whole family is braced.
 */
function withNoBreakToken<T>(value: T, key = ''): T {
  if (typeof value === 'string') {
    let marked = value.replace(/\u00a0/g, NO_BREAK_TOKEN)
    for (const [mark, chars] of SCRIPTS) marked = marked.replace(new RegExp(`[${chars}]`, 'g'), (char) => `qz${mark}${SCRIPT_BASE_TOKENS[chars.indexOf(char)]}qz`)
    // Combining accents stay: citation-js writes them as LaTeX accents on the letter before.
    marked = marked.replace(PLAIN_UNICODE, (char) => /\p{M}/u.test(char) ? char : `qzu${[...char.codePointAt(0)!.toString(16)].map((digit) => HEX_LETTERS[parseInt(digit, 16)]).join('')}qz`)
    return (key === 'family' ? marked.replace(/ +/g, FAMILY_SPACE_TOKEN) : marked) as T
  }
  if (Array.isArray(value)) return value.map((part) => withNoBreakToken(part)) as T
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([field, part]) => [field, withNoBreakToken(part, field)])) as T
  return value
}

function restoreNoBreak(entry: BibtexEntry): BibtexEntry {
  // A name list is "particle Family, Given and …"; only the family carries the token, and it is braced
  // whole, the particle before it left out (de {La Rosa}, the {Arts Endowment}), as BibTeX reads them apart.
  // A name with no given name loses the comma citation-js leaves after it, which biber warns about;
  // one with a suffix keeps it, for "Family, Suffix," is what reads back as family and suffix.
  const braceFamilies = (value: string) =>
    value
      .split(' and ')
      .map((written) => {
        const name = (written.match(/,/g) ?? []).length > 1 ? written : written.replace(/,\s*$/, '')
        if (!name.includes(FAMILY_SPACE_TOKEN)) return name
        const comma = name.indexOf(',')
        const full = comma < 0 ? name : name.slice(0, comma)
        const start = full.split(' ').findIndex((word) => word.includes(FAMILY_SPACE_TOKEN))
        const words = full.split(' ')
        const family = words.slice(start).join(' ').split(FAMILY_SPACE_TOKEN).join(' ')
        return `${[...words.slice(0, start), `{${family}}`].join(' ')}${comma < 0 ? '' : name.slice(comma)}`
      })
      .join(' and ')
  const restore = (value: string, field: string) =>
    (NAME_FIELDS.has(field) ? braceFamilies(value) : value)
      .split(NO_BREAK_TOKEN)
      .join('~')
      .replace(SCRIPT_TOKEN, (_token, mark: string, index: string) => `{$${mark === 'Sub' ? '_' : '^'}${SCRIPT_BASE[SCRIPT_BASE_TOKENS.indexOf(index)]}$}`)
      .replace(UNICODE_TOKEN, (_token, letters: string) => String.fromCodePoint(parseInt([...letters].map((letter) => HEX_LETTERS.indexOf(letter).toString(16)).join(''), 16)))
  return { ...entry, properties: Object.fromEntries(Object.entries(entry.properties).map(([field, value]) => [field, restore(value, field)])) }
}

const NAME_FIELDS = new Set(['author', 'editor', 'translator', 'bookauthor', 'editora', 'editorb', 'editorc', 'annotator', 'commentator', 'introduction', 'foreword', 'afterword', 'holder'])

/** A macro (the month) is written bare; everything else in braces, as citation-js escaped it. */
function serializeBibtex(entries: BibtexEntry[]): string {
  return entries
    .map(({ type, label, properties }) => {
      const fields = Object.entries(properties).map(([field, value]) =>
        value.startsWith('\u0000') ? `  ${field} = ${value.slice(1)},` : `  ${field} = {${value}},`,
      )
      return `@${type}{${label},\n${fields.join('\n')}\n}\n`
    })
    .join('\n')
}

/** citation-js breaks RIS values every 70 characters, and readers take the continuation for a new, broken line. */
function unwrapRis(ris: string): string {
  return ris.replace(/\n(?![A-Z][A-Z0-9] {2}-)/g, '')
}

function bibliographyDocument(body: string, locale: string): string {
  return `<!doctype html>\n<html lang="${locale}">\n<head>\n<meta charset="utf-8">\n<title>References</title>\n<style>.csl-entry{margin:0 0 .6em;padding-left:2em;text-indent:-2em}</style>\n</head>\n<body>\n${body.trim()}\n</body>\n</html>\n`
}
