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
    else if (!sameValue(main[key], value)) clashes.push(key)
  }
  return { merged, clashes }
}
