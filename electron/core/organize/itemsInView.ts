import type { Item, ItemMatches } from '../archiveApi'

/** Whether an item is among the matches: a Set of ids does, and so does matchesOf. */
export interface IdTest {
  has(id: string): boolean
}

/** matchItems' answer as a test of an id, whichever way it came. */
export function matchesOf(answer: ItemMatches): IdTest {
  if ('ids' in answer) return new Set(answer.ids)
  const others = new Set(answer.except)
  return { has: (id) => !others.has(id) }
}

/** What narrows the library table: a collection's ids (with its subcollections), sets of matching ids, and tags an item must all carry. */
export interface ViewFilter {
  collectionIds?: readonly string[]
  /** Each test is one filter (a saved search, a typed query): an item must pass every one. */
  matching?: readonly IdTest[]
  tags?: readonly string[]
}

/**
 * The items of an already sorted list that the filter lets through, in one pass: opening a collection
 * or typing a query filters what the window holds, without asking the archive for the items again.
 */
export function itemsInView(sorted: readonly Item[], { collectionIds, matching = [], tags = [] }: ViewFilter): Item[] {
  const inCollection = collectionIds && new Set(collectionIds)
  const wantedTags = tags.map((tag) => tag.toLowerCase())
  return keptRuns(
    sorted,
    (item) =>
      (!inCollection || (item.collections ?? []).some((id) => inCollection.has(id))) &&
      matching.every((ids) => ids.has(item.id)) &&
      wantedTags.every((tag) => item.tags.some((each) => each.toLowerCase() === tag)),
  )
}

/** Beyond this many runs of kept items, they are copied one by one. */
const MOST_RUNS = 1024

/**
 * The items that pass, copied as runs of neighbours: a filter that keeps nearly everything (a word's
 * first letters) then copies a few long slices, at a third of the cost of pushing 100,000 items.
 */
function keptRuns(sorted: readonly Item[], passes: (item: Item) => boolean): Item[] {
  const bounds: number[] = []
  let start = -1
  for (let at = 0; at < sorted.length; at++) {
    if (passes(sorted[at])) {
      if (start < 0) start = at
    } else if (start >= 0) {
      bounds.push(start, at)
      start = -1
    }
  }
  if (start >= 0) bounds.push(start, sorted.length)
  if (bounds.length > 2 * MOST_RUNS) {
    const kept: Item[] = []
    for (let run = 0; run < bounds.length; run += 2) for (let at = bounds[run]; at < bounds[run + 1]; at++) kept.push(sorted[at])
    return kept
  }
  const runs: Item[][] = []
  for (let run = 0; run < bounds.length; run += 2) runs.push(sorted.slice(bounds[run], bounds[run + 1]))
  return ([] as Item[]).concat(...runs)
}
