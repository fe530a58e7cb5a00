import { defineStore } from 'pinia'
import { ref } from 'vue'

export interface Notice {
  id: number
  kind: 'success' | 'error'
  text: string
  /** An action offered with the notice, such as Undo. */
  action?: { label: string; run: () => void }
  /** A later notice with the same key replaces this one, e.g. "restored" replaces "moved to trash". */
  key?: string
}

/** Messages for the user: successes fade on their own, errors stay until dismissed. */
export const useNoticeStore = defineStore('notices', () => {
  const notices = ref<Notice[]>([])
  let next = 1

  function dismiss(id: number) {
    notices.value = notices.value.filter((notice) => notice.id !== id)
  }

  /** Takes back a notice that no longer holds, e.g. "cannot be read" once a restore mended the record. */
  function dismissKey(key: string) {
    notices.value = notices.value.filter((notice) => notice.key !== key)
  }

  function show(kind: Notice['kind'], text: string, action?: Notice['action'], key?: string) {
    const id = next++
    // The same message twice says nothing new; more than four notices hide the app.
    notices.value = notices.value.filter((notice) => (!key || notice.key !== key) && notice.text !== text).slice(-3)
    notices.value.push({ id, kind, text, action, key })
    if (kind === 'success') setTimeout(() => dismiss(id), action ? 8000 : 4000)
  }

  /** Runs a call to the archive; a refusal becomes an error notice in its own words, and the call answers undefined. */
  async function attempt<T>(work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work()
    } catch (error) {
      show('error', (error as Error).message)
      return undefined
    }
  }

  return {
    notices,
    dismiss,
    dismissKey,
    attempt,
    success: (text: string, action?: Notice['action'], key?: string) => show('success', text, action, key),
    error: (text: string, action?: Notice['action'], key?: string) => show('error', text, action, key),
  }
})
