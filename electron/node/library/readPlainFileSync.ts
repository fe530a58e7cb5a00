import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs'

/** The error code of a path that is not a plain file (storageError says it in words). */
export const NOT_A_FILE = 'ENOTPLAINFILE'

/**
 * A small file's text, read on the calling thread: through the thread pool, Node's readFile is four
 * requests (open, stat, read, close), each a hand-over between threads, which took about as much
 * system time as a 1,000-item pick-up's reading its records. Opened without blocking and read only
 * when a plain file: a FIFO a sync tool left in an item's folder is refused (NOT_A_FILE) rather than
 * waited on forever.
 */
export function readPlainFileSync(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    if (!fstatSync(fd).isFile()) throw Object.assign(new Error(`${NOT_A_FILE}: ${path}`), { code: NOT_A_FILE, path })
    return readFileSync(fd, 'utf8')
  } finally {
    closeSync(fd)
  }
}
