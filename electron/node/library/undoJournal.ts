import { randomBytes } from 'node:crypto'
import { mkdir, open, readFile, readdir, rm, unlink, type FileHandle } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { writeFileDurably } from './writeFileDurably'

/** `<pid>.<random>.undo`: the pid tells a dead writer's journal from a live one's. */
const JOURNAL_NAME = /^(\d+)\.[0-9a-f]+\.undo$/

/** One line per file a change replaced: its path in the library and its bytes before (null: it was not there). */
interface JournalLine {
  path: string
  before: string | null
}

/**
 * The before-bytes of every file a change replaces, on disk until the change commits, so that a change
 * whose process is killed midway is put back whole: a merge, a bulk tag or a collection delete writes
 * several files, and the next writer finds either all of them changed or none.
 *
 * Lines are not flushed to the disk (one fsync per replaced file would double a change's cost): a
 * killed process is covered, as the kernel keeps what it wrote; after a power cut each file is still
 * whole (writeFileDurably), but a change of several files may be half made.
 */
export function createUndoJournal(folder: string, library: string) {
  // Opened at the first replaced file; several records may be written at once (putItems), so once.
  let opened: Promise<{ handle: FileHandle; path: string }> | null = null
  return {
    /** Before `file` is replaced: its current bytes go into the journal. */
    async keep(file: string, before: Buffer | null): Promise<void> {
      opened ??= mkdir(folder, { recursive: true }).then(async () => {
        const path = join(folder, `${process.pid}.${randomBytes(6).toString('hex')}.undo`)
        // Appending: lines written at once never land on each other.
        return { handle: await open(path, 'ax'), path }
      })
      const line: JournalLine = { path: relative(library, file), before: before === null ? null : before.toString('base64') }
      await (await opened).handle.write(`${JSON.stringify(line)}\n`)
    },
    /** The change's files are final (or were put back): from here on a crash leaves them as they are. */
    async clear(): Promise<void> {
      if (!opened) return
      const { handle, path } = await opened
      opened = null
      await handle.close()
      await unlink(path)
    },
  }
}

export type UndoJournal = ReturnType<typeof createUndoJournal>

/**
 * Puts back the files of every change whose process died before it committed, newest line first, and
 * removes those journals. Runs under the write lock, before any change of the caller's own. A line
 * cut short by the kill is of a file not yet replaced, and a path that would leave the library is
 * never written to.
 */
export async function rollBackDeadJournals(folder: string, library: string, isLive: (pid: number) => boolean): Promise<string[]> {
  const names = (await readdir(folder).catch(() => [] as string[])).filter((name) => {
    const pid = JOURNAL_NAME.exec(name)?.[1]
    return pid !== undefined && !isLive(Number(pid))
  })
  const restored: string[] = []
  for (const name of names) {
    const lines = (await readFile(join(folder, name), 'utf8')).split('\n').flatMap((text) => {
      try {
        const line = JSON.parse(text) as JournalLine
        return typeof line.path === 'string' && (line.before === null || typeof line.before === 'string') ? [line] : []
      } catch {
        return []
      }
    })
    for (const line of lines.reverse()) {
      const target = resolve(library, line.path)
      const inside = relative(library, target)
      if (!inside || inside.startsWith('..') || isAbsolute(inside)) continue
      if (line.before === null) await rm(target, { force: true })
      else await writeFileDurably(target, Buffer.from(line.before, 'base64'))
      restored.push(inside)
    }
    await unlink(join(folder, name))
  }
  return restored
}
