import type { ArchiveApi, Item } from '../archiveApi'
import { ArchiveError } from '../archiveError'
import type { OrganizeDependencies } from '../organize/collectionOperations'
import { findDuplicatePairs } from './findDuplicatePairs'
import { mergeInto, unmergeFrom } from './mergeItems'

/** The Duplicates view's operations; a merge and its undo each change both records and keep's annotations in one write. */
export function createDuplicateOperations({ store, now, itemOrThrow }: OrganizeDependencies): Pick<ArchiveApi, 'listDuplicates' | 'mergeItems' | 'unmergeItems'> {
  function twoItems(keepId: string, otherId: string): [Item, Item] {
    const keep = structuredClone(itemOrThrow(keepId))
    const other = structuredClone(itemOrThrow(otherId))
    if (keep.id === other.id) throw new ArchiveError('invalid_argument', `An item cannot be merged with itself (${keep.citekey}).`)
    return [keep, other]
  }

  return {
    async listDuplicates() {
      await store.refresh()
      return findDuplicatePairs(store.all())
    },

    async mergeItems({ keep: keepId, other: otherId }) {
      return store.mutate(async () => {
        const [keep, other] = twoItems(keepId, otherId)
        for (const item of [keep, other]) {
          if (item.trashedAt) throw new ArchiveError('invalid_argument', `${item.citekey} “${item.csl.title ?? 'untitled'}” is in the trash: restore it before merging.`)
        }
        const stamp = now().toISOString()
        const keepNotes = await store.readAnnotations(keep.id)
        const added = mergeInto(keep, keepNotes, other, await store.readAnnotations(other.id), stamp)
        other.trashedAt = stamp
        other.modifiedAt = stamp
        if (added.annotationIds.length) await store.writeAnnotations(keep.id, keepNotes)
        await store.putMany([keep, other])
        return { kept: keep, trashed: other, added }
      })
    },

    async unmergeItems({ keep: keepId, other: otherId, added }) {
      return store.mutate(async () => {
        const [keep, other] = twoItems(keepId, otherId)
        const stamp = now().toISOString()
        const keepNotes = await store.readAnnotations(keep.id)
        unmergeFrom(keep, keepNotes, added, stamp)
        other.trashedAt = null
        other.modifiedAt = stamp
        if (added.annotationIds.length) await store.writeAnnotations(keep.id, keepNotes)
        await store.putMany([keep, other])
        return { kept: keep, restored: other }
      })
    },
  }
}
