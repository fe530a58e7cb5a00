import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import { i18n } from '../i18n'
import { useNoticeStore } from './notices'

/**
 * One change made in the app, with how to take it back and do it again. Both are ordinary calls to
 * the archive, so the CLI, other windows and sync tools see an undo as any other write.
 */
export interface AppChange {
  /** What was changed, in the UI's language at the time it is shown ("tag 'x' on 3 items"). */
  describe: () => string
  undo: () => Promise<void>
  redo: () => Promise<void>
}

// Enough for a working session; the oldest changes drop off.
const KEPT = 100

/** The app's undo and redo stacks (Ctrl+Z, Ctrl+Shift+Z or Ctrl+Y). */
export const useHistoryStore = defineStore('history', () => {
  const notices = useNoticeStore()
  const done = shallowRef<AppChange[]>([])
  const undone = shallowRef<AppChange[]>([])
  let running = false

  /** Records a change just made; a new change ends what could be redone. */
  function record(change: AppChange) {
    done.value = [...done.value.slice(-(KEPT - 1)), change]
    undone.value = []
  }

  async function step(from: typeof done, to: typeof done, direction: 'undo' | 'redo') {
    // One at a time: a held-down Ctrl+Z must not run two undos of the same change.
    if (running) return
    const change = from.value.at(-1)
    const { t } = i18n.global
    if (!change) return void notices.success(t(direction === 'undo' ? 'undoDuplicates.nothingToUndo' : 'undoDuplicates.nothingToRedo'))
    running = true
    try {
      await change[direction]()
      from.value = from.value.slice(0, -1)
      to.value = [...to.value, change]
      notices.success(t(direction === 'undo' ? 'undoDuplicates.undid' : 'undoDuplicates.redid', { what: change.describe() }), undefined, 'history')
    } catch (error) {
      // The archive refused (the item is gone, another process changed it): said in its words; the stacks stay.
      notices.error((error as Error).message)
    } finally {
      running = false
    }
  }

  /** Undoes this change: the latest, or (from its own notice's Undo) one further down, which then leaves the stack. */
  async function undoChange(change: AppChange) {
    if (done.value.at(-1) === change) return step(done, undone, 'undo')
    if (!done.value.includes(change)) return
    done.value = done.value.filter((each) => each !== change)
    done.value = [...done.value, change]
    return step(done, undone, 'undo')
  }

  return {
    done, undone, record, undoChange,
    undo: () => step(done, undone, 'undo'),
    redo: () => step(undone, done, 'redo'),
  }
})
