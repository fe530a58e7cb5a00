import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'

/** The error code of a path that is not a plain file (storageError says it in words). */
export const NOT_A_FILE = 'ENOTPLAINFILE'
/** The error code of a link where the library keeps a folder or file of its own (storageError says it in words). */
export const LINK_IN_LIBRARY = 'ELIBRARYLINK'
/** The error code of a file over MAX_LIBRARY_FILE_BYTES (storageError says it in words). */
export const FILE_TOO_LARGE = 'ELIBRARYFILETOOLARGE'

/**
 * The most a record, annotation file or conflict copy is read to. They are kilobytes, and even an
 * annotation file of tens of thousands of highlights (about 1 kB each) stays well below it; a larger
 * one is damaged or hostile, and reading it whole would hold the archive's thread and fill its heap.
 */
export const MAX_LIBRARY_FILE_BYTES = 64 * 1024 * 1024

/**
 * A small file's text, read on the calling thread: through the thread pool, Node's readFile is four
 * requests (open, stat, read, close), each a hand-over between threads, which took about as much
 * system time as a 1,000-item pick-up's reading its records. Opened without blocking and read only
 * when a plain file of at most MAX_LIBRARY_FILE_BYTES: a FIFO or a link a sync tool left in an item's
 * folder is refused (NOT_A_FILE), and a huge file (FILE_TOO_LARGE) is not read.
 */
export function readPlainFileSync(path: string): string {
  return readPlainBytesSync(path).toString('utf8')
}

/** readPlainFileSync's bytes, for a caller that checks them before decoding. */
export function readPlainBytesSync(path: string): Buffer {
  let fd: number
  try {
    fd = openSync(path, PLAIN_READ_FLAGS)
  } catch (error) {
    throw openFailure(error, path)
  }
  try {
    const info = fstatSync(fd)
    if (!info.isFile()) throw notPlainFile(path)
    if (info.size > MAX_LIBRARY_FILE_BYTES) throw refusal(FILE_TOO_LARGE, path)
    // Only the size stat gave: a file that grows meanwhile is read again once its stamp has changed.
    const bytes = Buffer.allocUnsafe(info.size)
    let filled = 0
    while (filled < bytes.length) {
      const read = readSync(fd, bytes, filled, bytes.length - filled, filled)
      if (read === 0) break
      filled += read
    }
    return bytes.subarray(0, filled)
  } finally {
    closeSync(fd)
  }
}

/**
 * Never follows a link in the file's own place: one a sync tool brought could lead a read (an
 * archived article, a record) to any file of the machine. Nor waits on a FIFO. (O_NOFOLLOW is 0 on
 * Windows, whose sync tools do not make links.)
 */
export const PLAIN_READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0)

/**
 * Writing in place (appending to this device's change log): never through a link a sync tool may
 * have left at that name, which could lead the write to any file of the machine.
 */
export const IN_PLACE_WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0)

/** An error of opening with PLAIN_READ_FLAGS, a link in the file's place (ELOOP) made the refusal of one that is not a plain file. */
export function openFailure(error: unknown, path: string): unknown {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ELOOP' ? notPlainFile(path) : error
}

/** The refusal of a path that is not a plain file, with NOT_A_FILE as its code (storageError words it). */
export function notPlainFile(path: string): Error {
  return refusal(NOT_A_FILE, path)
}

/** The refusal of a link found where the library keeps a folder or file of its own (linkOnTheWay). */
export function linkRefusal(path: string): Error {
  return refusal(LINK_IN_LIBRARY, path)
}

function refusal(code: string, path: string): Error {
  return Object.assign(new Error(`${code}: ${path}`), { code, path })
}

/** readPlainBytesSync's bytes, or null for a file that cannot be read (gone, a FIFO, too large): for a caller that then leaves it be. */
export function readPlainBytesOrNull(path: string): Buffer | null {
  try {
    return readPlainBytesSync(path)
  } catch {
    return null
  }
}

/** Why a library file was refused (readPlainFileSync, or a link where the library keeps its own), as part of a sentence; undefined for any other failure. */
export function plainFileRefusal(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === NOT_A_FILE) return 'it is not a plain file'
  if (code === LINK_IN_LIBRARY) return `${(error as { path: string }).path} is a link, which Scriptorium does not follow out of the library; remove it`
  if (code === FILE_TOO_LARGE) return `it is larger than ${MAX_LIBRARY_FILE_BYTES / 1024 / 1024} MB, too large for a library file`
  return undefined
}
