import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { Item, ItemPatch, ReferenceEntry, ReferenceFileContents } from '../../../electron/core/archiveApi'
import { referenceFormatOfName } from '../../../electron/core/references/referenceFormat'
import { addReferencesInChunks } from '../../../electron/core/references/addReferencesInChunks'
import { MAX_IMPORT_BYTES, tooLargeToImport } from '../../../electron/core/importLimit'
import { encodeBase64 } from '../../../electron/core/base64'
import { archive } from '../client/archive'
import type { ArchiveCallError } from '../client/archiveClient'
import { compareItems, type SortKey } from '../sortItems'
import { formatNumber, i18n } from '../i18n'
import { archiveSentence } from '../i18n/archiveSentence'
import { useNoticeStore } from './notices'
import { useNavigationStore } from './navigation'
import { useHistoryStore, type AppChange } from './history'
import { inverseItemPatch } from '../../../electron/core/inverseItemPatch'

const SET_ASIDE_NOTICE = 'set-aside-records'
const { t } = i18n.global

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
  /** The library's folder, which names it, e.g. in the keys of note drafts. */
  const location = ref('')
  const busy = ref(false)
  const duplicate = ref<DuplicateChoice | null>(null)
  /** A bulk import under way: how far it is, and whether the user asked it to stop. */
  const progress = ref<{ done: number; total: number; unit: 'files' | 'references' } | null>(null)
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
  /** Records the library set aside that the user has been told of, so each is told once. */
  const toldSetAside = new Set<string>()

  /** For each load under way, the items this window wrote meanwhile (null: deleted for good): its lists may predate them. */
  const loadsUnderWay = new Set<Map<string, Item | null>>()

  async function load() {
    const written = new Map<string, Item | null>()
    loadsUnderWay.add(written)
    try {
      // The revision is read before the lists, never after: a revision newer than the lists would
      // hide, until the next change, an item added between the two reads.
      const info = await archive.getLibraryInfo({})
      const [library, trashed] = await Promise.all([archive.listItems({}), archive.listItems({ trash: true })])
      items.value = library
      trash.value = trashed
      revision = info.revision
      if (written.size) {
        // An import or edit answered meanwhile stays in view; the next catch-up reads the lists again.
        for (const item of written.values()) if (item) replace(item)
        forget([...written].flatMap(([id, item]) => (item ? [] : [id])))
        revision = null
      }
      location.value = info.location
      failure.value = null
      const untold = info.setAside.filter((entry) => !toldSetAside.has(entry.id))
      for (const entry of untold) toldSetAside.add(entry.id)
      if (untold.length === 1) notices.error(archiveSentence(untold[0].reason), undefined, SET_ASIDE_NOTICE)
      else if (untold.length > 1) notices.error(t('library.notice.setAside', { count: formatNumber(untold.length), reason: archiveSentence(untold[0].reason) }), undefined, SET_ASIDE_NOTICE)
      // Mended meanwhile (a restored backup, a repair): told again should it break again.
      for (const id of toldSetAside) if (!info.setAside.some((entry) => entry.id === id)) toldSetAside.delete(id)
      if (!info.setAside.length) notices.dismissKey(SET_ASIDE_NOTICE)
    } catch (error) {
      failure.value = (error as Error).message
    } finally {
      loadsUnderWay.delete(written)
      loaded.value = true
    }
  }

  /** Reloads the lists only when the catalog changed since: cheap enough to run every few seconds. Says whether it did. */
  async function refreshIfChanged(): Promise<boolean> {
    try {
      if ((await archive.getLibraryInfo({})).revision === revision) return false
    } catch {
      // shows the failure below, e.g. a catalog damaged meanwhile
    }
    await load()
    return true
  }

  function replace(item: Item) {
    for (const written of loadsUnderWay) written.set(item.id, item)
    const others = (list: Item[]) => list.filter((other) => other.id !== item.id)
    items.value = item.trashedAt ? others(items.value) : [...others(items.value), item]
    trash.value = item.trashedAt ? [...others(trash.value), item] : others(trash.value)
  }

  /** Items deleted for good leave the trash, and stay gone over a load under way. */
  function forget(ids: string[]) {
    if (!ids.length) return
    for (const written of loadsUnderWay) for (const id of ids) written.set(id, null)
    const gone = new Set(ids)
    trash.value = trash.value.filter((other) => !gone.has(other.id))
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
    if (files.length > 1) progress.value = { done: 0, total: files.length, unit: 'files' }
    let stoppedAt: number | null = null
    let referencesAdded = 0
    try {
      for (const [index, file] of files.entries()) {
        if (cancelRequested) {
          stoppedAt = index
          break
        }
        if (files.length > 1) progress.value = { done: index, total: files.length, unit: 'files' }
        if (file.size > MAX_IMPORT_BYTES) {
          notices.error(archiveSentence(tooLargeToImport(file.name, file.size)))
          continue
        }
        const upload = { name: file.name, dataBase64: encodeBase64(new Uint8Array(await file.arrayBuffer())) }
        if (isReferenceFile(file.name)) {
          // It says itself how many references it added.
          const references = await importReferenceFile(upload)
          added.push(...references.added)
          referencesAdded += references.added.length
          if (references.stopped) {
            stoppedAt = index + 1
            break
          }
          continue
        }
        try {
          const report = await archive.importFiles({ files: [upload] })
          report.added.forEach(replace)
          added.push(...report.added)
          // What the user must know of a file that was added: a PDF without a text layer.
          for (const note of report.notes ?? []) notices.success(archiveSentence(note.message))
          for (const failed of report.failed) {
            if (!failed.duplicateOf) notices.error(archiveSentence(failed.message))
            else {
              duplicate.value = {
                message: archiveSentence(failed.message),
                existingId: failed.duplicateOf,
                keepBoth: async () => {
                  const again = await run(() => archive.importFiles({ files: [upload], allowDuplicate: true }))
                  again?.added.forEach(replace)
                  if (again?.added[0]) savedForReview(again.added[0])
                  for (const failure of again?.failed ?? []) notices.error(archiveSentence(failure.message))
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
    if (stoppedAt !== null && files.length > 1) notices.success(t('library.notice.stoppedFiles', { done: formatNumber(stoppedAt), total: formatNumber(files.length), left: formatNumber(files.length - stoppedAt) }))
    const articles = added.length - referencesAdded
    if (articles === 1 && added.length === 1) {
      const [item] = added
      notices.success(t('library.notice.added', { title: item.csl.title }), { label: t('library.notice.reviewDetails'), run: () => navigation.go({ view: 'reader', id: item.id, panel: 'info' }) })
    }
    else if (articles > 0) notices.success(t('library.notice.addedArticles', { count: formatNumber(articles) }, articles))
    return added
  }

  /**
   * A .bib, .ris or CSL-JSON file: read once, then added a chunk of entries at a time, so the
   * progress counts references and Cancel stops between chunks, keeping what was added.
   */
  async function importReferenceFile(upload: { name: string; dataBase64: string }): Promise<{ added: Item[]; stopped: boolean }> {
    const added: Item[] = []
    let contents: ReferenceFileContents
    try {
      contents = await archive.readReferenceFile(upload)
    } catch (error) {
      notices.error((error as Error).message)
      return { added, stopped: false }
    }
    for (const problem of contents.problems) notices.error(t('library.notice.referencesProblem', { file: upload.name, problem: archiveSentence(problem) }))
    const duplicates: { entry: ReferenceEntry; message: string; existingId: string }[] = []
    progress.value = { done: 0, total: contents.entries.length, unit: 'references' }
    const { done, total, stopped, refusal } = await addReferencesInChunks(upload.name, contents, (request) => archive.addReferences(request), {
      stopRequested: () => cancelRequested,
      onChunk: (report, entries, step) => {
        progress.value = { ...step, unit: 'references' }
        report.added.forEach(replace)
        added.push(...report.added)
        for (const note of report.notes ?? []) notices.success(archiveSentence(note.message))
        for (const failed of report.failed) {
          if (failed.duplicateOf && failed.entry !== undefined) duplicates.push({ entry: entries[failed.entry], message: archiveSentence(failed.message), existingId: failed.duplicateOf })
          else notices.error(archiveSentence(failed.message))
        }
      },
    })
    // The library itself refuses (busy, full): what was added stays, and the rest is accounted for.
    if (refusal) notices.error(t('library.notice.refusedRest', { message: refusal.message, left: formatNumber(total - done), file: upload.name }))
    progress.value = null
    if (stopped) notices.success(t('library.notice.stoppedReferences', { added: formatNumber(added.length), total: formatNumber(total), file: upload.name, left: formatNumber(total - done) }))
    else if (added.length) notices.success(t('library.notice.addedReferences', { count: formatNumber(added.length), file: upload.name }, added.length))
    if (duplicates.length) {
      const [first] = duplicates
      duplicate.value = {
        message: duplicates.length === 1 ? first.message : t('library.notice.duplicateReferences', { count: formatNumber(duplicates.length), file: upload.name, first: first.message }),
        existingId: first.existingId,
        keepBoth: async () => {
          await run(() =>
            addReferencesInChunks(upload.name, { ...contents, entries: duplicates.map((found) => found.entry) }, (request) => archive.addReferences(request), {
              allowDuplicate: true,
              onChunk: (again) => {
                again.added.forEach(replace)
                for (const failure of again.failed) notices.error(archiveSentence(failure.message))
              },
            }).then(({ refusal }) => {
              if (refusal) throw refusal
            }),
          )
        },
      }
    }
    return { added, stopped }
  }

  /** Opens a just-saved page on its Info tab: what was found, ready to correct with Edit. */
  function savedForReview(item: Item) {
    navigation.go({ view: 'reader', id: item.id, panel: 'info' })
    notices.success(t('library.notice.saved', { title: item.csl.title }))
  }

  /**
   * Saves one source the archive fetches itself (a page by its address, a reference by its DOI) and
   * opens it for review; a duplicate is offered to open, or to keep both by saving it again.
   */
  async function saveFetched(save: (allowDuplicate: boolean) => Promise<Item>, allowDuplicate = false): Promise<Item | undefined> {
    busy.value = true
    try {
      const item = await save(allowDuplicate)
      replace(item)
      savedForReview(item)
      return item
    } catch (error) {
      const refusal = error as ArchiveCallError
      if (refusal.code === 'duplicate' && refusal.duplicateOf) {
        duplicate.value = { message: refusal.message, existingId: refusal.duplicateOf, keepBoth: async () => void (await saveFetched(save, true)) }
      } else notices.error(refusal.message)
      return undefined
    } finally {
      busy.value = false
    }
  }

  /** Saves a web page by its address: pasted, dropped or typed. */
  const addWebPage = (url: string) => saveFetched((allowDuplicate) => archive.addWebPage({ url, ...(allowDuplicate ? { allowDuplicate } : {}) }))

  /** Adds a reference by its DOI, as its registrar describes it. */
  const addDoi = (doi: string) => saveFetched((allowDuplicate) => archive.addDoi({ doi, ...(allowDuplicate ? { allowDuplicate } : {}) }))

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
      notices.success(t('library.notice.addedSample', { title: item.csl.title }))
    }
    return item
  }

  const history = useHistoryStore()

  async function applyEdit(id: string, patch: ItemPatch): Promise<Item> {
    const item = await archive.updateItem({ id, patch })
    replace(item)
    return item
  }

  async function update(id: string, patch: ItemPatch): Promise<Item> {
    const before = find(id)
    const item = await applyEdit(id, patch) // the editor shows this error beside the form
    if (before) {
      const inverse = inverseItemPatch(before, patch)
      history.record({ describe: () => t('undoDuplicates.change.edit', { title: item.csl.title ?? '' }), undo: async () => void (await applyEdit(id, inverse)), redo: async () => void (await applyEdit(id, patch)) })
    }
    return item
  }

  async function setTrashed(id: string, trashed: boolean) {
    replace(await (trashed ? archive.trashItem({ id }) : archive.restoreItem({ id })))
    // A notice offering to undo the move no longer holds.
    notices.dismissKey(`trash:${id}`)
  }

  async function moveToTrash(id: string) {
    const item = await run(() => archive.trashItem({ id }))
    if (!item) return
    replace(item)
    const change: AppChange = { describe: () => t('undoDuplicates.change.trash', { title: item.csl.title ?? '' }), undo: () => setTrashed(id, false), redo: () => setTrashed(id, true) }
    history.record(change)
    notices.success(t('library.notice.movedToTrash', { title: item.csl.title }), { label: t('undoDuplicates.undo'), run: () => void history.undoChange(change) }, `trash:${id}`)
  }

  async function emptyTrash() {
    const result = await run(() => archive.emptyTrash({}))
    if (!result) return
    forget(trash.value.map((item) => item.id))
    notices.success(t('library.notice.deletedForGood', { count: formatNumber(result.removed) }, result.removed))
    // Items a sync tool restored or kept changing meanwhile stay, each told in the archive's words.
    for (const note of result.notes ?? []) notices.error(archiveSentence(note))
    if (result.notes?.length) await load()
  }

  async function restore(id: string) {
    const item = await run(() => archive.restoreItem({ id }))
    if (!item) return
    replace(item)
    history.record({ describe: () => t('undoDuplicates.change.restore', { title: item.csl.title ?? '' }), undo: () => setTrashed(id, true), redo: () => setTrashed(id, false) })
    notices.success(t('library.notice.restored', { title: item.csl.title }), undefined, `trash:${id}`)

  }

  return {
    duplicate, addWebPage, addDoi, resolveDuplicate, progress, cancelImport: () => void (cancelRequested = true),
    items, trash, loaded, failure, busy, location, sortKey, sortDescending, sortedItems, sortedTrash,
    sortBy, load, refreshIfChanged, find, importFiles, addSample, update, moveToTrash, restore, emptyTrash,
  }
})

function isReferenceFile(name: string): boolean {
  return referenceFormatOfName(name) !== undefined
}

function savedSort(): { key: SortKey; descending: boolean } | null {
  try {
    return JSON.parse(localStorage.getItem('scriptorium-sort') ?? 'null')
  } catch {
    return null
  }
}
