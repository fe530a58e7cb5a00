import type { CslItem } from '../cslItem'

// The variables of the CSL-JSON schema (citation-style-language/schema, csl-data.json 1.0.2), by the
// shape each must have. The schema forbids any other property, and pandoc refuses a whole file over one.
const TEXT = new Set(
  (
    'type citation-key language journalAbbreviation shortTitle abstract annote archive archive_collection archive_location ' +
    'archive-place authority call-number citation-label collection-title container-title container-title-short dimensions ' +
    'division DOI event event-title event-place genre ISBN ISSN jurisdiction keyword medium note original-publisher ' +
    'original-publisher-place original-title part-title PMCID PMID publisher publisher-place references reviewed-genre ' +
    'reviewed-title scale section source status title title-short URL version volume-title volume-title-short year-suffix'
  ).split(' '),
)
const TEXT_OR_NUMBER = new Set(
  (
    'id chapter-number citation-number collection-number edition first-reference-note-number issue locator number ' +
    'number-of-pages number-of-volumes page page-first part printing supplement volume'
  ).split(' '),
)
const NAMES = new Set(
  (
    'author chair collection-editor compiler composer container-author contributor curator director editor editorial-director ' +
    'executive-producer guest host interviewer illustrator narrator organizer original-author performer producer recipient ' +
    'reviewed-author script-writer series-creator translator'
  ).split(' '),
)
const DATES = new Set(['accessed', 'available-date', 'event-date', 'issued', 'original-date', 'submitted'])
const NAME_PARTS = new Set(['family', 'given', 'dropping-particle', 'non-dropping-particle', 'suffix', 'comma-suffix', 'static-ordering', 'literal', 'parse-names'])
const DATE_PARTS = new Set(['date-parts', 'season', 'circa', 'literal', 'raw'])

/**
 * An item as the CSL-JSON schema allows it: a list where the schema wants text (a note or a place
 * read from a .bib) is joined, a variable the schema does not know moves into `custom`, and a value
 * of a shape no CSL processor reads is left out rather than invalidating the file.
 */
export function cslJsonForExport(item: CslItem): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const custom: Record<string, unknown> = { ...(isRecord(item.custom) ? item.custom : {}) }
  for (const [field, value] of Object.entries(item)) {
    if (value === undefined || value === null || field === 'custom') continue
    if (TEXT.has(field)) {
      const text = asText(value, field === 'note' ? '\n' : field === 'keyword' ? ', ' : '; ')
      if (text !== undefined) out[field] = text
    } else if (TEXT_OR_NUMBER.has(field)) {
      const text = typeof value === 'number' ? value : asText(value, ', ')
      if (text !== undefined) out[field] = text
    } else if (NAMES.has(field)) {
      if (Array.isArray(value)) out[field] = value.filter(isRecord).map((name) => pick(name, NAME_PARTS))
    } else if (DATES.has(field)) {
      if (isRecord(value)) out[field] = numericDateParts(pick(value, DATE_PARTS))
    } else if (field === 'categories') {
      if (Array.isArray(value)) out[field] = value.map(String)
    } else custom[field] = value
  }
  if (Object.keys(custom).length) out.custom = custom
  return out
}

/** Date parts as numbers: the schema allows "-333" as text, but pandoc refuses a negative year written so. */
function numericDateParts(date: Record<string, unknown>): Record<string, unknown> {
  const parts = date['date-parts']
  if (!Array.isArray(parts)) return date
  const number = (part: unknown) => (typeof part === 'string' && /^-?\d+$/.test(part) ? Number(part) : part)
  return { ...date, 'date-parts': parts.map((dateParts: unknown) => (Array.isArray(dateParts) ? dateParts.map(number) : dateParts)) }
}

function asText(value: unknown, joiner: string): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value) && value.every((part) => typeof part === 'string' || typeof part === 'number')) return value.join(joiner)
  return undefined
}

function pick(record: Record<string, unknown>, allowed: Set<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => allowed.has(key)))
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
