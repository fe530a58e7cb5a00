import { constants } from 'node:fs'
import { open } from 'node:fs/promises'
import { notPlainFile } from './readPlainFileSync'

/**
 * A file of the library that may be large (an archived article, a PDF), read through the thread pool:
 * opened without blocking and read only when a plain file, so that a FIFO a sync tool left in an
 * item's folder is refused (NOT_A_FILE) rather than holding a pool thread, and the change that
 * indexes it, for ever. No size limit: a scanned PDF can be hundreds of megabytes.
 */
export async function readPlainFile(path: string): Promise<Buffer> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    if (!(await handle.stat()).isFile()) throw notPlainFile(path)
    return await handle.readFile()
  } finally {
    await handle.close()
  }
}
