import type { Item } from '../archiveApi'
import type { KeyedValues } from './changeStamps'

/**
 * An item as keyed values for change stamps: each CSL field (`csl.title`), each other field
 * (`trashedAt`), and each member of a list kept as a set (`tags[history]`), so that a tag added here
 * and another there both survive, and a removed one stays removed.
 */
const SET_FIELDS = ['tags', 'collections'] as const
/** Not merged by key: the id names the record, and the time of the last change follows from the merge. */
const WHOLE_RECORD_FIELDS = new Set(['id', 'modifiedAt'])

export function itemValues(item: Item): KeyedValues {
  const values: KeyedValues = {}
  for (const [field, value] of Object.entries(item)) {
    if (WHOLE_RECORD_FIELDS.has(field) || value === undefined) continue
    if (field === 'csl' && value && typeof value === 'object') {
      for (const [key, cslValue] of Object.entries(value)) if (key !== 'id' && cslValue !== undefined) values[`csl.${key}`] = cslValue
    } else if ((SET_FIELDS as readonly string[]).includes(field) && Array.isArray(value)) {
      for (const member of value) values[`${field}[${String(member)}]`] = true
    } else values[field] = value
  }
  return values
}

/** The item the merged values describe; lists keep the order of `order` (the winning copy), then new members. */
export function itemFromValues(values: KeyedValues, id: string, modifiedAt: string, order: Item): Item {
  const item: Record<string, unknown> = { id, csl: { id } }
  const sets = new Map<string, string[]>()
  for (const [key, value] of Object.entries(values)) {
    const member = /^([A-Za-z]+)\[(.*)\]$/s.exec(key)
    if (member && (SET_FIELDS as readonly string[]).includes(member[1])) {
      if (value === true) sets.set(member[1], [...(sets.get(member[1]) ?? []), member[2]])
    } else if (key.startsWith('csl.')) (item.csl as Record<string, unknown>)[key.slice(4)] = value
    else item[key] = value
  }
  for (const field of SET_FIELDS) {
    const members = sets.get(field) ?? []
    const previous = (order as unknown as Record<string, unknown>)[field]
    if (!members.length && !Array.isArray(previous) && field !== 'tags') continue
    const known = Array.isArray(previous) ? previous.map(String).filter((member) => members.includes(member)) : []
    item[field] = [...known, ...members.filter((member) => !known.includes(member)).sort()]
  }
  item.modifiedAt = modifiedAt
  return item as unknown as Item
}
