import { ArchiveError } from '../archiveError'
import type { CslItem } from '../cslItem'
import { describeCslProblem } from './checkCslEntry'
import { readBibtex } from './readBibtex'
import { risDate, unfoldRisLines } from './risLines'
import { parseLooseDate } from '../capture/parseLooseDate'
import type { ReferenceEntry, ReferenceFormat } from './referenceFormat'

export { referenceFormatOf, type ReferenceEntry, type ReferenceFormat } from './referenceFormat'

export interface ReferenceFile {
  format: ReferenceFormat
  entries: ReferenceEntry[]
  /** One sentence per entry that could not be read, naming its key or line. */
  problems: string[]
}

type Parse = (text: string) => Partial<CslItem>[]

/** citation-js with its BibTeX and RIS plugins, loaded on first use. */
async function citationJsParser(): Promise<Parse> {
  const [{ plugins }] = await Promise.all([import('@citation-js/core'), import('@citation-js/plugin-bibtex'), import('@citation-js/plugin-ris')])
  return (text) => plugins.input.chain(text, { generateGraph: false }) as Partial<CslItem>[]
}

/**
 * Reads a BibTeX/BibLaTeX, RIS or CSL-JSON file through citation-js, so that a malformed entry is
 * named (by key or line) while the good ones are still read.
 */
export async function readReferences(text: string, fileName: string, format: ReferenceFormat): Promise<ReferenceFile> {
  const parse = await citationJsParser()
  const file: ReferenceFile = { format, entries: [], problems: [] }
  if (format === 'bibtex') {
    const reading = await readBibtex(text.replace(/^\uFEFF/, ''))
    for (const entry of reading.entries) {
      readMonthInYear(entry.csl)
      dropEmptyNames(entry.csl)
    }
    file.entries.push(...reading.entries)
    file.problems.push(...reading.problems)
  } else if (format === 'ris') readRis(text, fileName, parse, file)
  else readCslJson(text, fileName, file)
  for (const entry of file.entries) tidy(entry.csl)
  if (!file.entries.length && !file.problems.length) throw new ArchiveError('unsupported_file', `${fileName} holds no references.`)
  return file
}

function readRis(text: string, fileName: string, parse: Parse, file: ReferenceFile): void {
  const numbered = unfoldRisLines(text)
  const lines = numbered.map((line) => line.text)
  if (!lines.some((line) => /^ER {2}-/.test(line))) {
    throw new ArchiveError('unsupported_file', `${fileName} has no "ER  -" lines, which end each RIS entry; nothing was imported.`)
  }
  let start = -1
  for (const [index, line] of lines.entries()) {
    if (/^TY {2}-/.test(line)) {
      if (start >= 0) file.problems.push(`The RIS entry on line ${numbered[start].line} has no "ER  -" line before the next entry.`)
      start = index
    } else if (/^ER {2}-/.test(line)) {
      if (start < 0) {
        file.problems.push(`The RIS entry ending on line ${numbered[index].line} has no "TY  -" line.`)
        continue
      }
      const source = lines.slice(start, index + 1).join('\n')
      try {
        const [csl] = parse(`${source}\n`)
        if (!csl) throw new Error('no entry')
        const issued = risDate(lines.slice(start, index + 1))
        if (issued) csl.issued = issued
        file.entries.push({ csl, source, line: numbered[start].line })
      } catch {
        file.problems.push(`The RIS entry on line ${numbered[start].line} could not be read.`)
      }
      start = -1
    }
  }
  if (start >= 0) file.problems.push(`The RIS entry on line ${numbered[start].line} has no "ER  -" line.`)
}

function readCslJson(text: string, fileName: string, file: ReferenceFile): void {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw new ArchiveError('unsupported_file', `${fileName} is not valid JSON.`)
  }
  const list = Array.isArray(data) ? data : [data]
  for (const [index, entry] of list.entries()) {
    const csl = entry as Partial<CslItem> | null
    const label = csl && typeof csl.id === 'string' ? `Entry ${index + 1} (${csl.id})` : `Entry ${index + 1}`
    if (!csl || typeof csl !== 'object' || Array.isArray(csl) || (typeof csl.title !== 'string' && typeof csl.type !== 'string')) {
      file.problems.push(`${label} is not a CSL-JSON item: it has neither a type nor a title.`)
      continue
    }
    // A name given as a string, or a date as a number, would break every list, search and citation later.
    const problem = describeCslProblem(csl)
    if (problem) {
      file.problems.push(`${label} cannot be imported: ${problem}.`)
      continue
    }
    const key = typeof csl['citation-key'] === 'string' ? (csl['citation-key'] as string) : typeof csl.id === 'string' ? csl.id : undefined
    file.entries.push({ csl, key, source: JSON.stringify(csl, null, 2) })
  }
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']

/**
 * Old .bib files write the month into the year (`year = {May 1979}`), which citation-js keeps as a
 * literal date; read as year and month, it is not lost from a BibTeX export, which has no literal date.
 */
function readMonthInYear(csl: Partial<CslItem>): void {
  const literal = csl.issued?.['date-parts'] ? undefined : csl.issued?.literal
  const match = literal ? /^([A-Za-z]{3,})\.?\s+(\d{4})$/.exec(literal.trim()) : null
  if (!match) return
  const month = MONTH_NAMES.findIndex((name) => name.startsWith(match[1].toLowerCase())) + 1
  if (month) csl.issued = { 'date-parts': [[Number(match[2]), month]] }
}

/**
 * An undefined macro in a name list (`author = INGRAND # " and Olivier Despouys"`) is empty to BibTeX;
 * citation-js keeps it as a name with no parts, which no export can write. It is left out.
 */
function dropEmptyNames(csl: Partial<CslItem>): void {
  const record = csl as Record<string, unknown>
  for (const [field, value] of Object.entries(record)) {
    if (!Array.isArray(value) || !value.some((name) => name && typeof name === 'object' && !Object.keys(name).length)) continue
    const names = value.filter((name) => !(name && typeof name === 'object' && !Object.keys(name).length))
    if (names.length) record[field] = names
    else delete record[field]
  }
}

/** What citation-js leaves for the archive to settle: dates kept raw, and RIS news authors as reporters. */
function tidy(csl: Partial<CslItem>): void {
  for (const field of ['issued', 'accessed'] as const) {
    const date = csl[field]
    if (date && !date['date-parts'] && date.raw) {
      const parsed = parseLooseDate(date.raw)
      if (parsed) csl[field] = parsed
    }
  }
  if (!csl.author && Array.isArray(csl.reporter)) {
    csl.author = csl.reporter as CslItem['author']
    delete csl.reporter
  }
}
