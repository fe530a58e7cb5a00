/** CSL-JSON, the one internal model of a reference (as citation-js and citeproc use it). */

export interface CslName {
  family?: string
  given?: string
  literal?: string
  'non-dropping-particle'?: string
  'dropping-particle'?: string
  suffix?: string
}

export interface CslDate {
  'date-parts'?: number[][]
  raw?: string
  literal?: string
}

export interface CslItem {
  id: string
  type: CslType
  title?: string
  author?: CslName[]
  issued?: CslDate
  accessed?: CslDate
  'container-title'?: string
  URL?: string
  DOI?: string
  language?: string
  [field: string]: unknown
}

/** The item types of CSL 1.0.2, in the order the specification lists them. */
export const CSL_TYPES = [
  'article', 'article-journal', 'article-magazine', 'article-newspaper', 'bill', 'book', 'broadcast',
  'chapter', 'classic', 'collection', 'dataset', 'document', 'entry', 'entry-dictionary',
  'entry-encyclopedia', 'event', 'figure', 'graphic', 'hearing', 'interview', 'legal_case',
  'legislation', 'manuscript', 'map', 'motion_picture', 'musical_score', 'pamphlet',
  'paper-conference', 'patent', 'performance', 'periodical', 'personal_communication', 'post',
  'post-weblog', 'regulation', 'report', 'review', 'review-book', 'software', 'song', 'speech',
  'standard', 'thesis', 'treaty', 'webpage',
] as const

export type CslType = (typeof CSL_TYPES)[number]

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/

/** Parses "2018", "2018-09" or "2018-09-14" into a CSL date; undefined when it is not one. */
export function parsePartialDate(text: string): CslDate | undefined {
  const match = PARTIAL_DATE.exec(text.trim())
  if (!match) return undefined
  const parts = match.slice(1).filter((part) => part !== undefined).map(Number)
  const [, month, day] = parts
  if (month !== undefined && (month < 1 || month > 12)) return undefined
  if (day !== undefined && (day < 1 || day > daysInMonth(parts[0], month!))) return undefined
  return { 'date-parts': [parts] }
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** The inverse of parsePartialDate: "2018-09" for {date-parts: [[2018, 9]]}. */
export function formatPartialDate(date: CslDate | undefined): string {
  const parts = date?.['date-parts']?.[0]
  if (!parts?.length) return date?.literal ?? date?.raw ?? ''
  return parts.map((part, index) => String(part).padStart(index === 0 ? 4 : 2, '0')).join('-')
}

/** "Family, Given" gives a personal name; anything without a comma is kept whole as a literal name. */
export function parseAuthor(text: string): CslName {
  const trimmed = text.trim().replace(/\s+/g, ' ')
  const comma = trimmed.indexOf(',')
  if (comma < 0) return { literal: trimmed }
  const family = trimmed.slice(0, comma).trim()
  const given = trimmed.slice(comma + 1).trim()
  return given ? { family, given } : { family }
}

/** "Family, Given" or the literal: how a name is shown in lists and typed back in the CLI. */
export function formatAuthor(name: CslName): string {
  if (name.literal) return name.literal
  const family = [name['non-dropping-particle'], name.family].filter(Boolean).join(' ')
  return [family, name.given, name.suffix].filter(Boolean).join(', ')
}

/** "Jan de Vries": a name as a byline prints it. */
export function formatAuthorNatural(name: CslName): string {
  return name.literal ?? [name.given, name['dropping-particle'], name['non-dropping-particle'], name.family, name.suffix].filter(Boolean).join(' ')
}

export function yearOf(item: CslItem): number | undefined {
  return item.issued?.['date-parts']?.[0]?.[0]
}
