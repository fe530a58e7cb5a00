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
  return sorted.filter(
    (item) =>
      (!inCollection || (item.collections ?? []).some((id) => inCollection.has(id))) &&
      matching.every((ids) => ids.has(item.id)) &&
      wantedTags.every((tag) => item.tags.some((each) => each.toLowerCase() === tag)),
  )
}
