import type { ArchiveApi, Item } from '../archiveApi'
import { ArchiveError } from '../archiveError'
import type { OrganizeDependencies } from './collectionOperations'

const sameTag = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

function checkTag(tag: string): string {
  const trimmed = tag.trim()
  if (!trimmed) throw new ArchiveError('invalid_argument', 'A tag cannot be empty.')
  return trimmed
}

/** The tags with the added ones last and the removed ones gone; a tag is never there twice, whatever its case. */
export function retag(tags: readonly string[], add: readonly string[], remove: readonly string[]): string[] {
  const kept = tags.filter((tag) => !remove.some((gone) => sameTag(gone, tag)))
  for (const tag of add) if (!kept.some((each) => sameTag(each, tag))) kept.push(tag)
  return kept
}

/** The tag pane's operations: counts, renaming (and so merging) a tag, and tagging many items in one write. */
export function createTagOperations({ store, now, itemOrThrow }: OrganizeDependencies): Pick<ArchiveApi, 'listTags' | 'renameTag' | 'editTags'> {
  /** Rewrites the items whose tags change, all under one lock in one transaction. */
  async function retagItems(items: Item[], add: string[], remove: string[]): Promise<number> {
    const stamp = now().toISOString()
    const changed: Item[] = []
    const seen = new Set<string>()
    for (const item of items) {
      if (seen.has(item.id)) continue
      seen.add(item.id)
      const tags = retag(item.tags, add, remove)
      if (tags.length === item.tags.length && tags.every((tag, index) => tag === item.tags[index])) continue
      changed.push({ ...structuredClone(item), tags, modifiedAt: stamp })
    }
    await store.putMany(changed)
    return changed.length
  }

  return {
    async listTags() {
      await store.refresh()
      return store.tagCounts()
    },

    async renameTag({ from, to }) {
      const old = checkTag(from)
      const renamed = checkTag(to)
      return store.mutate(async () => {
        const ids = store.idsWithTag(old)
        if (!ids.length) throw new ArchiveError('not_found', `No item has the tag "${old}".`)
        // Removing first, then adding, renames "Korea" to "korea" too, and merges into a tag already there.
        const items = ids.map(itemOrThrow)
        const stamp = now().toISOString()
        const changed = items.map((item) => ({ ...structuredClone(item), tags: retag(item.tags.filter((tag) => !sameTag(tag, old)), [renamed], []), modifiedAt: stamp }))
        await store.putMany(changed)
        return { changed: changed.length }
      })
    },

    async editTags({ ids, add = [], remove = [] }) {
      const adding = add.map(checkTag)
      const removing = remove.map(checkTag)
      if (!adding.length && !removing.length) throw new ArchiveError('invalid_argument', 'Name a tag to add or to remove.')
      const both = adding.find((tag) => removing.some((each) => sameTag(each, tag)))
      if (both) throw new ArchiveError('invalid_argument', `The tag "${both}" cannot be both added and removed.`)
      return store.mutate(async () => ({ changed: await retagItems(ids.map(itemOrThrow), adding, removing) }))
    },
  }
}
