import { open } from 'node:fs/promises'
import { notPlainFile, openFailure, PLAIN_READ_FLAGS } from './readPlainFileSync'

/**
 * A file of the library that may be large (an archived article, a PDF), read through the thread pool:
 * opened without blocking or following a link, and read only when a plain file, so that a FIFO a sync
 * tool left in an item's folder is refused (NOT_A_FILE) rather than holding a pool thread, and the
 * change that indexes it, for ever, and a link is never followed out of the library. No size limit: a scanned PDF can be hundreds of megabytes.
 */
export async function readPlainFile(path: string): Promise<Buffer> {
  const handle = await open(path, PLAIN_READ_FLAGS).catch((error: unknown) => {
    throw openFailure(error, path)
  })
  try {
    if (!(await handle.stat()).isFile()) throw notPlainFile(path)
    return await handle.readFile()
  } finally {
    await handle.close()
  }
}

/** readPlainFile's bytes, or null when there is no such file; any other failure (a link, a FIFO) is thrown. */
export async function readPlainFileOrAbsent(path: string): Promise<Buffer | null> {
  return readPlainFile(path).catch((error: unknown) => ((error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' ? null : Promise.reject(error)))
}
