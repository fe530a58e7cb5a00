import type { Item } from '../archiveApi'

/** What narrows the library table: a collection's ids (with its subcollections), sets of matching ids, and tags an item must all carry. */
export interface ViewFilter {
  collectionIds?: readonly string[]
  /** Each set is one filter (a saved search, a typed query): an item must be in every one. */
  matching?: readonly ReadonlySet<string>[]
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
