import { watch, type FSWatcher } from 'node:fs'
import { join } from 'node:path'
import { isSafeItemId } from '../../core/safeItemId'

/**
 * Tells which items a sync tool (or any other writer) changed while the app runs: a watch on items/
 * (recursive) and on the library's top (settings.json, collections.json and their conflict copies).
 * Events are gathered for `delay` ms, then handed over by item id; [] means only top-level records
 * changed. Our own writes show up too; the store finds their stamps unchanged and does nothing.
 */
const RETRY_MS = 2000

export function watchLibraryFolder(location: string, onChange: (ids: string[] | 'all') => Promise<unknown>, delay = 300): { close(): void } {
  const watchers: FSWatcher[] = []
  let pending: Set<string> | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let running: Promise<unknown> = Promise.resolve()
  let closed = false

  const note = (id: string | null) => {
    if (closed) return
    pending ??= new Set()
    if (id) pending.add(id)
    timer ??= setTimeout(() => {
      timer = null
      const ids = [...(pending ?? [])]
      pending = null
      // One take-in at a time; events during one gather for the next.
      running = running.then(() => onChange(ids)).catch(() => {})
    }, delay)
  }

  const start = (path: string, recursive: boolean, onEvent: (name: string) => void) => {
    try {
      const watcher = watch(path, { recursive }, (_event, name) => onEvent(String(name ?? '')))
      watcher.on('error', () => watcher.close())
      // Never what keeps a process alive: the app and `serve` stay up for their own reasons.
      watcher.unref()
      watchers.push(watcher)
      return true
    } catch {
      return false
    }
  }

  let itemsWatched = false
  const watchItems = () => {
    if (!itemsWatched) itemsWatched = start(join(location, 'items'), true, (name) => {
      const id = name.split(/[\\/]/)[0]
      if (isSafeItemId(id)) note(id)
    })
  }
  // A library that does not exist yet (the first start) is watched once its folder is made.
  const watchTop = (late: boolean): unknown => {
    if (closed) return
    const watched = start(location, false, (name) => {
      // items/ made after the app started is watched from then on.
      if (name === 'items') {
        watchItems()
        running = running.then(() => onChange('all')).catch(() => {})
      }
      else if (name.endsWith('.json')) note(null)
    })
    if (!watched) return setTimeout(() => watchTop(true), RETRY_MS).unref()
    watchItems()
    // What changed before the watch began is found by a full scan.
    if (late) running = running.then(() => onChange('all')).catch(() => {})
  }
  watchTop(false)

  return {
    close() {
      closed = true
      if (timer) clearTimeout(timer)
      for (const watcher of watchers) watcher.close()
    },
  }
}
