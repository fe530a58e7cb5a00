import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { appendFile, mkdir, readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { changeLogLine, changeLogName, loggedFileOf, loggedWriteOf, readChangeLogName, type ChangeLogEntry, type LoggedItemFile } from '../../core/sync/changeLogEntry'
import { logEvent } from '../log/logEvent'
import { summarizeError } from '../log/summarizeError'
import { linkOnTheWay } from './foldersWithoutLinks'
import { IN_PLACE_WRITE_FLAGS, LINK_IN_LIBRARY, linkRefusal, readPlainBytesOrNull } from './readPlainFileSync'
import { errorCode, storageError } from './storageError'

/** This process's mark on the lines it writes: its own watcher skips them (it has taken in its own writes already). */
export const CHANGE_LOG_WRITER = randomBytes(4).toString('hex')

/** Past this size a log is closed and the next generation begun; the one before it is removed then. */
export const ROTATE_BYTES = 256 * 1024

/**
 * Appends the item files each change of this device wrote to devices/<device>.<generation>.changes,
 * a file only this device ever writes (so a sync tool never makes a conflict copy of it), which other
 * machines follow to re-read just those items (see followChangeLogs). Lines are noted during a change
 * and appended once it has written its files, under the write lock, so rotation never races. The log
 * is a hint, not a truth: a line lost to a crash or a failed append only leaves the change to the
 * other machines' full scans, so an append is not flushed to disk and never fails a change.
 */
export function createChangeLogWriter(location: string, device: string, { writer = CHANGE_LOG_WRITER }: { writer?: string } = {}) {
  const folder = join(location, 'devices')
  let noted: ChangeLogEntry[] = []
  /**
   * Why the last append failed, in words, until one succeeds (other machines then see this one's
   * changes only in their full scans), and the link that refused it, if one did: once that link is
   * gone, nothing stands in the way any more.
   */
  let problem: { message: string; link: string | null } | null = null

  async function generations(): Promise<number[]> {
    return (await readdir(folder).catch(() => [] as string[]))
      .map(readChangeLogName)
      .filter((name) => name?.device === device)
      .map((name) => name!.generation)
      .sort((a, b) => a - b)
  }

  /** Appends the lines whole, rotating to the next generation past ROTATE_BYTES; a failure is logged, never thrown. */
  async function append(entries: ChangeLogEntry[]): Promise<void> {
    if (!entries.length) return
    const text = entries.map(changeLogLine).join('')
    try {
      const found = await generations()
      // Made once, not asked for on every change (a round trip under the write lock).
      if (!found.length) await mkdir(folder, { recursive: true })
      let generation = found.at(-1) ?? 1
      const size = (await stat(join(folder, changeLogName(device, generation))).catch(() => null))?.size ?? 0
      if (size > 0 && size + text.length > ROTATE_BYTES) generation++
      const log = join(folder, changeLogName(device, generation))
      // Never through a link a sync tool brought in place of the folder or the log: that would append to any file of the machine.
      const link = linkOnTheWay(location, log)
      if (link) throw linkRefusal(link)
      await appendFile(log, text, { flag: IN_PLACE_WRITE_FLAGS | constants.O_APPEND })
      // The closed generation stays for machines still reading its tail; the ones before it go.
      for (const old of found) if (old < generation - 1) await rm(join(folder, changeLogName(device, old)), { force: true })
      problem = null
    } catch (error) {
      const link = errorCode(error) === LINK_IN_LIBRARY ? (error as { path: string }).path : null
      problem = { message: storageError(error, `note this machine's changes for the others in ${folder}`).message, link }
      logEvent({ event: 'unexpected-error', where: 'archive', error: summarizeError(error) })
    }
  }

  return {
    problem(): string | null {
      if (problem?.link && !linkOnTheWay(location, problem.link)) problem = null
      return problem?.message ?? null
    },
    note(entry: { id: string; file: LoggedItemFile; versions: Record<string, number> } | { id: string; deleted: true }): void {
      noted.push({ ...entry, writer } as ChangeLogEntry)
    },
    /** Forgets what a failed change noted. */
    discard(): void {
      noted = []
    },
    async flush(): Promise<void> {
      const entries = noted
      noted = []
      await append(entries)
    },
    /**
     * Appends at once the lines of item files written outside a change of the store (a merge of
     * conflict copies, a restore, a repair; library-relative '/' paths, others ignored), each with the
     * counts its stamps hold as it is on disk now. No rollback takes such writes back, so a change
     * that fails after them must not cost their lines. Under the write lock, as flush.
     */
    async logFiles(paths: string[]): Promise<void> {
      const entries: ChangeLogEntry[] = []
      for (const path of paths) {
        if (!loggedFileOf(path)) continue
        const text = readPlainBytesOrNull(join(location, ...path.split('/')))?.toString('utf8') ?? null
        let parsed: unknown = null
        try {
          parsed = text === null ? null : JSON.parse(text)
        } catch {
          // Unreadable as written: nothing a line could name; the full scan finds it.
        }
        const write = loggedWriteOf(path, parsed)
        if (write) entries.push({ ...write, writer })
      }
      await append(entries)
    },
  }
}

export type ChangeLogWriter = ReturnType<typeof createChangeLogWriter>
