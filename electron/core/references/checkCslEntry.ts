import { z } from 'zod'
import { CSL_TYPES } from '../cslItem'

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
const number = z.union([z.string(), z.number()])

// The variables the archive reads (lists, search, duplicates, citations) must have the shape CSL gives them.
const CSL_ENTRY = z
  .object({
    type: z.enum(CSL_TYPES).optional(),
    title: text.optional(),
    'title-short': text.optional(),
    'container-title': text.optional(),
    URL: text.optional(),
    DOI: text.optional(),
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
