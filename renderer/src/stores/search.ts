import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { SearchResults } from '../../../electron/core/archiveApi'
import { archive } from '../client/archive'

/** Where the reader should go when it opens a result: a passage of the text, or a highlight. */
export interface SearchTarget {
  id: string
  range?: { start: number; end: number }
  annotationId?: string
}

// While the index is being rebuilt, ask again this often for the fuller answer.
const INDEXING_POLL_MS = 400

export const useSearchStore = defineStore('search', () => {
  const open = ref(false)
  const query = ref('')
  const results = ref<SearchResults | null>(null)
  const error = ref<string | null>(null)
  const target = ref<SearchTarget | null>(null)
  let sequence = 0
  let poll: ReturnType<typeof setTimeout> | undefined

  /** Runs the query; an answer to an older query, arriving late, is dropped. */
  async function run(text: string) {
    const mine = ++sequence
    clearTimeout(poll)
    if (!text.trim()) {
      results.value = null
      error.value = null
      return
    }
    try {
      const answer = await archive.search({ query: text, limit: 30 })
      if (mine !== sequence) return
      results.value = answer
      error.value = null
      if (answer.indexing) poll = setTimeout(() => void run(text), INDEXING_POLL_MS)
    } catch (failure) {
      if (mine !== sequence) return
      results.value = null
      error.value = (failure as Error).message
    }
  }

  return { open, query, results, error, target, run }
})
