import { biberAllows } from '../citations/biberDataModel'
import type { CslItem } from '../cslItem'
import { CSL_TYPES } from '../cslItem'
import { EXTRA_LATEX_COMMANDS, finishDecodedText, prepareLatex } from './bibtexLatex'
import { LANGUAGE_CODES } from './biblatexLanguages'
import { biblatexTypeOf } from './bibtexTypes'
import type { ReferenceEntry } from './referenceFormat'
import { keylessLabel, splitBibtexEntries, type BibtexChunk } from './splitBibtexEntries'

/** A raw entry as citation-js's file grammar gives it: field values still in LaTeX. */
interface RawEntry {
  type: string
  label: string
  properties: Record<string, string | number>
  annotations?: unknown
}

interface BibtexParts {
  parseFile(text: string): RawEntry[]
  parseValue(value: string, field: string, languages?: string | string[]): unknown
  mapEntries(entries: { type: string; label: string; properties: Record<string, unknown> }[]): Partial<CslItem>[]
  setSentenceCase(option: 'never' | 'english'): void
  known: { has(command: string): boolean }
}

let loading: Promise<BibtexParts> | undefined

/**
 * citation-js's BibTeX plugin taken apart: its file grammar, its value decoder and its biblatex →
 * CSL mapping, so that each entry is read on its own (one bad entry names itself) while the
 * mapping sees the whole file (crossref parents are found).
 */
function bibtexParts(): Promise<BibtexParts> {
  loading ??= Promise.all([
    import('@citation-js/core'),
    import('@citation-js/plugin-bibtex'),
    import('@citation-js/plugin-bibtex/lib/input/file.js'),
    import('@citation-js/plugin-bibtex/lib/input/value.js'),
    import('@citation-js/plugin-bibtex/lib/mapping/index.js'),
    import('@citation-js/plugin-bibtex/lib/input/constants.js'),
  ]).then(([core, , file, value, mapping, constants]) => {
    const config = core.plugins.config.get('@bibtex') as { parse: { sentenceCase: string; strict: boolean } }
    const c = constants as unknown as Record<string, Record<string, unknown>>
    for (const [command, text] of Object.entries(EXTRA_LATEX_COMMANDS)) if (!(command in c.commands)) c.commands[command] = text
    const vocabularies = [c.commands, c.mathCommands, c.diacritics, c.formattingCommands, c.formattingEnvs, c.argumentCommands]
    return {
      parseFile: (text) => (file as { parse(text: string): RawEntry[] }).parse(text),
      parseValue: (text, field, languages) => (value as { parse(text: string, field: string, languages?: unknown): unknown }).parse(text, field, languages),
      mapEntries: (entries) => (mapping as { parse(entries: unknown): Partial<CslItem>[] }).parse(entries),
      setSentenceCase: (option) => {
        config.parse.sentenceCase = option
      },
      known: { has: (command) => command === 'begin' || command === 'end' || vocabularies.some((vocabulary) => Object.hasOwn(vocabulary, command)) },
    }
  })
  return loading
}

// Fields read as written: addresses, identifiers and file paths, where `%2f` or `_` mean themselves.
const VERBATIM = new Set(['url', 'doi', 'eprint', 'file', 'pdf', 'verba', 'verbb', 'verbc', 'urlraw'])
// Lists biber splits at "and" that CSL holds as one text: a publisher "John Wiley and Sons" stays one.
const LITERAL_LISTS: Record<string, string> = { publisher: ' and ', institution: ' and ', organization: ' and ', location: '; ', address: '; ' }

// The addresses biblatex's standard styles link an eprint to (biblatex.def, \DeclareFieldFormat{eprint:…}).
const EPRINT_LINKS: Record<string, string> = {
  arxiv: 'https://arxiv.org/abs/',
  googlebooks: 'https://books.google.com?id=',
  jstor: 'https://www.jstor.org/stable/',
  hdl: 'https://hdl.handle.net/',
  pubmed: 'https://www.ncbi.nlm.nih.gov/pubmed/',
}

export interface BibtexReading {
  entries: ReferenceEntry[]
  problems: string[]
}

/**
 * Reads a .bib file as biber does: braces or parentheses, @string macros, crossref and xdata
 * parents, every biblatex type and the usual aliases. Each entry is either read or named in
 * `problems` with its line and the reason.
 */
export async function readBibtex(text: string): Promise<BibtexReading> {
  const parts = await bibtexParts()
  const { entries: chunks, strings } = splitBibtexEntries(text)
  const problems: string[] = []
  const raws = parseRawEntries(parts, chunks, strings, problems)

  const byKey = new Map(raws.map(({ raw }) => [raw.label.toLowerCase(), raw]))
  const readable: { chunk: BibtexChunk; raw: RawEntry; subtype?: string }[] = []
  for (const { chunk, raw } of raws) {
    if (raw.type === 'xdata' || raw.type === 'set') {
      problems.push(`${where(chunk)} is an @${raw.type} entry, which holds fields for other entries and is not a reference itself.`)
      continue
    }
    const known = biblatexTypeOf(raw.type)
    if (!known) {
      problems.push(`${where(chunk)} has the type @${raw.type}, which neither biblatex nor any reference manager we know defines.`)
      continue
    }
    inheritXdata(raw, byKey)
    readable.push({ chunk, raw: { ...raw, type: known.type }, subtype: known.subtype })
  }

  const decoded = readable.map(({ chunk, raw, subtype }) => {
    const properties = decodeFields(parts, raw)
    return { chunk, raw, subtype, properties, container: takeAddonContainer(raw.type, properties) }
  })
  let csl: Partial<CslItem>[]
  parts.setSentenceCase('never')
  try {
    csl = parts.mapEntries(decoded.map(({ raw, properties }) => ({ type: raw.type, label: raw.label, properties })))
  } catch {
    // One entry the mapping cannot take would lose the whole file; find it by mapping them one by one.
    csl = decoded.map(({ raw, properties }) => {
      try {
        return parts.mapEntries([{ type: raw.type, label: raw.label, properties }])[0]
      } catch {
        return undefined as unknown as Partial<CslItem>
      }
    })
  }

  const entries: ReferenceEntry[] = []
  for (const [index, { chunk, raw, subtype, properties, container }] of decoded.entries()) {
    const item = csl[index]
    if (!item) {
      problems.push(`${where(chunk)} could not be turned into a reference.`)
      continue
    }
    if (container !== undefined) item['container-title'] = container
    // citation-js leaves out a booktitleaddon; biblatex prints it after the book title, and pandoc reads it there too.
    const addon = properties.booktitleaddon
    if (typeof addon === 'string' && addon && typeof item['container-title'] === 'string' && properties.booktitle !== undefined && !item['container-title'].includes(addon)) {
      item['container-title'] = `${item['container-title']}. ${addon}`
    }
    finishItem(item, raw, properties, subtype, parts, byKey)
    entries.push({ csl: item, key: chunk.keyless ? undefined : raw.label, source: chunk.keyless ? chunk.text.replace(keylessLabel(chunk.line), '') : chunk.text, line: chunk.line })
  }
  return { entries, problems }
}

/**
 * The titleaddon of an entry type that has no field for a container (@online, @misc, @report,
 * @thesis…), taken out of the title: biblatex prints it after the title, where a web page's site or
 * a thesis's database is read, and our exports write those there.
 */
function takeAddonContainer(type: string, properties: Record<string, unknown>): string | undefined {
  const addon = properties.titleaddon
  if (typeof addon !== 'string' || !addon) return undefined
  if (['booktitle', 'journaltitle', 'journal', 'maintitle'].some((field) => properties[field] !== undefined || biberAllows(type, field))) return undefined
  delete properties.titleaddon
  return addon
}

function where(chunk: BibtexChunk): string {
  return chunk.key ? `The entry ${chunk.key} (line ${chunk.line})` : `The entry on line ${chunk.line}`
}

/** The whole file in one pass of the grammar; entry by entry only when that pass fails. */
function parseRawEntries(parts: BibtexParts, chunks: BibtexChunk[], strings: string, problems: string[]): { chunk: BibtexChunk; raw: RawEntry }[] {
  const good = chunks.filter((chunk) => {
    if (chunk.problem) problems.push(`${where(chunk)} ${chunk.problem}.`)
    return !chunk.problem
  })
  try {
    const raws = parts.parseFile(`${strings}\n${good.map((chunk) => chunk.text).join('\n')}`)
    if (raws.length === good.length && raws.every((raw, index) => raw.label === labelOf(good[index]))) {
      return raws.map((raw, index) => ({ chunk: good[index], raw }))
    }
  } catch {
    // Fall through: some entry breaks the grammar, and reading them one by one will name it.
  }
  const read: { chunk: BibtexChunk; raw: RawEntry }[] = []
  for (const chunk of good) {
    try {
      const [raw] = parts.parseFile(`${strings}\n${chunk.text}`)
      if (!raw) throw new Error('no entry')
      read.push({ chunk, raw })
    } catch (error) {
      problems.push(`${where(chunk)} is not valid BibTeX${grammarHint(error)}.`)
    }
  }
  return read
}

function labelOf(chunk: BibtexChunk): string | undefined {
  return chunk.keyless ? keylessLabel(chunk.line) : chunk.key
}

function grammarHint(error: unknown): string {
  const message = error instanceof Error ? error.message : ''
  const expected = /expected "(\w+)", got "(\w+)"/.exec(message)
  return expected ? ` (a ${expected[1]} was expected where there is a ${expected[2]})` : ''
}

/** biblatex's xdata: the fields of the entries named in `xdata` that this entry does not set itself. */
function inheritXdata(raw: RawEntry, byKey: Map<string, RawEntry>, seen = new Set<string>()): void {
  const names = raw.properties.xdata
  if (typeof names !== 'string') return
  for (const name of names.split(',').map((key) => key.trim().toLowerCase())) {
    const parent = byKey.get(name)
    if (!parent || seen.has(name)) continue
    seen.add(name)
    inheritXdata(parent, byKey, seen)
    for (const [field, value] of Object.entries(parent.properties)) if (field !== 'xdata' && !(field in raw.properties)) raw.properties[field] = value
  }
}

/** Each field decoded from LaTeX on its own, so that one odd command costs that field its markup, never the entry. */
function decodeFields(parts: BibtexParts, raw: RawEntry): Record<string, unknown> {
  const properties: Record<string, unknown> = {}
  const languages = String(raw.properties.langid ?? raw.properties.language ?? 'english')
  for (const [field, value] of Object.entries(raw.properties)) {
    const text = String(value)
    if (text === '') continue
    if (VERBATIM.has(field)) {
      properties[field] = text.trim()
      continue
    }
    const prepared = prepareLatex(text, parts.known)
    try {
      properties[field] = parts.parseValue(prepared, field, field === 'language' ? undefined : languages)
    } catch {
      properties[field] = plainText(prepared)
    }
  }
  return properties
}

/** The last resort for a field the decoder refuses: its words, without commands or braces. */
function plainText(latex: string): string {
  return finishDecodedText(latex.replace(/\\[a-zA-Z]+\*?/g, '').replace(/[{}]/g, '').replace(/~/g, '\u00a0').replace(/\s+/g, ' ').trim())
}

function finishItem(item: Partial<CslItem>, raw: RawEntry, properties: Record<string, unknown>, subtype: string | undefined, parts: BibtexParts, byKey: Map<string, RawEntry>): void {
  delete item.id
  delete item['citation-key']
  tidyStrings(item as Record<string, unknown>)
  if (!item.type || !(CSL_TYPES as readonly string[]).includes(item.type)) item.type = 'document'
  if (subtype === 'newspaper' || properties.entrysubtype === 'newspaper') item.type = 'article-newspaper'
  else if (subtype === 'magazine' || properties.entrysubtype === 'magazine') item.type = 'article-magazine'
  // citation-js percent-encodes the address once more (%2f → %252f); the field as written is the address.
  if (typeof properties.url === 'string') item.URL = properties.url.replace(/\\([%#&_~])/g, '$1')
  if (!item.URL && typeof properties.eprint === 'string') {
    const link = EPRINT_LINKS[String(properties.eprinttype ?? properties.archiveprefix ?? '').toLowerCase()]
    if (link) item.URL = `${link}${properties.eprint}`
  }
  // citation-js reads an issue for articles only; biber and pandoc keep a web page's or a document's too.
  if (item.issue === undefined && (typeof properties.issue === 'string' || typeof properties.issue === 'number')) item.issue = String(properties.issue)
  if (typeof properties.doi === 'string') item.DOI = properties.doi.replace(/^https?:\/\/(dx\.)?doi\.org\//i, '').replace(/\\_/g, '_')
  for (const [field, joiner] of Object.entries({ publisher: LITERAL_LISTS.publisher, 'publisher-place': '; ', 'event-place': '; ', note: '\n', 'container-title': ': ', keyword: ', ' })) {
    const value = item[field]
    if (Array.isArray(value)) item[field] = value.map(String).join(joiner)
  }
  for (const [field, value] of Object.entries(item)) if (Array.isArray(value) && !isNameList(value) && field !== 'categories') item[field] = value.map(String).join(', ')
  // langid is the entry's language (biber hyphenates and cases by it); `language` may list the languages of a bilingual edition.
  const langid = typeof raw.properties.langid === 'string' ? LANGUAGE_CODES[raw.properties.langid.toLowerCase()] : undefined
  if (langid) item.language = langid
  else if (typeof item.language === 'string' && LANGUAGE_CODES[item.language.toLowerCase()]) item.language = LANGUAGE_CODES[item.language.toLowerCase()]
  const parent = typeof raw.properties.crossref === 'string' ? byKey.get(raw.properties.crossref.toLowerCase()) : undefined
  const custom: Record<string, string> = {}
  if (parent) custom.crossref = parent.label
  // CSL has one "book" for @book, @collection and @mvbook: the written type lets an export give it back.
  custom['biblatex-type'] = raw.type
  const sentence = sentenceCase(parts, raw, ['title', 'subtitle'], item.title)
  if (sentence) custom['title-sentence-case'] = sentence
  // pandoc sentence-cases the title of the book a part is in (booktitle, maintitle), not a journal's.
  const container = item['container-title']
  if (typeof container === 'string' && !/^(article|periodical)/.test(raw.type)) {
    // The book's own title when a crossref parent gave it. A sentence case differs only in case, which tells the field that gave the container.
    const candidates: [RawEntry, [string, string]][] = [...BOOK_TITLES.map((pair): [RawEntry, [string, string]] => [raw, pair]), ...(parent ? [[parent, ['title', 'subtitle']] as [RawEntry, [string, string]]] : [])]
    for (const [source, fields] of candidates) {
      const sentence = sentenceCase(parts, source, fields, container)
      if (sentence?.toLowerCase() !== container.toLowerCase()) continue
      custom['container-title-sentence-case'] = sentence
      break
    }
  }
  if (Object.keys(custom).length) item.custom = { ...(item.custom as object | undefined), ...custom }
}

function isNameList(value: unknown[]): boolean {
  return value.every((name) => name !== null && typeof name === 'object')
}

/** Decoded text, recursively: `\'\i` made í, unknown commands dropped, names' parts too. */
function tidyStrings(record: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(record)) {
    if (typeof value === 'string') record[field] = finishDecodedText(value)
    else if (Array.isArray(value)) {
      record[field] = value.map((part) => {
        if (typeof part === 'string') return finishDecodedText(part)
        if (part && typeof part === 'object' && !Array.isArray(part)) tidyStrings(part as Record<string, unknown>)
        return part
      })
    } else if (value && typeof value === 'object' && field !== 'issued' && field !== 'accessed') tidyStrings(value as Record<string, unknown>)
  }
}

// biblatex's names of English, and the language codes; what citation-js and pandoc sentence-case.
const ENGLISH = /^(english|american|british|canadian|australian|newzealand|usenglish|ukenglish|en(-[a-z0-9]+)*)$/

// The fields a container title of a part comes from, with their subtitles, as citation-js maps them.
const BOOK_TITLES: [string, string][] = [
  ['maintitle', 'mainsubtitle'],
  ['booktitle', 'booksubtitle'],
]

/**
 * "Higher-Order", "Self-Driving" and "d'Interaction" as pandoc sentence-cases them ("higher-order",
 * "d'interaction"): each part after a hyphen or an apostrophe of a compound in Title Case is lowered
 * before the sentence case, which would otherwise keep the compound for its inner capital. Only
 * outside braces, where the author protected nothing; "McDonald's" keeps its capitals.
 */
function lowerCompoundParts(latex: string): string {
  let depth = 0
  let out = ''
  for (const piece of latex.split(/(\\[A-Za-z]+|[{}]|[A-Za-z0-9]+(?:[-'\u2019][A-Za-z]+)+)/)) {
    if (piece === '{') depth++
    else if (piece === '}') depth--
    const compound = depth === 0 && !out.endsWith('\\') && /^([A-Za-z][a-z]*|[0-9]+)([-'\u2019][A-Z][a-z]+)+$/.test(piece)
    out += compound ? piece.replace(/([-'\u2019])([A-Z])/g, (_, mark: string, letter: string) => `${mark}${letter.toLowerCase()}`) : piece
  }
  return out
}

/**
 * A title as pandoc and Zotero hand it to a style that wants sentence case (APA): lower case but
 * for the first word and the words the author protected with braces, which stay in a nocase span.
 * Only for English entries; undefined when it equals the title as written.
 */
function sentenceCase(parts: BibtexParts, raw: RawEntry, [main, sub]: [string, string], title: string | undefined): string | undefined {
  const written = raw.properties[main]
  if (!title || typeof written !== 'string') return undefined
  const language = String(raw.properties.langid ?? raw.properties.hyphenation ?? raw.properties.language ?? 'english').toLowerCase()
  // Other languages are left as written, as pandoc leaves them (Zotero's "Anglais" is not a language biber knows).
  if (!ENGLISH.test(language)) return undefined
  parts.setSentenceCase('english')
  try {
    const pieces = [written, raw.properties[sub]].filter((piece): piece is string => typeof piece === 'string')
    const sentence = pieces.map((piece) => {
      const text = parts.parseValue(prepareLatex(lowerCompoundParts(piece), parts.known), 'title', language)
      if (typeof text !== 'string') throw new Error('not text')
      return finishDecodedText(text)
    })
    // biblatex prints a subtitle after a colon, and APA (like pandoc) starts what follows a colon with a capital.
    const joined = sentence
      .map((piece, index) => (index ? piece.charAt(0).toUpperCase() + piece.slice(1) : piece))
      .join(': ')
      .replace(/: (\p{Ll})/gu, (_, letter: string) => `: ${letter.toUpperCase()}`)
    return joined !== title ? joined : undefined
  } catch {
    return undefined
  } finally {
    parts.setSentenceCase('never')
  }
}
