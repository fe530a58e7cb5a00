import type { ArchiveApi, Collection, Item } from '../archiveApi'
import { ArchiveError } from '../archiveError'
import type { ArchiveStore } from '../archiveStore'
import { randomId } from '../randomId'
import { checkCollectionName, checkNameFree, collectionsInTreeOrder, liveCollections, withDescendants, type CollectionRecord } from './collectionTree'

type CollectionMethods = 'listCollections' | 'createCollection' | 'updateCollection' | 'deleteCollection' | 'restoreCollections' | 'addToCollection' | 'removeFromCollection'

export interface OrganizeDependencies {
  store: ArchiveStore
  now: () => Date
  itemOrThrow: (id: string) => Item
}

/**
 * Collections: their definitions in the library's collections.json, each item's memberships in its
 * own record. Renaming, moving or deleting a collection touches collections.json alone, never an item.
 */
export function createCollectionOperations({ store, now, itemOrThrow }: OrganizeDependencies): Pick<ArchiveApi, CollectionMethods> {
  function liveOrThrow(records: CollectionRecord[], id: string): CollectionRecord {
    const record = liveCollections(records).find((each) => each.id === id)
    if (!record) throw new ArchiveError('not_found', `There is no collection with id "${id}".`)
    return record
  }

  function shown(records: CollectionRecord[], record: CollectionRecord): Collection {
    return { id: record.id, name: record.name, parentId: record.parentId, modifiedAt: record.modifiedAt, itemCount: store.countInCollections(withDescendants(records, record.id)) }
  }

  /** Adds or removes one collection on each item, all in one write; ids of deleted collections are dropped on the way. */
  async function changeMembership(id: string, itemIds: string[], add: boolean): Promise<{ changed: number }> {
    return store.mutate(async () => {
      const records = store.collectionRecords()
      liveOrThrow(records, id)
      const live = new Set(liveCollections(records).map((record) => record.id))
      const stamp = now().toISOString()
      const changed = new Map<string, Item>()
      for (const itemId of itemIds) {
        const item = itemOrThrow(itemId)
        const current = item.collections ?? []
        if (add === current.includes(id) || changed.has(item.id)) continue
        const next = structuredClone(item)
        next.collections = add ? [...current.filter((each) => live.has(each)), id] : current.filter((each) => each !== id && live.has(each))
        if (!next.collections.length) delete next.collections
        next.modifiedAt = stamp
        changed.set(item.id, next)
      }
      // Memberships are looked up in the catalog, never in the full-text index.
      await store.putMany([...changed.values()], { reindex: false })
      return { changed: changed.size }
    })
  }

  return {
    async listCollections() {
      await store.refresh()
      const records = store.collectionRecords()
      return collectionsInTreeOrder(records).map((record) => shown(records, record))
    },

    async createCollection({ name, parentId = null }) {
      const checked = checkCollectionName(name)
      return store.mutate(async () => {
        const records = store.collectionRecords()
        if (parentId !== null) liveOrThrow(records, parentId)
        checkNameFree(records, checked, parentId)
        const record: CollectionRecord = { id: randomId((id) => records.some((each) => each.id === id)), name: checked, parentId, modifiedAt: now().toISOString() }
        await store.putCollectionRecords([...records, record])
        return { ...shown(records, record), itemCount: 0 }
      })
    },

    async updateCollection({ id, name, parentId }) {
      return store.mutate(async () => {
        const records = store.collectionRecords()
        const record = liveOrThrow(records, id)
        const nextName = name === undefined ? record.name : checkCollectionName(name)
        const nextParent = parentId === undefined ? record.parentId : parentId
        if (nextParent !== null) {
          liveOrThrow(records, nextParent)
          if (withDescendants(records, id).includes(nextParent)) throw new ArchiveError('invalid_argument', `"${record.name}" cannot be moved into itself or into one of its own subcollections.`)
        }
        checkNameFree(records, nextName, nextParent, id)
        const updated: CollectionRecord = { ...record, name: nextName, parentId: nextParent, modifiedAt: now().toISOString() }
        const next = records.map((each) => (each.id === id ? updated : each))
        await store.putCollectionRecords(next)
        return shown(next, updated)
      })
    },

    async deleteCollection({ id }) {
      return store.mutate(async () => {
        const records = store.collectionRecords()
        liveOrThrow(records, id)
        const gone = new Set(withDescendants(records, id))
        const stamp = now().toISOString()
        // Tombstones; the items keep the ids, which no longer name a collection and are dropped at their next change.
        await store.putCollectionRecords(records.map((each) => (gone.has(each.id) ? { ...each, modifiedAt: stamp, deletedAt: stamp } : each)))
        return { removed: gone.size }
      })
    },

    async restoreCollections({ ids }) {
      return store.mutate(async () => {
        const records = store.collectionRecords()
        const wanted = new Set(ids)
        for (const id of ids) {
          if (!records.some((each) => each.id === id)) throw new ArchiveError('not_found', `There is no collection with id "${id}".`)
        }
        const stamp = now().toISOString()
        // A newer change than the tombstone's, so a sync tool's merge keeps it too.
        const restored = records.map((each) => {
          if (!wanted.has(each.id) || !each.deletedAt) return each
          const { deletedAt: _deletedAt, ...live } = each
          return { ...live, modifiedAt: stamp }
        })
        await store.putCollectionRecords(restored)
        return restored.filter((each) => wanted.has(each.id)).map((each) => shown(restored, each))
      })
    },

    async addToCollection({ id, itemIds }) {
      return changeMembership(id, itemIds, true)
    },

    async removeFromCollection({ id, itemIds }) {
      return changeMembership(id, itemIds, false)
    },
  }
}
