import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { DuplicatePair } from '../../../electron/core/archiveApi'
import { archive } from '../client/archive'
import { i18n } from '../i18n'
import { useHistoryStore, type AppChange } from './history'
import { useLibraryStore } from './library'
import { useNoticeStore } from './notices'

/** The Duplicates view: the likely pairs, and merging one item of a pair into the other. */
export const useDuplicateStore = defineStore('duplicates', () => {
  const notices = useNoticeStore()
  const library = useLibraryStore()
  const history = useHistoryStore()
  const { t } = i18n.global
  const pairs = shallowRef<DuplicatePair[]>([])
  const loading = ref(false)

  async function load() {
    loading.value = true
    try {
      pairs.value = (await notices.attempt(() => archive.listDuplicates({}))) ?? pairs.value
    } finally {
      loading.value = false
    }
  }

  /** Merges `other` into `keep`; Undo takes back exactly what the merge added, and brings other back. */
  async function merge(keep: string, other: string): Promise<boolean> {
    const merged = await notices.attempt(() => archive.mergeItems({ keep, other }))
    if (!merged) return false
    let added = merged.added
    const title = merged.kept.csl.title ?? ''
    const change: AppChange = {
      describe: () => t('undoDuplicates.change.merge', { title }),
      undo: async () => {
        await archive.unmergeItems({ keep, other, added })
        // Its notice's Undo has been done.
        notices.dismissKey(`merge:${other}`)
        await Promise.all([library.load(), load()])
      },
      redo: async () => {
        added = (await archive.mergeItems({ keep, other })).added
        await Promise.all([library.load(), load()])
      },
    }
    history.record(change)
    await Promise.all([library.load(), load()])
    notices.success(t('undoDuplicates.duplicates.merged', { title }), { label: t('undoDuplicates.undo'), run: () => void history.undoChange(change) }, `merge:${other}`)
    return true
  }

  return { pairs, loading, load, merge }
})
