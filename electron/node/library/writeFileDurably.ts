import { randomBytes } from 'node:crypto'
import { closeSync, fsync, openSync, writeFileSync } from 'node:fs'
import { open, rename, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'

const flush = promisify(fsync)
/** Up to this size a write is done at once (see writeStagedFolder). */
const SMALL_FILE = 256 * 1024

/**
 * Temp file (a name no other writer uses), flushed to disk, renamed over the target, then the folder
 * flushed too: a crash or power cut leaves the old file or the new one, never half of each, and the
 * rename itself survives on file systems (XFS, APFS, NTFS) that would otherwise forget it.
 */
export async function writeFileDurably(path: string, data: string | Uint8Array | Iterable<string>, { syncFolder: flushFolder = true } = {}): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  try {
    const file = await open(temp, 'w')
    try {
      if (typeof data === 'string' || data instanceof Uint8Array) {
        // An empty file (a reference's content.html) has no data to flush: the folder's flush keeps it.
        if (data.length) {
          await file.writeFile(data)
          await file.sync()
        }
      } else {
        await writeInBatches(file, data)
        await file.sync()
      }
    } finally {
      await file.close()
    }
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {})
    throw error
  }
  if (flushFolder) await syncFolder(dirname(path))
}

/**
 * Several files into one folder, each durable as writeFileDurably makes it, with one flush of the
 * folder for all of them: a new item's folder gets its content, source and record at a third of the
 * folder flushes.
 */
export async function writeFilesDurably(folder: string, files: [name: string, data: string | Uint8Array][]): Promise<void> {
  for (const [name, data] of files) await writeFileDurably(join(folder, name), data, { syncFolder: false })
  await syncFolder(folder)
}

/**
 * The files of a folder that no one reads until it is renamed into place whole (a new item's staging
 * folder): each is written under its own name and flushed, with no temp name and rename of its own,
 * then the folder is flushed once. A crash leaves the staging folder, which is removed.
 */
export async function writeStagedFolder(folder: string, files: [name: string, data: string | Uint8Array][]): Promise<void> {
  const descriptors: number[] = []
  const flushes: Promise<void>[] = []
  let settled: PromiseSettledResult<void>[] = []
  try {
    for (const [name, data] of files) {
      // A large source (a PDF) is written in the pool, so that reads never wait on it.
      if (data.length > SMALL_FILE) {
        flushes.push(writeFileDurably(join(folder, name), data, { syncFolder: false }))
        continue
      }
      // A record or a page is opened and written at once: each thread-pool round trip costs more than
      // such a write, and a bulk import makes three files an item. Their flushes then wait side by
      // side, not one after another, and the disk's journal commits them together.
      const fd = openSync(join(folder, name), 'wx')
      descriptors.push(fd)
      writeFileSync(fd, data)
      // An empty file has no data to flush: the folder's flush keeps it.
      if (data.length) flushes.push(flush(fd))
    }
  } finally {
    // Every flush started ends before its file is closed, whatever failed meanwhile.
    settled = await Promise.allSettled(flushes)
    for (const fd of descriptors) closeSync(fd)
  }
  const failed = settled.find((result) => result.status === 'rejected')
  if (failed) throw failed.reason
  await syncFolder(folder)
}

/** Makes a folder's entries (a rename, a new or removed file) durable. */
export async function syncFolder(path: string): Promise<void> {
  await (await startSyncFolder(path)).done
}

/**
 * Starts a folder's flush and gives the promise of its end: once started, the flush runs in the
 * thread pool even while the main thread is busy (a catalog commit, which flushes a file of its own).
 */
export async function startSyncFolder(path: string): Promise<{ done: Promise<void> }> {
  let fd: number
  try {
    // Opened at once; only the flush itself waits in the thread pool.
    fd = openSync(path, 'r')
  } catch (error) {
    // Windows cannot open a folder for flushing; its renames are durable once they return.
    if ((error as NodeJS.ErrnoException).code === 'EPERM' || (error as NodeJS.ErrnoException).code === 'EISDIR') return { done: Promise.resolve() }
    throw error
  }
  const done = flush(fd)
    .catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPERM' && error.code !== 'EISDIR') throw error
    })
    .finally(() => closeSync(fd))
  return { done }
}

/** Written a megabyte at a time: the whole may not fit in one string. */
async function writeInBatches(file: import('node:fs/promises').FileHandle, pieces: Iterable<string>): Promise<void> {
  let batch: string[] = []
  let size = 0
  for (const piece of pieces) {
    batch.push(piece)
    size += piece.length
    if (size >= 1 << 20) {
      await file.write(batch.join(''))
      batch = []
      size = 0
    }
  }
  if (batch.length) await file.write(batch.join(''))
}
