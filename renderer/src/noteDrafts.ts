import { ref } from 'vue'

/**
 * Notes being written, kept in localStorage until they are saved or discarded on purpose, so that
 * nothing typed is lost by leaving the reader, pressing Escape, closing the window or a crash. The
 * renderer runs in Chromium in the browser and in Electron, and both keep localStorage on disk.
 */
export interface DraftKey {
  /** The library's folder: two libraries may hold the same item id. */
  library: string
  itemId: string
  /** The highlight or note the note belongs to, or "new" for a new note on the item. */
  target: string
}

const PREFIX = 'scriptorium-note-draft:'
/** Bumped on every change, so that a view showing whether a draft exists follows it. */
const changes = ref(0)

function storageKey({ library, itemId, target }: DraftKey): string {
  return PREFIX + JSON.stringify([library, itemId, target])
}

/** The draft kept for this note, or null. */
export function readDraft(key: DraftKey): string | null {
  void changes.value
  try {
    return localStorage.getItem(storageKey(key))
  } catch {
    return null // storage refused (disabled, or a damaged profile): the text stays in the editor
  }
}

export function writeDraft(key: DraftKey, text: string): void {
  try {
    localStorage.setItem(storageKey(key), text)
  } catch {
    // Storage full or refused: the text stays in the editor, which is all that can be done.
  }
  changes.value++
}

export function clearDraft(key: DraftKey): void {
  try {
    localStorage.removeItem(storageKey(key))
  } catch {
    // nothing kept, nothing to remove
  }
  changes.value++
}
