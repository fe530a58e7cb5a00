import type { ArchiveApi, Item, SearchHit, SearchResults } from '../archiveApi'
import { ArchiveError } from '../archiveError'
import type { ArchiveStore } from '../archiveStore'
import { readArticleStructure } from '../readArticleStructure'
import { makeSnippets } from './makeSnippets'
import { parseSearchQuery, SearchQueryError } from './parseSearchQuery'
import { searchDocumentFor } from './searchDocumentFor'
import { DamagedSearchIndexError, SearchIndex } from './searchIndex'

export interface SearchContext {
  store: ArchiveStore
  /** Runs a save of the index a little later (the node layer passes a timer); by default at once. */
  deferSave?: (save: () => void) => void
  /** Told how a background rebuild of the index goes. */
  onIndexProgress?: (progress: { indexed: number; total: number }) => void
}

/** Changes small enough to index while the query waits; more than this are indexed in the background. */
const INLINE_CHANGES = 32

/**
 * The search index as the archive service keeps it: loaded from index/search-index.json, brought up
 * to date with the catalog before each query, told of every change this process makes, and rebuilt in
 * the background, with progress, when it is missing, stale or damaged. Queries are answered at once
 * from what is indexed so far.
 */
export function createSearchOperations({ store, deferSave, onIndexProgress }: SearchContext) {
  let index = new SearchIndex()
  let loaded: Promise<void> | null = null
  let building: Promise<void> | null = null
  let progress = { indexed: 0, total: 0 }
  let dirty = false
  let saving: Promise<void> | null = null
  /** Items whose annotations changed in this process: their catalog stamp does not show it. */
  const touched = new Set<string>()

  let onDisk = false

  async function load() {
    const text = await store.readSearchIndex?.().catch(() => null)
    if (!text) return
    onDisk = true
    try {
      index = SearchIndex.deserialize(text)
    } catch (error) {
      if (!(error instanceof DamagedSearchIndexError)) throw error
      // Derived data: a damaged or older index is rebuilt from the library, never trusted.
      index = new SearchIndex()
      dirty = true
    }
  }

  /** Items to (re)index and ids to drop so that the index matches the catalog. */
  function differences(): { stale: Item[]; gone: string[] } {
    const live = store.all().filter((item) => !item.trashedAt)
    const ids = new Set(live.map((item) => item.id))
    const stale = live.filter((item) => touched.has(item.id) || index.stampOf(item.id) !== item.modifiedAt)
    const gone = index.ids().filter((id) => !ids.has(id))
    return { stale, gone }
  }

  async function indexItem(item: Item) {
    touched.delete(item.id)
    let text = ''
    try {
      text = (await readArticleStructure(await store.readContent(item.id))).text
    } catch {
      // An item whose files are missing is still found by its metadata.
    }
    const annotations = await store.readAnnotations(item.id).catch(() => ({ schemaVersion: 1 as const, annotations: [] }))
    index.add(searchDocumentFor(item, text, annotations))
    dirty = true
  }

  async function build(items: Item[]) {
    progress = { indexed: 0, total: items.length }
    onIndexProgress?.(progress)
    for (const item of items) {
      // Each item's files are read asynchronously, so queries keep being answered meanwhile.
      await indexItem(item)
      progress = { indexed: progress.indexed + 1, total: items.length }
      if (progress.indexed % 100 === 0 || progress.indexed === items.length) onIndexProgress?.(progress)
    }
  }

  async function sync() {
    loaded ??= load()
    await loaded
    if (building) return
    const { stale, gone } = differences()
    for (const id of gone) index.remove(id)
    if (gone.length) dirty = true
    if (stale.length <= INLINE_CHANGES) {
      for (const item of stale) await indexItem(item)
      return
    }
    building = build(stale).finally(() => {
      building = null
      saveSoon()
    })
  }

  function save(): Promise<void> {
    if (!dirty || !store.writeSearchIndex) return Promise.resolve()
    if (saving) return saving.then(save)
    dirty = false
    onDisk = true
    saving = store
      .writeSearchIndex(index.serialize())
      .catch(() => {
        // A read-only library still searches; the index is kept in memory only.
      })
      .finally(() => {
        saving = null
      })
    return saving
  }

  function saveSoon() {
    if (!dirty) return
    if (deferSave) deferSave(() => void save())
    else void save()
  }

  const operations: Pick<ArchiveApi, 'search'> = {
    async search({ query, limit = 20, sort = 'relevance', complete = false }) {
      if (!(Number.isInteger(limit) && limit >= 1)) throw new ArchiveError('invalid_argument', `The limit must be a whole number from 1 up, not ${limit}.`)
      let parsed
      try {
        parsed = parseSearchQuery(query)
      } catch (error) {
        if (error instanceof SearchQueryError) throw new ArchiveError('invalid_argument', error.message)
        throw error
      }
      await store.refresh()
      await sync()
      if (complete && building) await building
      if (complete) await save()
      else saveSoon()
      const { total, ranked } = index.search(parsed, { limit, sort })
      const hits: SearchHit[] = ranked.map(({ doc, score }) => {
        const item = store.find(doc.id)
        return {
          id: doc.id,
          citekey: item?.citekey ?? '',
          score: Math.round(score * 1000) / 1000,
          title: doc.title,
          authors: doc.authors ? doc.authors.split('; ') : [],
          year: doc.year,
          type: doc.type,
          snippets: makeSnippets(doc, parsed),
        }
      })
      const results: SearchResults = { query, total, hits, indexing: building ? { ...progress } : null }
      return results
    },
  }

  return {
    operations,
    /**
     * Called after every change this process makes to an item, its annotations or the trash. A
     * catalog change shows in the item's stamp, so an index not loaded yet catches up at the next
     * query; an annotation change does not, so it is written into the saved index at once.
     */
    async itemsChanged(ids: string[], { annotations }: { annotations: boolean }) {
      if (!loaded && !annotations) return
      loaded ??= load()
      await loaded
      // Without a saved index there is nothing to keep fresh: the first query builds it whole.
      if (!onDisk && !index.size) return
      for (const id of ids) {
        const item = store.find(id)
        if (!item || item.trashedAt) {
          index.remove(id)
          dirty = true
        } else if (building) touched.add(id)
        else await indexItem(item)
      }
      if (deferSave) saveSoon()
      else await save()
    },
  }
}
