import type { ArchiveApi, Item, SearchHit, SearchResults } from '../archiveApi'
import { ArchiveError } from '../archiveError'
import type { ArchiveStore, SearchChangesPosition } from '../archiveStore'
import { readArticleStructure } from '../readArticleStructure'
import { makeSnippets } from './makeSnippets'
import { parseSearchQuery, SearchQueryError } from './parseSearchQuery'
import { searchDocumentFor } from './searchDocumentFor'
import { DamagedSearchIndexError, SearchIndex } from './searchIndex'

export interface SearchContext {
  store: ArchiveStore
  /** Runs a save of the index a little later (the node layer passes a timer); by default at once. */
  deferSave?: (save: () => void) => void
  /**
   * Items changed since the last save past which the index is saved again (32 by default); fewer
   * are read from the journal of changes by the next process instead, which costs it little.
   */
  saveAfterChanges?: number
  /** Told how a background rebuild of the index goes. */
  onIndexProgress?: (progress: { indexed: number; total: number }) => void
}

/** Changes small enough to index while the query waits; more than this are indexed in the background. */
const INLINE_CHANGES = 32
/** The index is saved again only past this much unsaved work; below it the journal of changes serves. */
const UNSAVED_CHANGES = 32
const LONG_JOURNAL_BYTES = 64 * 1024

/** Names a journal generation: unique enough among the saves of one library. */
function newGeneration(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`
}

/**
 * The search index as the archive service keeps it: loaded from index/search-index.json, brought up
 * to date before each query with the journal of changes every process appends to
 * (index/search-changes.log) and with the catalog, told of every change this process makes, and
 * rebuilt in the background, with progress, when it is missing, stale or damaged. Queries are
 * answered at once from what is indexed so far.
 */
export function createSearchOperations({ store, deferSave, onIndexProgress, saveAfterChanges = UNSAVED_CHANGES }: SearchContext) {
  let index = new SearchIndex()
  let loaded: Promise<void> | null = null
  let building: Promise<void> | null = null
  let progress = { indexed: 0, total: 0 }
  let dirty = false
  /** Items indexed or dropped since the last save, and whether the saved index must be replaced whatever that count. */
  let unsaved = 0
  let mustSave = false
  let saving: Promise<void> | null = null
  /** Items changed by this or another process whose catalog stamp may not show it (annotations). */
  const touched = new Set<string>()
  /** How far the journal has been applied to `index`. */
  let journal: SearchChangesPosition = { generation: '', offset: 0 }
  /** Another process saved the index: load it again before the next query. */
  let reload = false
  /** The catalog revision the index was last compared with; unchanged, the comparison is skipped. */
  let comparedRevision: string | null = null

  let onDisk = false

  async function load() {
    comparedRevision = null
    // Read the index, then its journal; if another process saved between the two reads, read again.
    for (let attempt = 0; ; attempt++) {
      const text = await store.readSearchIndex?.().catch(() => null)
      index = new SearchIndex()
      journal = { generation: '', offset: 0 }
      // What this process changed but had not saved is in the journal, applied below.
      dirty = false
      unsaved = 0
      mustSave = false
      if (!text) {
        onDisk = false
        mustSave = true
      } else {
        onDisk = true
        try {
          index = SearchIndex.deserialize(text)
          journal = { generation: index.journal, offset: 0 }
        } catch (error) {
          if (!(error instanceof DamagedSearchIndexError)) throw error
          // Derived data: a damaged or older index is rebuilt from the library, never trusted.
          index = new SearchIndex()
          dirty = true
          mustSave = true
        }
      }
      const changes = await readJournal(attempt >= 1)
      if (changes === 'superseded' && attempt < 1) continue
      // Past that, the journal is applied whole: a crash between saving an index and its journal
      // (or an older Scriptorium saving the index) leaves a journal whose every line may be newer.
      return
    }
  }

  /**
   * Marks the items the journal names since it was last read; 'superseded' when another process
   * saved the index. A superseded journal is not adopted (unless `adopt`): this process's position
   * stays in the old generation until it reloads, so a save it tries meanwhile is refused rather
   * than written over the newer index without the lines that process compacted.
   */
  async function readJournal(adopt = false): Promise<'read' | 'superseded'> {
    if (!store.readSearchChanges) return 'read'
    const changes = await store.readSearchChanges(journal).catch(() => null)
    if (!changes) return 'read'
    if (changes.superseded && !adopt) return 'superseded'
    // The journal was deleted (and maybe started again): lines other processes would need are
    // gone, so this index, which applied them, is saved.
    const lost = journal.file !== undefined && changes.position.file !== journal.file && (changes.position.file === undefined || changes.position.generation === '')
    if (lost && onDisk) {
      mustSave = true
      dirty = true
      saveSoon()
    }
    journal = changes.position
    for (const id of changes.ids) touched.add(id)
    return changes.superseded ? 'superseded' : 'read'
  }

  /** Items to (re)index and ids to drop so that the index matches the catalog. */
  function differences(): { stale: Item[]; gone: string[] } {
    const live = store.all().filter((item) => !item.trashedAt)
    const ids = new Set(live.map((item) => item.id))
    const stale = live.filter((item) => touched.has(item.id) || index.stampOf(item.id) !== item.modifiedAt)
    const gone = index.ids().filter((id) => !ids.has(id))
    for (const id of touched) if (!ids.has(id)) touched.delete(id)
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
    try {
      index.add(searchDocumentFor(item, text, annotations))
    } catch {
      // Metadata of a shape the index cannot read (written by hand or an old import) leaves that one item unfound, never the search.
      return
    }
    dirty = true
    unsaved++
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
    // While this process saves, the journal is being replaced; the save tells where to read on.
    if (!saving && (await readJournal()) === 'superseded') reload = true
    if (reload && !building && !saving) {
      reload = false
      loaded = load()
      await loaded
    }
    if (building) return
    if (comparedRevision === store.revision() && !touched.size) return
    const { stale, gone } = differences()
    for (const id of gone) index.remove(id)
    if (gone.length) {
      dirty = true
      unsaved += gone.length
    }
    if (stale.length <= INLINE_CHANGES) {
      for (const item of stale) await indexItem(item)
      comparedRevision = store.revision()
      return
    }
    mustSave = true
    // A failed rebuild is started again by the next query; nobody awaits this one, so it must not reject.
    building = build(stale).catch(() => {}).finally(() => {
      building = null
      comparedRevision = null
      saveSoon()
    })
  }

  /**
   * Whether to write the whole index: after a rebuild or many changes. A few changes are cheaper
   * to read from the journal at the next load than to save: at 100,000 articles a save takes seconds.
   */
  function worthSaving(): boolean {
    return dirty && (mustSave || !onDisk || unsaved >= saveAfterChanges || journal.offset > LONG_JOURNAL_BYTES || !store.saveSearchIndex)
  }

  function save(): Promise<void> {
    if (!dirty || (!store.writeSearchIndex && !store.saveSearchIndex)) return Promise.resolve()
    // Not while a rebuild or a reload is pending, nor with journal lines read but not yet indexed:
    // the save compacts the journal, and those lines would be gone from disk. The journal keeps them
    // meanwhile, and the rebuild's end or the next query saves.
    if (building || reload || touched.size) return Promise.resolve()
    if (saving) return saving.then(save)
    dirty = false
    const counted = unsaved
    unsaved = 0
    mustSave = false
    onDisk = true
    const generation = newGeneration()
    const since = journal
    const written = store.saveSearchIndex
      ? store.saveSearchIndex(index.serialize(generation), since, generation).then((saved) => {
          // Lines appended meanwhile are in the new journal, read from its start at the next query.
          if (saved) journal = { generation, offset: 0 }
          else reload = true
        })
      : store.writeSearchIndex!(index.serialize())
    saving = written
      .catch(() => {
        // A read-only library still searches; the index is kept in memory only.
        unsaved += counted
      })
      .finally(() => {
        saving = null
      })
    return saving
  }

  function saveSoon() {
    if (!worthSaving()) return
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
      // A one-shot process (the CLI) saves before it ends, and only what is worth saving.
      if (complete && !deferSave) {
        if (worthSaving()) await save()
      } else saveSoon()
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
     * Called after every change this process makes to an item, its annotations or the trash. It is
     * recorded in the journal of changes, which every process reads before its next query; a
     * process that holds the index already indexes the change at once as well.
     */
    async itemsChanged(ids: string[], { annotations }: { annotations: boolean }) {
      const journaled = store.appendSearchChanges
        ? await store.appendSearchChanges(ids).then(
            () => true,
            () => false,
          )
        : false
      if (!loaded) {
        // Without the journal, an annotation change shows nowhere else: it goes into the saved index now.
        if (journaled || !annotations) return
        loaded = load()
      }
      await loaded
      // Without a saved index there is nothing to keep fresh: the first query builds it whole.
      if (!onDisk && !index.size) return
      for (const id of ids) {
        const item = store.find(id)
        if (!item || item.trashedAt) {
          index.remove(id)
          dirty = true
          unsaved++
        } else if (building) touched.add(id)
        else await indexItem(item)
      }
      if (!journaled) await save()
      else saveSoon()
    },
  }
}
