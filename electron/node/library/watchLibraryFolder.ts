import { watch, type FSWatcher } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { isSafeItemId } from '../../core/safeItemId'

const RETRY_MS = 2000
/** Past this many item folders (or when the system's watch limit is reached), a full scan every SCAN_MS replaces per-folder watches. */
const MAX_FOLDER_WATCHES = 20_000
const SCAN_MS = 30_000

/**
 * Tells which items a sync tool (or any other writer) changed while the app runs. One watch per item
 * folder and one on items/ (Node's recursive watch on Linux stats every file synchronously), one on
 * the library's top (settings.json, collections.json and their conflict copies). Events are gathered
 * for `delay` ms and handed over by item id; [] means only top-level records changed, 'all' asks for a
 * full scan. Our own writes show up too; the store finds their stamps unchanged and does nothing.
 * No watch keeps the process alive.
 */
export function watchLibraryFolder(location: string, onChange: (ids: string[] | 'all') => Promise<unknown>, delay = 300): { close(): void } {
  const watchers = new Map<string, FSWatcher>()
  let pending: Set<string> | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let scanTimer: ReturnType<typeof setInterval> | null = null
  let running: Promise<unknown> = Promise.resolve()
  let closed = false
  const itemsPath = join(location, 'items')

  const handOver = (ids: string[] | 'all') => {
    running = running.then(() => onChange(ids)).catch(() => {})
  }
  const note = (id: string | null) => {
    if (closed) return
    pending ??= new Set()
    if (id) pending.add(id)
    timer ??= setTimeout(() => {
      timer = null
      const ids = [...(pending ?? [])]
      pending = null
      handOver(ids)
    }, delay)
  }

  /** Starts a watch; false when the path is missing or the system allows no more. */
  const start = (key: string, path: string, onEvent: (name: string) => void): boolean | 'limit' => {
    if (closed || watchers.has(key)) return true
    try {
      const watcher = watch(path, { persistent: false }, (_event, name) => onEvent(String(name ?? '')))
      watcher.on('error', () => {
        watcher.close()
        watchers.delete(key)
      })
      watchers.set(key, watcher)
      return true
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOSPC' ? 'limit' : false
    }
  }

  const fallBackToScans = () => {
    if (scanTimer || closed) return
    scanTimer = setInterval(() => handOver('all'), SCAN_MS)
    scanTimer.unref()
  }

  const watchItemFolder = (id: string, again = false): boolean => {
    if (scanTimer) return false
    // A folder deleted and made again is a new directory: the old watch saw its end and sees nothing more.
    if (again) {
      watchers.get(id)?.close()
      watchers.delete(id)
    }
    if (watchers.size >= MAX_FOLDER_WATCHES) {
      fallBackToScans()
      return false
    }
    const started = start(id, join(itemsPath, id), () => note(id))
    if (started === 'limit') fallBackToScans()
    return started === true
  }

  const watchItems = async () => {
    const started = start('items/', itemsPath, (name) => {
      if (!isSafeItemId(name)) return
      // A new item folder (or one removed, or made again): its own watch from now on, and its files taken in.
      watchItemFolder(name, true)
      note(name)
    })
    if (started !== true) return
    const names = await readdir(itemsPath).catch(() => [] as string[])
    for (const name of names) if (isSafeItemId(name) && !watchItemFolder(name)) break
  }

  // A library that does not exist yet (the first start) is watched once its folder is made.
  const watchTop = async (late: boolean): Promise<void> => {
    if (closed) return
    const watched = start('/', location, (name) => {
      if (name === 'items') void watchItems().then(() => handOver('all'))
      else if (name.endsWith('.json')) note(null)
    })
    if (watched !== true) {
      setTimeout(() => void watchTop(true), RETRY_MS).unref()
      return
    }
    await watchItems()
    // What changed before the watch began is found by a full scan.
    if (late) handOver('all')
  }
  void watchTop(false)

  return {
    close() {
      closed = true
      if (timer) clearTimeout(timer)
      if (scanTimer) clearInterval(scanTimer)
      for (const watcher of watchers.values()) watcher.close()
      watchers.clear()
    },
  }
}
