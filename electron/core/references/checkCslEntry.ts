import { z } from 'zod'
import { CSL_TYPES } from '../cslItem'
import type { ReferenceEntry } from './referenceFormat'

const name = z
  .object({
    family: z.string().optional(),
    given: z.string().optional(),
    literal: z.string().optional(),
    'non-dropping-particle': z.string().optional(),
    'dropping-particle': z.string().optional(),
    suffix: z.string().optional(),
  })
  .passthrough()
const names = z.array(name)
const date = z
  .object({
    'date-parts': z.array(z.array(z.union([z.number(), z.string().regex(/^-?\d+$/)])).min(1).max(3)).optional(),
    raw: z.string().optional(),
    literal: z.string().optional(),
  })
  .passthrough()
const text = z.string()
// Long enough for any real reference; a longer field is a broken or hostile file, refused per entry.
const longText = z.string().max(20_000)
const shortText = z.string().max(1000)
const address = z.string().max(8000)
const number = z.union([z.string(), z.number()])

// The variables the archive reads (lists, search, duplicates, citations) must have the shape CSL gives them.
const CSL_ENTRY = z
  .object({
    type: z.enum(CSL_TYPES).optional(),
    title: longText.optional(),
    'title-short': text.optional(),
    'container-title': text.optional(),
    URL: address.optional(),
    DOI: shortText.optional(),
    language: text.optional(),
    abstract: text.optional(),
    publisher: text.optional(),
    volume: number.optional(),
    issue: number.optional(),
    page: number.optional(),
    author: names.optional(),
    editor: names.optional(),
    issued: date.optional(),
    accessed: date.optional(),
  })
  .passthrough()

/** Why an entry of a CSL-JSON file cannot be stored as it is, in words; undefined when it can. */
export function describeCslProblem(entry: unknown): string | undefined {
  const checked = CSL_ENTRY.safeParse(entry)
  if (checked.success) return undefined
  const [issue] = checked.error.issues
  const field = issue.path.length ? String(issue.path[0]) : 'the entry'
  switch (issue.code) {
    case 'too_big':
      return `its ${field} is longer than ${Number(issue.maximum).toLocaleString('en-US')} characters`
    case 'invalid_value':
      return `its ${field} is not a CSL type such as article-journal or book`
    case 'invalid_type':
      if (issue.path.length > 1) return `its ${field} holds a part that is not as CSL writes it`
      if (issue.expected === 'array') return `its ${field} is not a list of names`
      if (issue.expected === 'object') return `its ${field} is not a CSL date such as {"date-parts": [[2020, 5]]}`
      return `its ${field} is not ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`
    default:
      return `its ${field} is malformed`
  }
}

/** The largest source text kept for one entry, and the longest key shown as its name. */
export const MAX_ENTRY_SOURCE = 1024 * 1024
const MAX_KEY = 1000

/**
 * Why one entry of a reference chunk cannot be stored, in words; undefined when it can. Checked per
 * entry, so that one oversized or malformed entry refuses itself and never its chunk.
 */
export function describeEntryProblem(entry: ReferenceEntry, csl: unknown = entry.csl): string | undefined {
  if (entry.key && entry.key.length > MAX_KEY) return `its key is longer than ${MAX_KEY.toLocaleString('en-US')} characters`
  if (entry.source.length > MAX_ENTRY_SOURCE) return `its source text is longer than ${MAX_ENTRY_SOURCE / 1024 / 1024} MB`
  return describeCslProblem(csl)
}

/**
 * How a refusal names an entry: by its key and the line of the file it starts on ("ref10 (line 52)"),
 * by its line alone when it has no usable key ("on line 52"), or by its place in the chunk when it
 * came with neither.
 */
export function entryLabel(entry: Pick<ReferenceEntry, 'key' | 'line'>, index: number): string {
  const key = entry.key && entry.key.length <= MAX_KEY ? entry.key : undefined
  if (entry.line === undefined) return key ?? String(index + 1)
  return key ? `${key} (line ${entry.line})` : `on line ${entry.line}`
}
