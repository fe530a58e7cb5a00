import { sameValue } from './changeStamps'

/**
 * A small library-wide record (settings.json, collections.json) and its conflict copy, merged key by
 * key: a key only one holds is kept, and where both hold different values the library's own stays
 * and the key is reported, so the copy's value is kept for the user.
 */
export function mergeSharedRecords(main: Record<string, unknown>, copy: Record<string, unknown>): { merged: Record<string, unknown>; clashes: string[] } {
  const merged: Record<string, unknown> = { ...main }
  const clashes: string[] = []
  for (const [key, value] of Object.entries(copy)) {
    if (!(key in main)) merged[key] = value
    else if (key === 'records' && isRecordMap(main[key]) && isRecordMap(value)) merged[key] = mergeRecordMaps(main[key], value)
    else if (!sameValue(main[key], value)) clashes.push(key)
  }
  return { merged, clashes }
}

type RecordMap = Record<string, Record<string, unknown>>

const isRecordMap = (value: unknown): value is RecordMap =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((entry) => typeof entry === 'object' && entry !== null && !Array.isArray(entry))

/** When a record (a collection, a saved search) last changed: its deletion counts as a change. */
const changedAt = (record: Record<string, unknown>) => [record.modifiedAt, record.deletedAt].filter((at): at is string => typeof at === 'string').sort().at(-1) ?? ''

/**
 * collections.json and searches.json keep one record per stable id: both machines' records come
 * together, and where both changed the same one, the later change (a deletion included) wins.
 */
function mergeRecordMaps(main: RecordMap, copy: RecordMap): RecordMap {
  const merged: RecordMap = { ...main }
  for (const [id, record] of Object.entries(copy)) {
    if (!(id in main) || changedAt(record) > changedAt(main[id])) merged[id] = record
  }
  return merged
}
