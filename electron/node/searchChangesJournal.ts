import { open, readFile, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { SearchChanges, SearchChangesPosition } from '../core/archiveStore'

/**
 * index/search-changes.log: one line per changed item id, appended (O_APPEND) by whichever process
 * changed the item, so that every other process's search index sees the change at its next query
 * without the catalog changing. A save of the index replaces the journal by one holding only the
 * lines the saved index does not cover, under a new generation named in the journal's first line
 * and in the index's header. Appends and that replacement both hold the library's write lock, so
 * no append can fall between reading the journal's tail and renaming the new journal into place.
 */
const HEADER = '#scriptorium-search-changes '
const ID = /^[A-Za-z0-9_-]{1,64}$/

type Lock = () => Promise<() => Promise<void>>

function journalPath(location: string): string {
  return join(location, 'index', 'search-changes.log')
}

function indexPath(location: string): string {
  return join(location, 'index', 'search-index.json')
}

/** The generation named in the journal's first line, '' for a journal started after its loss, and the length of that line. */
function headerOf(bytes: Buffer): { generation: string; length: number } {
  if (!bytes.subarray(0, HEADER.length).equals(Buffer.from(HEADER))) return { generation: '', length: 0 }
  const end = bytes.indexOf(10)
  if (end === -1) return { generation: '', length: 0 }
  return { generation: bytes.toString('utf8', HEADER.length, end).trim(), length: end + 1 }
}

/** Ids of the complete lines in bytes; a damaged line is skipped, an unfinished last line left for later. */
function idsIn(bytes: Buffer): { ids: string[]; consumed: number } {
  const end = bytes.lastIndexOf(10) + 1
  const ids = bytes
    .toString('utf8', 0, end)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => ID.test(line))
  return { ids, consumed: end }
}

/** The inode and birth time: every replacement is a new file, and an inode number may be reused. */
function identityOf(info: { ino: number; birthtimeMs: number }): string {
  return `${info.ino}:${info.birthtimeMs}`
}

export async function appendSearchChanges(location: string, ids: string[], lock: Lock): Promise<void> {
  const lines = ids.filter((id) => ID.test(id))
  if (!lines.length) return
  const release = await lock()
  try {
    const file = await open(journalPath(location), 'a+')
    try {
      // After a process that died halfway through a line, start a new one rather than extend it.
      const { size } = await file.stat()
      const last = Buffer.alloc(1)
      if (size) await file.read(last, 0, 1, size - 1)
      const torn = size > 0 && last[0] !== 10
      await file.write(`${torn ? '\n' : ''}${lines.join('\n')}\n`)
    } finally {
      await file.close()
    }
  } finally {
    await release().catch(() => {})
  }
}

export async function readSearchChanges(location: string, since: SearchChangesPosition): Promise<SearchChanges> {
  const path = journalPath(location)
  let info
  try {
    info = await stat(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { position: { generation: since.generation, offset: 0 }, ids: [], superseded: false }
    throw error
  }
  const file = identityOf(info)
  if (file === since.file && info.size === since.offset) return { position: since, ids: [], superseded: false }
  if (file === since.file && info.size > since.offset) {
    // The same journal, grown: only the new bytes are read.
    const handle = await open(path, 'r')
    try {
      const buffer = Buffer.alloc(info.size - since.offset)
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, since.offset)
      const { ids, consumed } = idsIn(buffer.subarray(0, bytesRead))
      return { position: { ...since, offset: since.offset + consumed }, ids, superseded: false }
    } finally {
      await handle.close()
    }
  }
  const bytes = await readFile(path)
  const header = headerOf(bytes)
  const { ids, consumed } = idsIn(bytes.subarray(header.length))
  const position = { generation: header.generation, file, offset: header.length + consumed }
  // A journal of another generation means another process saved the index meanwhile: what this
  // process holds may lack lines that journal no longer has, so it must load the saved index again.
  const superseded = header.generation !== '' && header.generation !== since.generation
  return { position, ids, superseded }
}

/**
 * Writes the index beside the old one, then, under the lock: refuses if the journal is no longer of
 * the generation the index was brought up to date with; otherwise renames the index into place and
 * replaces the journal by its lines after `since` under the new generation. The index is renamed
 * first: a crash in between leaves the old journal whole, which is applied in full on the next load.
 */
export async function saveSearchIndex(
  location: string,
  write: (path: string) => Promise<void>,
  since: SearchChangesPosition,
  generation: string,
  lock: Lock,
  writeAtomic: (path: string, data: string | Uint8Array) => Promise<void>,
): Promise<boolean> {
  const target = indexPath(location)
  const temp = `${target}.${process.pid}.saving`
  await write(temp)
  let release: (() => Promise<void>) | null = null
  try {
    release = await lock()
    const path = journalPath(location)
    let bytes: Buffer = Buffer.alloc(0)
    let file: string | undefined
    try {
      file = identityOf(await stat(path))
      bytes = await readFile(path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    const header = headerOf(bytes)
    if (header.generation !== since.generation && header.generation !== '') return false
    // Lines this process has not read are kept; of a journal it never read, every line.
    const start = file === since.file && header.generation === since.generation ? Math.max(since.offset, header.length) : header.length
    const tail = bytes.subarray(Math.min(start, bytes.length))
    await rename(temp, target)
    await writeAtomic(path, Buffer.concat([Buffer.from(`${HEADER}${generation}\n`), tail]))
    return true
  } finally {
    await rm(temp, { force: true }).catch(() => {})
    await release?.().catch(() => {})
  }
}
