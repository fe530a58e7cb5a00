import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { Collection, Item, SavedSearch } from '../../../electron/core/archiveApi'
import { withDescendants } from '../../../electron/core/organize/collectionTree'
import { itemsInView, matchesOf, type IdTest } from '../../../electron/core/organize/itemsInView'
import { archive } from '../client/archive'
import { formatNumber, i18n } from '../i18n'
import { useLibraryStore } from './library'
import { useNoticeStore } from './notices'
import { useHistoryStore } from './history'

/** What the library table shows: everything, a collection (with its subcollections) or a saved search. */
export type LibraryScope = { kind: 'all' } | { kind: 'collection'; id: string } | { kind: 'saved'; id: string }

// A query typed into the filter waits this long for the next keystroke before it is asked.
const TYPING_MS = 120

/** Collections, tags and saved searches in the sidebar, and the filter they put on the library table. */
export const useOrganizeStore = defineStore('organize', () => {
  const library = useLibraryStore()
  const notices = useNoticeStore()
  const collections = ref<Collection[]>([])
  const savedSearches = ref<SavedSearch[]>([])
  const scope = ref<LibraryScope>({ kind: 'all' })
  /** Tags picked in the tag pane: an item must carry every one. */
  const pickedTags = ref<string[]>([])
  /** The query typed into the table's filter. */
  const query = ref('')
  const queryError = ref<string | null>(null)
  /** Which items the typed query (or the saved search) matches; null while there is none. */
  const queryMatches = shallowRef<IdTest | null>(null)
  const savedMatches = shallowRef<IdTest | null>(null)

  async function load() {
    try {
      ;[collections.value, savedSearches.value] = await Promise.all([archive.listCollections({}), archive.listSavedSearches({})])
    } catch (error) {
      notices.error((error as Error).message)
    }
    // A collection or saved search deleted elsewhere leaves the view.
    const current = scope.value
    if (current.kind === 'collection' && !collections.value.some((each) => each.id === current.id)) scope.value = { kind: 'all' }
    if (current.kind === 'saved' && !savedSearches.value.some((each) => each.id === current.id)) scope.value = { kind: 'all' }
    await Promise.all([runQuery(), runSaved()])
  }

  /** Every tag of the items outside the trash, by name, with how many carry it; case does not split a tag. */
  const tags = computed(() => {
    const counts = new Map<string, { tag: string; count: number }>()
    for (const item of library.items) {
      for (const tag of new Set(item.tags.map((each) => each.toLowerCase()))) {
        const entry = counts.get(tag)
        if (entry) entry.count++
        else counts.set(tag, { tag: item.tags.find((each) => each.toLowerCase() === tag)!, count: 1 })
      }
    }
    return [...counts.values()].sort((a, b) => a.tag.localeCompare(b.tag, undefined, { sensitivity: 'base', numeric: true }))
  })

  const depthOf = (collection: Collection): number => {
    let depth = 0
    for (let parent = collection.parentId; parent && depth < 32; depth++) parent = collections.value.find((each) => each.id === parent)?.parentId ?? null
    return depth
  }

  const currentCollection = computed(() => (scope.value.kind === 'collection' ? collections.value.find((each) => each.id === (scope.value as { id: string }).id) : undefined))
  const currentSearch = computed(() => (scope.value.kind === 'saved' ? savedSearches.value.find((each) => each.id === (scope.value as { id: string }).id) : undefined))

  /** The library's sorted items that the scope, the picked tags and the typed query all let through. */
  const visibleItems = computed<Item[]>(() => {
    const collection = currentCollection.value
    return itemsInView(library.sortedItems, {
      collectionIds: collection && withDescendants(collections.value, collection.id),
      matching: [currentSearch.value ? savedMatches.value : null, queryMatches.value].filter((test): test is IdTest => test !== null),
      tags: pickedTags.value,
    })
  })

  const filtering = computed(() => scope.value.kind !== 'all' || pickedTags.value.length > 0 || queryMatches.value !== null)

  let querySequence = 0
  async function runQuery() {
    const mine = ++querySequence
    const text = query.value
    if (!text.trim()) {
      queryMatches.value = null
      queryError.value = null
      return
    }
    try {
      const answer = await archive.matchItems({ query: text })
      if (mine !== querySequence) return
      queryMatches.value = matchesOf(answer)
      queryError.value = null
    } catch (error) {
      if (mine !== querySequence) return
      // A query half typed ("year:20") is answered with its sentence; the rows stay as they were.
      queryError.value = (error as Error).message
    }
  }

  async function runSaved() {
    const search = currentSearch.value
    if (!search) {
      savedMatches.value = null
      return
    }
    try {
      savedMatches.value = matchesOf(await archive.matchItems({ query: search.query }))
    } catch (error) {
      savedMatches.value = new Set()
      notices.error((error as Error).message)
    }
  }

  let typing: ReturnType<typeof setTimeout> | undefined
  watch(query, () => {
    clearTimeout(typing)
    typing = setTimeout(() => void runQuery(), TYPING_MS)
  })
  watch(scope, () => void runSaved())
  // Counts and live lists follow every change to the library, whoever made it (the CLI, a sync tool);
  // a burst of changes (an import's chunks) asks once.
  let following: ReturnType<typeof setTimeout> | undefined
  watch(() => library.items, () => {
    clearTimeout(following)
    following = setTimeout(() => void load(), TYPING_MS)
  })

  function show(next: LibraryScope) {
    scope.value = next
  }

  function toggleTag(tag: string) {
    pickedTags.value = pickedTags.value.some((each) => each.toLowerCase() === tag.toLowerCase()) ? pickedTags.value.filter((each) => each.toLowerCase() !== tag.toLowerCase()) : [...pickedTags.value, tag]
  }

  /** Runs a change, reloads what it touched, and says what happened; an error is told in the archive's words. */
  async function change<T>(work: () => Promise<T>, done: (result: T) => string | null): Promise<T | undefined> {
    try {
      const result = await work()
      await library.load()
      await load()
      const message = done(result)
      if (message) notices.success(message)
      return result
    } catch (error) {
      notices.error((error as Error).message)
      return undefined
    }
  }

  const { t } = i18n.global
  const plural = (count: number) => t('sidebar.notice.items', { count: formatNumber(count) }, count)
  const quoted = (names: string[]) => `“${names.join('”, “')}”`

  const history = useHistoryStore()
  const sameTag = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()
  const everyItem = () => [...library.items, ...library.trash]
  const hasTag = (id: string, tag: string) => Boolean(everyItem().find((item) => item.id === id)?.tags.some((each) => sameTag(each, tag)))
  const isIn = (id: string, collectionId: string) => Boolean(everyItem().find((item) => item.id === id)?.collections?.includes(collectionId))
  /** Runs an undo or redo, then reloads what it touched; a refusal is the history's to tell. */
  async function quietly(work: () => Promise<unknown>): Promise<void> {
    await work()
    await library.load()
    await load()
  }
  /** Puts a change just made on the undo stack; its undo and redo reload what they touch, as the change did. */
  function recordedChange(describe: () => string, undo: () => Promise<unknown>, redo: () => Promise<unknown>) {
    history.record({ describe, undo: () => quietly(undo), redo: () => quietly(redo) })
  }

  async function editTags(ids: string[], add: string[], remove: string[]) {
    // Undo takes a tag only from the items that lacked it, and gives one back only to those that had it.
    const gained = add.map((tag) => ({ tag, ids: ids.filter((id) => !hasTag(id, tag)) }))
    const lost = remove.map((tag) => ({ tag, ids: ids.filter((id) => hasTag(id, tag)) }))
    const result = await change(() => archive.editTags({ ids, add, remove }), ({ changed }) => (add.length ? t('sidebar.notice.tagged', { items: plural(changed), tags: quoted(add) }) : t('sidebar.notice.untagged', { tags: quoted(remove), items: plural(changed) })))
    if (!result?.changed) return result
    const tag = [...add, ...remove].join("', '")
    recordedChange(
      () => t(add.length ? 'undoDuplicates.change.tagAdd' : 'undoDuplicates.change.tagRemove', { tag, count: result.changed }, result.changed),
      async () => {
        for (const each of gained) if (each.ids.length) await archive.editTags({ ids: each.ids, remove: [each.tag] })
        for (const each of lost) if (each.ids.length) await archive.editTags({ ids: each.ids, add: [each.tag] })
      },
      () => archive.editTags({ ids, add, remove }),
    )
    return result
  }

  async function renameTag(from: string, to: string) {
    const had = everyItem().filter((item) => item.tags.some((each) => sameTag(each, from))).map((item) => item.id)
    const hadBoth = had.filter((id) => hasTag(id, to))
    const result = await change(() => archive.renameTag({ from, to }), ({ changed }) => t('sidebar.notice.renamedTag', { from, to, items: plural(changed) }))
    if (!result) return result
    recordedChange(
      () => t('undoDuplicates.change.tagRename', { from, to }),
      async () => {
        const only = had.filter((id) => !hadBoth.includes(id))
        if (only.length) await archive.editTags({ ids: only, remove: [to] })
        await archive.editTags({ ids: had, add: [from] })
      },
      () => archive.renameTag({ from, to }),
    )
    return result
  }

  async function addToCollection(collection: Collection, itemIds: string[]) {
    const newcomers = itemIds.filter((id) => !isIn(id, collection.id))
    const result = await change(() => archive.addToCollection({ id: collection.id, itemIds }), ({ changed }) => (changed ? t('sidebar.notice.addedTo', { items: plural(changed), name: collection.name }) : t('sidebar.notice.alreadyIn', { name: collection.name })))
    if (result?.changed && newcomers.length) {
      recordedChange(
        () => t('undoDuplicates.change.collectionAdd', { name: collection.name, count: newcomers.length }, newcomers.length),
        () => archive.removeFromCollection({ id: collection.id, itemIds: newcomers }),
        () => archive.addToCollection({ id: collection.id, itemIds: newcomers }),
      )
    }
    return result
  }

  async function removeFromCollection(collection: Collection, itemIds: string[]) {
    const members = itemIds.filter((id) => isIn(id, collection.id))
    const result = await change(() => archive.removeFromCollection({ id: collection.id, itemIds }), ({ changed }) => t('sidebar.notice.takenOut', { items: plural(changed), name: collection.name }))
    if (result?.changed && members.length) {
      recordedChange(
        () => t('undoDuplicates.change.collectionRemove', { name: collection.name, count: members.length }, members.length),
        () => archive.addToCollection({ id: collection.id, itemIds: members }),
        () => archive.removeFromCollection({ id: collection.id, itemIds: members }),
      )
    }
    return result
  }

  async function createCollection(name: string, parentId: string | null = null) {
    const created = await change(() => archive.createCollection({ name, parentId }), (made) => t('sidebar.notice.created', { name: made.name }))
    if (!created) return created
    // Redo makes it again, under a new id: nothing refers to a collection that was just made and undone.
    let current = created.id
    recordedChange(
      () => t('undoDuplicates.change.collectionCreate', { name: created.name }),
      () => archive.deleteCollection({ id: current }),
      async () => void (current = (await archive.createCollection({ name, parentId })).id),
    )
    return created
  }

  async function deleteCollection(collection: Collection) {
    // The collection and its subcollections, each with its members, so Undo brings back all of them.
    const ids = withDescendants(collections.value, collection.id)
    const members = ids.map((id) => ({ id, itemIds: everyItem().filter((item) => item.collections?.includes(id)).map((item) => item.id) }))
    const result = await change(() => archive.deleteCollection({ id: collection.id }), () => t('sidebar.notice.deleted', { name: collection.name }))
    if (!result) return result
    recordedChange(
      () => t('undoDuplicates.change.collectionDelete', { name: collection.name }),
      async () => {
        await archive.restoreCollections({ ids })
        // An item changed meanwhile may have dropped the deleted id: it is put back.
        for (const each of members) if (each.itemIds.length) await archive.addToCollection(each)
      },
      () => archive.deleteCollection({ id: collection.id }),
    )
    return result
  }

  async function updateCollection(id: string, next: { name?: string; parentId?: string | null }) {
    const before = collections.value.find((each) => each.id === id)
    const updated = await change(() => archive.updateCollection({ id, ...next }), (done) => (next.name !== undefined ? t('sidebar.notice.renamed', { name: done.name }) : t('sidebar.notice.moved', { name: done.name })))
    if (!updated || !before) return updated
    const previous = next.name !== undefined ? { name: before.name } : { parentId: before.parentId }
    recordedChange(
      () => (next.name !== undefined ? t('undoDuplicates.change.collectionRename', { from: before.name, to: updated.name }) : t('undoDuplicates.change.collectionMove', { name: updated.name })),
      () => archive.updateCollection({ id, ...previous }),
      () => archive.updateCollection({ id, ...next }),
    )
    return updated
  }

  /**
   * Deletes the saved search now kept under this name. A search is known by its name (saving under a
   * name kept replaces it), and undoing a deletion keeps it again under a new id.
   */
  async function deleteSearchNamed(name: string) {
    const found = (await archive.listSavedSearches({})).find((each) => each.name.toLowerCase() === name.trim().toLowerCase())
    if (found) await archive.deleteSavedSearch({ id: found.id })
  }

  async function saveSearch(name: string, text: string) {
    // Saved under a name already kept, it replaces that search's query: Undo gives the old one back.
    const replaced = savedSearches.value.find((each) => each.name.toLowerCase() === name.trim().toLowerCase())
    const saved = await change(() => archive.saveSearch({ name, query: text }), (done) => t('sidebar.notice.savedSearch', { name: done.name }))
    if (!saved) return saved
    recordedChange(
      () => t(replaced ? 'savedSearchChanges.replace' : 'savedSearchChanges.save', { name: saved.name }),
      () => (replaced ? archive.saveSearch({ name: replaced.name, query: replaced.query }) : deleteSearchNamed(saved.name)),
      () => archive.saveSearch({ name, query: text }),
    )
    return saved
  }

  async function deleteSavedSearch(search: SavedSearch) {
    const result = await change(() => archive.deleteSavedSearch({ id: search.id }), () => t('sidebar.notice.deletedSearch', { name: search.name }))
    if (!result) return result
    recordedChange(
      () => t('savedSearchChanges.delete', { name: search.name }),
      () => archive.saveSearch({ name: search.name, query: search.query }),
      () => deleteSearchNamed(search.name),
    )
    return result
  }

  return {
    collections, savedSearches, tags, scope, pickedTags, query, queryError, visibleItems, filtering, currentCollection, currentSearch, depthOf,
    load, show, toggleTag,
    createCollection,
    renameCollection: (id: string, name: string) => updateCollection(id, { name }),
    moveCollection: (id: string, parentId: string | null) => updateCollection(id, { parentId }),
    deleteCollection,
    addToCollection,
    removeFromCollection,
    editTags,
    renameTag,
    saveSearch,
    deleteSavedSearch,
  }
})
