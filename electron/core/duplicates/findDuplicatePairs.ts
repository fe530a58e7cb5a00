import type { DuplicatePair, Item } from '../archiveApi'
import { doisConflict, DUPLICATE_REASONS, itemDuplicateKeys, type NormalizedKeys } from '../capture/findDuplicate'

/**
 * The likely pairs among the items outside the trash, by the rule imports refuse duplicates by. Each
 * group of items sharing a key gives pairs of its first item with each other one; a pair found by
 * two keys is listed once, under the first reason. The suggested keeper has archived text, else was added first.
 */
export function findDuplicatePairs(items: readonly Item[]): DuplicatePair[] {
  const kinds = Object.keys(DUPLICATE_REASONS) as (keyof NormalizedKeys)[]
  const groups = new Map<string, Item[]>()
  for (const item of items) {
    if (item.trashedAt) continue
    const keys = itemDuplicateKeys(item)
    for (const kind of kinds) {
      const key = keys[kind]
      if (!key) continue
      const group = groups.get(`${kind}\u0000${key}`)
      if (group) group.push(item)
      else groups.set(`${kind}\u0000${key}`, [item])
    }
  }
  const pairs: DuplicatePair[] = []
  const seen = new Set<string>()
  for (const kind of kinds) {
    for (const [key, group] of groups) {
      if (group.length < 2 || !key.startsWith(`${kind}\u0000`)) continue
      const [keep, ...others] = [...group].sort(keeperFirst)
      for (const other of others) {
        if (kind === 'work' && doisConflict(itemDuplicateKeys(keep).doi, itemDuplicateKeys(other).doi)) continue
        const pair = [keep.id, other.id].sort().join(' ')
        if (seen.has(pair)) continue
        seen.add(pair)
        pairs.push({ keep, other, reason: DUPLICATE_REASONS[kind] })
      }
    }
  }
  return pairs
}

function keeperFirst(a: Item, b: Item): number {
  const text = Number(b.wordCount > 0) - Number(a.wordCount > 0)
  return text || a.addedAt.localeCompare(b.addedAt) || a.id.localeCompare(b.id)
}
