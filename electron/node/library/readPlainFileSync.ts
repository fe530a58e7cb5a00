import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs'

/**
 * A small file's text, read on the calling thread: through the thread pool, Node's readFile is four
 * requests (open, stat, read, close), each a hand-over between threads, which took about as much
 * system time as a 1,000-item pick-up's reading its records. Opened without blocking and read only
 * when a plain file: a FIFO a sync tool left in an item's folder is refused (EINVAL) rather than
 * waited on forever.
 */
export function readPlainFileSync(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    if (!fstatSync(fd).isFile()) throw Object.assign(new Error(`EINVAL: not a plain file, read '${path}'`), { code: 'EINVAL', path })
    return readFileSync(fd, 'utf8')
  } finally {
    closeSync(fd)
  }
}
