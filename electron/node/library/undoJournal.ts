import { createHash, randomBytes } from 'node:crypto'
import { mkdir, open, readFile, readdir, rm, unlink, type FileHandle } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { errorCode } from './storageError'
import { writeFileDurably } from './writeFileDurably'
import { readPlainFileOrAbsent } from './readPlainFile'

/** `<pid>.<random>.undo`: the pid tells a dead writer's journal from a live one's. */
const JOURNAL_NAME = /^(\d+)\.[0-9a-f]+\.undo$/

/**
 * A line per file the change is about to replace: its bytes before (null: it was not there) and the
 * hash of what the change writes in their place (null: it removes the file).
 */
interface JournalLine {
  path: string
  before: string | null
  after: string | null
}

const hashOf = (bytes: Buffer | string | null) => (bytes === null ? null : createHash('sha256').update(bytes).digest('hex'))

/**
 * The before-bytes of every file a change replaces, on disk until the change commits, so that a change
 * whose process is killed midway is put back whole: a merge, a bulk tag or an empty-trash writes
 * several records, and the next writer finds either all of them changed or none.
 *
 * Lines are not flushed to the disk (one fsync per replaced file would double a change's cost): a
 * killed process is covered, as the kernel keeps what it wrote; after a power cut each file is still
 * whole (writeFileDurably), but a change of several files may be half made. The journal's removal is
 * flushed before the change is acknowledged, so a power cut never undoes an acknowledged change.
 */
export function createUndoJournal(folder: string, library: string) {
  // Opened at the first replaced file; several records may be written at once (putMany), so once.
  let opened: Promise<{ handle: FileHandle; path: string }> | null = null
  // Lines go out one after another, each whole: a long one is never split among the others.
  let appended: Promise<void> = Promise.resolve()
  const append = async (lines: JournalLine[]) => {
    opened ??= (async () => {
      const path = join(folder, `${process.pid}.${randomBytes(6).toString('hex')}.undo`)
      // The folder is made only when missing: not a round trip more for every change.
      const handle = await open(path, 'ax').catch(async (error: unknown) => {
        if (errorCode(error) !== 'ENOENT') throw error
        await mkdir(folder, { recursive: true })
        return open(path, 'ax')
      })
      return { handle, path }
    })()
    const { handle } = await opened
    const text = lines.map((line) => `${JSON.stringify(line)}\n`).join('')
    appended = appended.catch(() => {}).then(() => handle.appendFile(text))
    await appended
  }
  const lineOf = (file: string, before: Buffer | null, after: Buffer | string | null): JournalLine => ({ path: relative(library, file), before: before === null ? null : before.toString('base64'), after: hashOf(after) })
  return {
    /** Before `file` is replaced by `after`: the bytes it holds now, and what will be there. */
    replacing: (file: string, before: Buffer | null, after: Buffer | string | null) => append([lineOf(file, before, after)]),
    /** The same for many files in one append (a bulk tag's records), before any of them is replaced. */
    replacingAll: (files: { file: string; before: Buffer | null; after: Buffer | string | null }[]) => append(files.map(({ file, before, after }) => lineOf(file, before, after))),
    /** The change's files are final (or were put back): from here on a crash leaves them as they are. */
    async clear(): Promise<boolean> {
      if (!opened) return false
      const { handle, path } = await opened
      opened = null
      await appended.catch(() => {})
      await handle.close()
      await unlink(path)
      return true
    },
    /** The change could not be put back in memory: its journal stays for the next writer. */
    async release(): Promise<void> {
      if (!opened) return
      const { handle } = await opened
      opened = null
      await handle.close()
    },
  }
}

export type UndoJournal = ReturnType<typeof createUndoJournal>

/**
 * Puts back the files of every change whose process died before it committed, and removes those
 * journals. Runs under the write lock, before any change of the caller's own; a journal of the
 * caller's own pid is from one of its earlier changes that could not be put back. A file is put back
 * only while it holds what the dead change wrote (a sync tool or a repair may have written it since, or
 * the kill came before it was replaced); a line cut short by the kill is of a file not yet replaced; a path that would leave the
 * library is never written to. One file that cannot be put back holds up no other.
 */
export async function rollBackDeadJournals(folder: string, library: string, isLive: (pid: number) => boolean): Promise<{ restored: string[]; failed: string[] }> {
  const names = (await readdir(folder).catch(() => [] as string[])).filter((name) => {
    const pid = Number(JOURNAL_NAME.exec(name)?.[1])
    return Number.isInteger(pid) && (pid === process.pid || !isLive(pid))
  })
  const restored: string[] = []
  const failed: string[] = []
  for (const name of names) {
    const lines = (await readFile(join(folder, name), 'utf8')).split('\n').flatMap((text): JournalLine[] => {
      try {
        const line = JSON.parse(text) as JournalLine
        return typeof line?.path === 'string' && 'before' in line && 'after' in line ? [line] : []
      } catch {
        return []
      }
    })
    // Newest first: a file replaced twice in the change goes back to its first state.
    for (const { path, before, after } of lines.reverse()) {
      const target = resolve(library, path)
      const inside = relative(library, target)
      if (!inside || inside.startsWith('..') || isAbsolute(inside)) continue
      try {
        // Not (or no longer) what the change wrote: killed before this file, or changed again since.
        const now = await readPlainFileOrAbsent(target)
        if (hashOf(now) !== after) continue
        if (before === null) await rm(target, { force: true })
        else await writeFileDurably(target, Buffer.from(before, 'base64'))
        restored.push(inside)
      } catch (error) {
        // Its folder gone meanwhile (a sync tool removed the item): nothing to put back into.
        if (errorCode(error) !== 'ENOENT') failed.push(inside)
      }
    }
    await unlink(join(folder, name)).catch(() => {})
  }
  return { restored, failed }
}
