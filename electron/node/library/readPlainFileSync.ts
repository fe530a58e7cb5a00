import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'

/** The error code of a path that is not a plain file (storageError says it in words). */
export const NOT_A_FILE = 'ENOTPLAINFILE'
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
 * when a plain file of at most MAX_LIBRARY_FILE_BYTES: a FIFO a sync tool left in an item's folder is
 * refused (NOT_A_FILE) rather than waited on forever, and a huge file (FILE_TOO_LARGE) is not read.
 */
export function readPlainFileSync(path: string): string {
  return readPlainBytesSync(path).toString('utf8')
}

/** readPlainFileSync's bytes, for a caller that checks them before decoding. */
export function readPlainBytesSync(path: string): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK)
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

/** The refusal of a path that is not a plain file, with NOT_A_FILE as its code (storageError words it). */
export function notPlainFile(path: string): Error {
  return refusal(NOT_A_FILE, path)
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

/** Why readPlainFileSync refused a file, as part of a sentence; undefined for any other failure. */
export function plainFileRefusal(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === NOT_A_FILE) return 'it is not a plain file'
  if (code === FILE_TOO_LARGE) return `it is larger than ${MAX_LIBRARY_FILE_BYTES / 1024 / 1024} MB, too large for a library file`
  return undefined
}
