import { statSync } from 'node:fs'
import { join } from 'node:path'
import { hasArrived, type ChangeLogEntry } from '../../core/sync/changeLogEntry'
import { isSafeItemId } from '../../core/safeItemId'
import { annotationFilesStamp } from './annotationFiles'
import { readPlainFileSync } from './readPlainFileSync'

/** More than this many items awaited at once (a hostile log naming millions) are left to the full scan. */
export const MAX_AWAITED = 20_000

interface Awaited {
  entries: ChangeLogEntry[]
  since: number
  /** The record files' stat stamps when last read: unchanged, they are not read again. */
  stamp: string | null
}

/**
 * The items a change log named, until their files on this disk hold the logged write: a sync tool
 * can deliver a log before the records it names, or a record in pieces (an unreadable file counts as
 * not arrived). An item is handed over once every logged write of it has arrived, or once `timeoutMs`
 * has passed (what is on disk is taken in then, as the full scan would). Paths are made only from safe ids.
 */
export function awaitLoggedChanges(location: string, { timeoutMs, now = () => Date.now() }: { timeoutMs: number; now?: () => number }) {
  const awaited = new Map<string, Awaited>()
  const fileOf = (id: string, name: string) => join(location, 'items', id, name)

  async function stampOf(id: string): Promise<string> {
    let record = '-'
    try {
      const info = statSync(fileOf(id, 'item.json'))
      record = `${info.ino}:${info.mtimeMs}:${info.size}`
    } catch {
      // No record (yet): '-'.
    }
    return `${record}|${await annotationFilesStamp(join(location, 'items', id))}`
  }

  /** The parsed file: null when absent, undefined when it cannot be read whole. */
  async function readOnDisk(id: string, name: string): Promise<unknown> {
    let text: string
    try {
      text = readPlainFileSync(fileOf(id, name))
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? null : undefined
    }
    try {
      return JSON.parse(text) as unknown
    } catch {
      return undefined
    }
  }

  return {
    get size() {
      return awaited.size
    },

    /** Adds what a log named; answers the entries refused because too many are awaited. */
    add(entries: ChangeLogEntry[]): number {
      let refused = 0
      for (const entry of entries) {
        if (!isSafeItemId(entry.id)) continue
        const known = awaited.get(entry.id)
        if (known) {
          known.entries = withEntry(known.entries, entry)
          known.stamp = null
        } else if (awaited.size >= MAX_AWAITED) refused++
        else awaited.set(entry.id, { entries: [entry], since: now(), stamp: null })
      }
      return refused
    },

    /** Looks at each awaited item whose files changed since last looked at: the arrived and the timed-out are handed back and forgotten. */
    async check(): Promise<{ arrived: string[]; timedOut: string[] }> {
      const arrived: string[] = []
      const timedOut: string[] = []
      const look = async ([id, wait]: [string, Awaited]) => {
        const stamp = await stampOf(id)
        if (stamp !== wait.stamp) {
          wait.stamp = stamp
          const files = new Map<string, unknown>()
          let all = true
          for (const entry of wait.entries) {
            const name = 'deleted' in entry ? 'item.json' : entry.file
            if (!files.has(name)) files.set(name, await readOnDisk(id, name))
            if (!hasArrived(entry, files.get(name))) all = false
          }
          if (all) {
            awaited.delete(id)
            arrived.push(id)
            return
          }
        }
        if (now() - wait.since >= timeoutMs) {
          awaited.delete(id)
          timedOut.push(id)
        }
      }
      // A few at a time: each waits on the disk, which the others can overlap.
      const queue = [...awaited]
      await Promise.all(Array.from({ length: Math.min(16, queue.length) }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await look(next)
      }))
      return { arrived: arrived.sort(), timedOut: timedOut.sort() }
    },
  }
}

/**
 * An item's awaited writes with one more line: at most one entry per file, holding the highest count
 * per device (a log repeating an id cannot grow what is kept), and a deletion replaces what came before
 * it, so an edit followed by a deletion waits only for the deletion.
 */
function withEntry(entries: ChangeLogEntry[], entry: ChangeLogEntry): ChangeLogEntry[] {
  if ('deleted' in entry) return [entry]
  const writes = entries.filter((each): each is Exclude<ChangeLogEntry, { deleted: true }> => !('deleted' in each))
  const same = writes.find((each) => each.file === entry.file)
  if (!same) return [...writes, entry]
  // A Map, not an object: a device id such as "__proto__" stays a plain key.
  const versions = new Map(Object.entries(same.versions))
  for (const [device, n] of Object.entries(entry.versions)) versions.set(device, Math.max(versions.get(device) ?? 0, n))
  return [...writes.filter((each) => each !== same), { ...entry, versions: Object.fromEntries(versions) }]
}
