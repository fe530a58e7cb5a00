import { watch, type FSWatcher } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { isSafeItemId } from '../../core/safeItemId'
import { readChangeLogName } from '../../core/sync/changeLogEntry'
import { logEvent } from '../log/logEvent'
import { awaitLoggedChanges } from './awaitLoggedChanges'
import { CHANGE_LOG_WRITER } from './changeLogWriter'
import { followChangeLogs } from './followChangeLogs'

const RETRY_MS = 2000

export interface WatchOptions {
  /** How long events are gathered before they are handed over (ms). */
  delay?: number
  /** Past this many item folders (or when the system's watch limit is reached), a full scan every `scanMs` replaces per-folder watches. */
  maxFolderWatches?: number
  scanMs?: number
  /** How often items a change log named, whose records have not arrived yet, are looked at again (ms). */
  recheckMs?: number
  /** How long such an item is waited for before it is taken in as it is (ms). */
  awaitMs?: number
}

/** The inotify budget is shared with Syncthing, which needs a watch per folder too. */
const MAX_FOLDER_WATCHES = 20_000
const SCAN_MS = 30_000
const RECHECK_MS = 1000
/**
 * How long a change log's events are gathered before its new lines are read. Shorter than `delay`:
 * only the appended bytes are read and an incomplete last line waits for the rest, so nothing is
 * gained by waiting, and a sync tool delivers a log in one rename.
 */
const LOG_DELAY_MS = 20
/** Generous: a sync tool may bring a record long after the log that names it (a large first sync). */
const AWAIT_MS = 10 * 60 * 1000

/**
 * Tells which items a sync tool (or any other writer) changed while the app runs. One watch per item
 * folder and one on items/ (Node's recursive watch on Linux stats every file synchronously), one on
 * the library's top (settings.json, collections.json and their conflict copies). Events are gathered
 * for `delay` ms and handed over by item id; [] means only top-level records changed, 'all' asks for a
 * full scan. Our own writes show up too; the store finds their stamps unchanged and does nothing.
 * Past the per-folder budget, changes that Scriptorium made (on this machine or another) are still
 * seen at once: each device appends what it wrote to its change log in devices/ (one more watch, see
 * changeLogWriter), whose new lines name the items to re-read, once their records have arrived.
 * No watch or timer keeps the process alive.
 */
export function watchLibraryFolder(location: string, onChange: (ids: string[] | 'all') => Promise<unknown>, options: WatchOptions = {}): { close(): void } {
  const { delay = 300, maxFolderWatches = MAX_FOLDER_WATCHES, scanMs = SCAN_MS, recheckMs = RECHECK_MS, awaitMs = AWAIT_MS } = options
  const watchers = new Map<string, FSWatcher>()
  let pending: Set<string> | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let scanTimer: ReturnType<typeof setTimeout> | null = null
  let scansStarted = false
  let running: Promise<unknown> = Promise.resolve()
  let closed = false
  const itemsPath = join(location, 'items')
  const logs = followChangeLogs(location, { skipWriter: CHANGE_LOG_WRITER })
  const awaiting = awaitLoggedChanges(location, { timeoutMs: awaitMs })
  let logTimer: ReturnType<typeof setTimeout> | null = null
  let recheckTimer: ReturnType<typeof setTimeout> | null = null
  let logWork: Promise<unknown> = Promise.resolve()

  // Full scans have a queue of their own, at most one waiting: at 100,000 items one takes many
  // seconds, and the few items a log or a folder watch names must not wait behind it. Both only
  // write through the store's write transactions, which take turns.
  let scanning: Promise<unknown> = Promise.resolve()
  let scanWaiting = false
  const handOver = (ids: string[] | 'all') => {
    if (ids === 'all') {
      if (scanWaiting) return
      scanWaiting = true
      scanning = scanning
        .then(() => {
          scanWaiting = false
          return onChange('all')
        })
        .catch(() => {})
      return
    }
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

  /** New lines of the change logs: their items are handed over once their records are here. */
  const readLogs = async () => {
    const tail = await logs.readNew()
    for (const skipped of tail.skipped.slice(0, 20)) logEvent({ event: 'change-log-line-skipped', ...skipped })
    const refused = awaiting.add(tail.entries)
    await checkAwaited(tail.entries.length, refused)
    if (tail.more) noteLogs(0)
  }
  const checkAwaited = async (logged = 0, refused = 0) => {
    const { arrived, timedOut } = await awaiting.check()
    if (arrived.length || timedOut.length) handOver([...arrived, ...timedOut])
    if (logged || timedOut.length || refused) logEvent({ event: 'outside-changes', logged, awaiting: awaiting.size, ...(timedOut.length ? { timedOut: timedOut.slice(0, 100) } : {}), ...(refused ? { refused } : {}) })
    if (awaiting.size && !recheckTimer && !closed) {
      recheckTimer = setTimeout(() => {
        recheckTimer = null
        logWork = logWork.then(() => checkAwaited()).catch(() => {})
      }, recheckMs)
      recheckTimer.unref()
    }
  }
  const noteLogs = (wait = Math.min(delay, LOG_DELAY_MS)) => {
    if (closed || logTimer) return
    logTimer = setTimeout(() => {
      logTimer = null
      logWork = logWork.then(readLogs).catch(() => {})
    }, wait)
    logTimer.unref()
  }
  const watchDevices = () => start('devices/', join(location, 'devices'), (name) => {
    if (readChangeLogName(name)) noteLogs()
  })

  const fallBackToScans = () => {
    if (scansStarted || closed) return
    scansStarted = true
    // The next scan begins `scanMs` after the last one ended, and no sooner than twice its length:
    // at 100,000 items a scan takes tens of seconds, and back to back they would hold the disk and
    // a core for good. What Scriptorium changed does not wait for them (the change logs).
    const next = (pause: number) => {
      if (closed) return
      scanTimer = setTimeout(() => {
        const started = Date.now()
        handOver('all')
        void scanning.then(() => next(Math.max(scanMs, 2 * (Date.now() - started))))
      }, pause)
      scanTimer.unref()
    }
    next(scanMs)
  }

  const watchItemFolder = (id: string, again = false): boolean => {
    if (scansStarted) return false
    // A folder deleted and made again is a new directory: the old watch saw its end and sees nothing more.
    if (again) {
      watchers.get(id)?.close()
      watchers.delete(id)
    }
    if (watchers.size >= maxFolderWatches) {
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
      else if (name === 'devices' && watchDevices() === true) noteLogs()
      else if (name.endsWith('.json')) note(null)
    })
    if (watched !== true) {
      setTimeout(() => void watchTop(true), RETRY_MS).unref()
      return
    }
    // What the logs already hold is covered by the full scan at start; only what is appended next is read.
    await logs.start()
    watchDevices()
    await watchItems()
    // What changed before the watch began is found by a full scan.
    if (late) handOver('all')
  }
  void watchTop(false)

  return {
    close() {
      closed = true
      if (timer) clearTimeout(timer)
      if (scanTimer) clearTimeout(scanTimer)
      if (logTimer) clearTimeout(logTimer)
      if (recheckTimer) clearTimeout(recheckTimer)
      for (const watcher of watchers.values()) watcher.close()
      watchers.clear()
    },
  }
}
