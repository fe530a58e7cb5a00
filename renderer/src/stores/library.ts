import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { Item, ItemPatch } from '../../../electron/core/archiveApi'
import { MAX_IMPORT_BYTES, tooLargeToImport } from '../../../electron/core/importLimit'
import { encodeBase64 } from '../../../electron/core/base64'
import { archive } from '../client/archive'
import type { ArchiveCallError } from '../client/archiveClient'
import { compareItems, type SortKey } from '../sortItems'
import { useNoticeStore } from './notices'
import { useNavigationStore } from './navigation'

/** An item the user is about to add twice: they open the one there, or keep both. */
export interface DuplicateChoice {
  message: string
  existingId: string
  keepBoth: () => Promise<void>
}

/** The library and the trash, as lists the views sort and show. */
export const useLibraryStore = defineStore('library', () => {
  const notices = useNoticeStore()
  // Items are replaced whole, never mutated in place: no deep reactivity over thousands of them.
  const items = shallowRef<Item[]>([])
  const trash = shallowRef<Item[]>([])
  const loaded = ref(false)
  /** Set when the library itself cannot be read, e.g. a damaged catalog. */
  const failure = ref<string | null>(null)
  const busy = ref(false)
  const duplicate = ref<DuplicateChoice | null>(null)
  /** A bulk import under way: how far it is, and whether the user asked it to stop. */
  const progress = ref<{ done: number; total: number } | null>(null)
  let cancelRequested = false
  const navigation = useNavigationStore()
  // The sort order outlives a reload, as in any desktop list.
  const saved = savedSort()
  const sortKey = ref<SortKey>(saved?.key ?? 'addedAt')
  const sortDescending = ref(saved?.descending ?? true)
  watch([sortKey, sortDescending], () => localStorage.setItem('scriptorium-sort', JSON.stringify({ key: sortKey.value, descending: sortDescending.value })))

  const sortedItems = computed(() => sorted(items.value))
  const sortedTrash = computed(() => sorted(trash.value))

  function sorted(list: Item[]): Item[] {
    const direction = sortDescending.value ? -1 : 1
    return [...list].sort((a, b) => compareItems(a, b, sortKey.value, direction))
  }

  function sortBy(key: SortKey) {
    if (sortKey.value === key) sortDescending.value = !sortDescending.value
    else {
      sortKey.value = key
      sortDescending.value = key === 'addedAt' || key === 'issued'
    }
  }

  let revision: string | null = null

  async function load() {
    try {
      const [library, trashed, info] = await Promise.all([archive.listItems({}), archive.listItems({ trash: true }), archive.getLibraryInfo({})])
      items.value = library
      trash.value = trashed
      revision = info.revision
      failure.value = null
    } catch (error) {
      failure.value = (error as Error).message
    } finally {
      loaded.value = true
    }
  }

  /** Reloads the lists only when the catalog changed since: cheap enough to run whenever the window comes back. */
  async function refreshIfChanged() {
    try {
      if ((await archive.getLibraryInfo({})).revision !== revision) await load()
    } catch {
      await load() // shows the failure, e.g. a catalog damaged meanwhile
    }
  }

  function replace(item: Item) {
    const others = (list: Item[]) => list.filter((other) => other.id !== item.id)
    items.value = item.trashedAt ? others(items.value) : [...others(items.value), item]
    trash.value = item.trashedAt ? [...others(trash.value), item] : others(trash.value)
  }

  function find(id: string): Item | undefined {
    return items.value.find((item) => item.id === id) ?? trash.value.find((item) => item.id === id)
  }

  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    busy.value = true
    try {
      return await work()
    } catch (error) {
      notices.error((error as Error).message)
      return undefined
    } finally {
      busy.value = false
    }
  }

  /**
   * Adds files from the picker or a drop, one call per file so that no request outgrows the
   * bridge's limit. Each bad file is reported by name; the good ones still go in.
   */
  async function importFiles(files: File[]): Promise<Item[]> {
    const added: Item[] = []
    busy.value = true
    cancelRequested = false
    if (files.length > 1) progress.value = { done: 0, total: files.length }
    let stoppedAt: number | null = null
    try {
      for (const [index, file] of files.entries()) {
        if (cancelRequested) {
          stoppedAt = index
          break
        }
        if (progress.value) progress.value = { done: index, total: files.length }
        if (file.size > MAX_IMPORT_BYTES) {
          notices.error(tooLargeToImport(file.name, file.size))
          continue
        }
        const upload = { name: file.name, dataBase64: encodeBase64(new Uint8Array(await file.arrayBuffer())) }
        try {
          const report = await archive.importFiles({ files: [upload] })
          report.added.forEach(replace)
          added.push(...report.added)
          for (const failed of report.failed) {
            if (!failed.duplicateOf) notices.error(failed.message)
            else {
              duplicate.value = {
                message: failed.message,
                existingId: failed.duplicateOf,
                keepBoth: async () => {
                  const again = await run(() => archive.importFiles({ files: [upload], allowDuplicate: true }))
                  again?.added.forEach(replace)
                  if (again?.added[0]) savedForReview(again.added[0])
                  for (const failure of again?.failed ?? []) notices.error(failure.message)
                },
              }
            }
          }
        } catch (error) {
          notices.error((error as Error).message)
          if ((error as ArchiveCallError).code !== 'invalid_argument') break // the library itself refuses
        }
      }
    } finally {
      busy.value = false
      progress.value = null
    }
    if (stoppedAt !== null) notices.success(`Stopped after ${stoppedAt} of ${files.length} files; the other ${files.length - stoppedAt} were not added.`)
    if (added.length === 1) {
      const [item] = added
      notices.success(`Added “${item.csl.title}”.`, { label: 'Review details', run: () => navigation.go({ view: 'reader', id: item.id, panel: 'info' }) })
    }
    else if (added.length > 1) notices.success(`Added ${added.length} articles.`)
    return added
  }

  /** Opens a just-saved page on its Info tab: what was found, ready to correct with Edit. */
  function savedForReview(item: Item) {
    navigation.go({ view: 'reader', id: item.id, panel: 'info' })
    notices.success(`Saved “${item.csl.title}”. Check the details Scriptorium found; Edit corrects them.`)
  }

  /** Saves a web page by its address: pasted, dropped or typed. */
  async function addWebPage(url: string, allowDuplicate = false): Promise<Item | undefined> {
    busy.value = true
    try {
      const item = await archive.addWebPage({ url, ...(allowDuplicate ? { allowDuplicate } : {}) })
      replace(item)
      savedForReview(item)
      return item
    } catch (error) {
      const refusal = error as ArchiveCallError
      if (refusal.code === 'duplicate' && refusal.duplicateOf) {
        duplicate.value = { message: refusal.message, existingId: refusal.duplicateOf, keepBoth: async () => void (await addWebPage(url, true)) }
      } else notices.error(refusal.message)
      return undefined
    } finally {
      busy.value = false
    }
  }

  /** Adds a reference by its DOI, as its registrar describes it. */
  async function addDoi(doi: string, allowDuplicate = false): Promise<Item | undefined> {
    busy.value = true
    try {
      const item = await archive.addDoi({ doi, ...(allowDuplicate ? { allowDuplicate } : {}) })
      replace(item)
      savedForReview(item)
      return item
    } catch (error) {
      const refusal = error as ArchiveCallError
      if (refusal.code === 'duplicate' && refusal.duplicateOf) {
        duplicate.value = { message: refusal.message, existingId: refusal.duplicateOf, keepBoth: async () => void (await addDoi(doi, true)) }
      } else notices.error(refusal.message)
      return undefined
    } finally {
      busy.value = false
    }
  }

  async function resolveDuplicate(choice: 'open' | 'keep' | 'cancel') {
    const pending = duplicate.value
    duplicate.value = null
    if (!pending) return
    if (choice === 'open') navigation.go({ view: 'reader', id: pending.existingId })
    else if (choice === 'keep') await pending.keepBoth()
  }

  async function addSample(): Promise<Item | undefined> {
    const item = await run(() => archive.addSampleArticle({}))
    if (item) {
      replace(item)
      notices.success(`Added the sample article “${item.csl.title}”.`)
    }
    return item
  }

  async function update(id: string, patch: ItemPatch): Promise<Item> {
    const item = await archive.updateItem({ id, patch }) // the editor shows this error beside the form
    replace(item)
    return item
  }

  async function moveToTrash(id: string) {
    const item = await run(() => archive.trashItem({ id }))
    if (!item) return
    replace(item)
    notices.success(`Moved “${item.csl.title}” to the trash.`, { label: 'Undo', run: () => void restore(id) }, `trash:${id}`)
  }

  async function emptyTrash() {
    const result = await run(() => archive.emptyTrash({}))
    if (!result) return
    trash.value = []
    notices.success(`Deleted ${result.removed} item${result.removed === 1 ? '' : 's'} for good.`)
  }

  async function restore(id: string) {
    const item = await run(() => archive.restoreItem({ id }))
    if (!item) return
    replace(item)
    notices.success(`Restored “${item.csl.title}”.`, undefined, `trash:${id}`)
  }

  return {
    duplicate, addWebPage, addDoi, resolveDuplicate, progress, cancelImport: () => void (cancelRequested = true),
    items, trash, loaded, failure, busy, sortKey, sortDescending, sortedItems, sortedTrash,
    sortBy, load, refreshIfChanged, find, importFiles, addSample, update, moveToTrash, restore, emptyTrash,
  }
})

function savedSort(): { key: SortKey; descending: boolean } | null {
  try {
    return JSON.parse(localStorage.getItem('scriptorium-sort') ?? 'null')
  } catch {
    return null
  }
}
