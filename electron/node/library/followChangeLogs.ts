import { open, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { readChangeLogLine, readChangeLogName, type ChangeLogEntry, type ChangeLogProblem } from '../../core/sync/changeLogEntry'
import { PLAIN_READ_FLAGS } from './readPlainFileSync'

/** At most this much of one log is read per call: a huge (hostile) file is read a slice at a time. */
const MAX_READ = 1024 * 1024
/** The bytes just before the read position, compared on each read: a log rewritten rather than appended to is read again from its start. */
const CHECK_BYTES = 64

interface Position {
  offset: number
  /** The bytes before `offset`, as last read. */
  before: Buffer
}

export interface ChangeLogTail {
  entries: ChangeLogEntry[]
  skipped: { file: string; line: number; reason: ChangeLogProblem }[]
  /** A log holds more than one call read. */
  more: boolean
}

/**
 * Reads only what was appended to the change logs in devices/ since the last call: each file's
 * position is kept, a sync tool's replacement of the file (a new inode, the same bytes and more) is
 * read on from there, and a file that shrank or whose bytes before the position changed is read from
 * its start. Only names of the change-log shape are opened, and an incomplete last line waits for
 * the rest. Lines this process wrote (`writer`) are left out.
 */
export function followChangeLogs(location: string, { skipWriter }: { skipWriter?: string } = {}) {
  const folder = join(location, 'devices')
  const positions = new Map<string, Position>()
  const lines = new Map<string, number>()

  const logNames = async () => (await readdir(folder).catch(() => [] as string[])).filter((name) => readChangeLogName(name) !== null)

  async function readSlice(name: string, from: number, length: number): Promise<{ bytes: Buffer; size: number } | null> {
    let handle
    try {
      // Not followed through a link, never blocked on a FIFO: a log is a plain file a sync tool delivered.
      handle = await open(join(folder, name), PLAIN_READ_FLAGS)
      if (!(await handle.stat()).isFile()) {
        await handle.close()
        return null
      }
    } catch {
      return null
    }
    try {
      const size = (await handle.stat()).size
      const wanted = Math.max(0, Math.min(length, size - from))
      const bytes = Buffer.alloc(wanted)
      const { bytesRead } = wanted ? await handle.read(bytes, 0, wanted, from) : { bytesRead: 0 }
      return { bytes: bytes.subarray(0, bytesRead), size }
    } finally {
      await handle.close()
    }
  }

  return {
    /** What the logs hold now is taken as read: the full scan at start covers what came before. */
    async start(): Promise<void> {
      for (const name of await logNames()) {
        const slice = await readSlice(name, 0, 0)
        if (!slice) continue
        const tail = await readSlice(name, Math.max(0, slice.size - CHECK_BYTES), CHECK_BYTES)
        positions.set(name, { offset: slice.size, before: tail?.bytes ?? Buffer.alloc(0) })
      }
    },

    async readNew(): Promise<ChangeLogTail> {
      const result: ChangeLogTail = { entries: [], skipped: [], more: false }
      const names = await logNames()
      for (const name of positions.keys()) if (!names.includes(name)) positions.delete(name)
      for (const name of names) {
        let position = positions.get(name) ?? { offset: 0, before: Buffer.alloc(0) }
        let slice = await readSlice(name, position.offset - position.before.length, position.before.length + MAX_READ)
        if (!slice) continue
        if (slice.size < position.offset || !slice.bytes.subarray(0, position.before.length).equals(position.before)) {
          // Rewritten, not appended to: read again from the start (entries already taken in cost a stat each).
          position = { offset: 0, before: Buffer.alloc(0) }
          lines.set(name, 0)
          slice = await readSlice(name, 0, MAX_READ)
          if (!slice) continue
        }
        const fresh = slice.bytes.subarray(position.before.length)
        let end = fresh.lastIndexOf(10) + 1
        // A slice with no line end at all is one line too long to be ours: skipped whole.
        const overlong = end === 0 && fresh.length >= MAX_READ
        if (overlong) end = fresh.length
        const text = fresh.subarray(0, end).toString('utf8')
        let count = lines.get(name) ?? 0
        for (const line of overlong ? [text] : text.split('\n').slice(0, -1)) {
          count++
          if (!line.trim()) continue
          const read = readChangeLogLine(line)
          if ('problem' in read) result.skipped.push({ file: name, line: count, reason: read.problem })
          else if (read.entry.writer !== skipWriter) result.entries.push(read.entry)
        }
        lines.set(name, count)
        const offset = position.offset + end
        const whole = Buffer.concat([position.before, fresh.subarray(0, end)])
        positions.set(name, { offset, before: whole.subarray(Math.max(0, whole.length - CHECK_BYTES)) })
        if (fresh.length >= MAX_READ && offset < slice.size) result.more = true
      }
      return result
    },
  }
}
