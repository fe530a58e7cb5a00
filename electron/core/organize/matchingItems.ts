import type { Item, ItemFilter } from '../archiveApi'
import { ArchiveError } from '../archiveError'
import type { ArchiveStore } from '../archiveStore'
import { liveCollections, withDescendants } from './collectionTree'

/** The items of a collection (with its subcollections), of a query, or of both: for listItems and matchItems. */
export function matchingItems(store: ArchiveStore) {
  function collectionScope(collectionId: string): string[] {
    const records = store.collectionRecords()
    if (!liveCollections(records).some((record) => record.id === collectionId)) throw new ArchiveError('not_found', `There is no collection with id "${collectionId}".`)
    return withDescendants(records, collectionId)
  }

  async function ids({ collectionId, query }: ItemFilter): Promise<string[]> {
    const inCollection = collectionId === undefined ? undefined : store.idsInCollections(collectionScope(collectionId))
    if (query === undefined || !query.trim()) return inCollection ?? store.list({ trash: false }).map((item) => item.id)
    const matched = await store.matchIds(query)
    if (!inCollection) return matched
    const members = new Set(inCollection)
    return matched.filter((id) => members.has(id))
  }

  return {
    ids,
    /** Most recently added first, as the unfiltered list. */
    async list(filter: ItemFilter, { offset = 0, limit }: { offset?: number; limit?: number }): Promise<Item[]> {
      if (filter.query === undefined || !filter.query.trim()) {
        return filter.collectionId === undefined ? store.list({ trash: false, offset, limit }) : store.listInCollections(collectionScope(filter.collectionId), { offset, limit })
      }
      const items = (await ids(filter)).map((id) => store.find(id)).filter((item): item is Item => Boolean(item))
      items.sort((a, b) => (a.addedAt < b.addedAt ? 1 : a.addedAt > b.addedAt ? -1 : a.id < b.id ? -1 : 1))
      return items.slice(offset, limit === undefined ? undefined : offset + limit)
    },
  }
}
