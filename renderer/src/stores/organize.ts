import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { Collection, Item, SavedSearch } from '../../../electron/core/archiveApi'
import { withDescendants } from '../../../electron/core/organize/collectionTree'
import { itemsInView } from '../../../electron/core/organize/itemsInView'
import { archive } from '../client/archive'
import { formatNumber, i18n } from '../i18n'
import { useLibraryStore } from './library'
import { useNoticeStore } from './notices'

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
  /** The ids the typed query (or the saved search) matches; null while there is none. */
  const queryMatches = shallowRef<Set<string> | null>(null)
  const savedMatches = shallowRef<Set<string> | null>(null)

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
      matching: [currentSearch.value ? savedMatches.value : null, queryMatches.value].filter((ids): ids is Set<string> => ids !== null),
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
      const { ids } = await archive.matchItems({ query: text })
      if (mine !== querySequence) return
      queryMatches.value = new Set(ids)
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
      savedMatches.value = new Set((await archive.matchItems({ query: search.query })).ids)
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

  return {
    collections, savedSearches, tags, scope, pickedTags, query, queryError, visibleItems, filtering, currentCollection, currentSearch, depthOf,
    load, show, toggleTag,
    createCollection: (name: string, parentId: string | null = null) => change(() => archive.createCollection({ name, parentId }), (created) => t('sidebar.notice.created', { name: created.name })),
    renameCollection: (id: string, name: string) => change(() => archive.updateCollection({ id, name }), (renamed) => t('sidebar.notice.renamed', { name: renamed.name })),
    moveCollection: (id: string, parentId: string | null) => change(() => archive.updateCollection({ id, parentId }), (moved) => t('sidebar.notice.moved', { name: moved.name })),
    deleteCollection: (collection: Collection) =>
      change(() => archive.deleteCollection({ id: collection.id }), () => t('sidebar.notice.deleted', { name: collection.name })),
    addToCollection: (collection: Collection, itemIds: string[]) =>
      change(() => archive.addToCollection({ id: collection.id, itemIds }), ({ changed }) => (changed ? t('sidebar.notice.addedTo', { items: plural(changed), name: collection.name }) : t('sidebar.notice.alreadyIn', { name: collection.name }))),
    removeFromCollection: (collection: Collection, itemIds: string[]) =>
      change(() => archive.removeFromCollection({ id: collection.id, itemIds }), ({ changed }) => t('sidebar.notice.takenOut', { items: plural(changed), name: collection.name })),
    editTags: (ids: string[], add: string[], remove: string[]) =>
      change(() => archive.editTags({ ids, add, remove }), ({ changed }) => (add.length ? t('sidebar.notice.tagged', { items: plural(changed), tags: quoted(add) }) : t('sidebar.notice.untagged', { tags: quoted(remove), items: plural(changed) }))),
    renameTag: (from: string, to: string) => change(() => archive.renameTag({ from, to }), ({ changed }) => t('sidebar.notice.renamedTag', { from, to, items: plural(changed) })),
    saveSearch: (name: string, text: string) => change(() => archive.saveSearch({ name, query: text }), (saved) => t('sidebar.notice.savedSearch', { name: saved.name })),
    deleteSavedSearch: (search: SavedSearch) => change(() => archive.deleteSavedSearch({ id: search.id }), () => t('sidebar.notice.deletedSearch', { name: search.name }))
,
  }
})
