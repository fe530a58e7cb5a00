import { randomBytes } from 'node:crypto'
import { closeSync, fstatSync, fsync, open, openSync, rename, rmSync, writeFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { crashPoint } from './crashPoint'
import { eachAtMost } from './eachAtMost'

const flush = promisify(fsync)
const openFile = promisify(open)
const renameFile = promisify(rename)

/** Flushes a change has in flight at once: enough to keep the disk's queue full, few enough to leave threads for reads. */
export const FLUSHES_IN_FLIGHT = 32

/**
 * Replaces many small files (a bulk tag's records), each as durably as writeFileDurably makes one:
 * its temp file flushed before it is renamed over the target. Done in phases, not file by file: all
 * temp files are made and written, then all flushed, then all renamed, FLUSHES_IN_FLIGHT at a time in
 * the thread pool (where their waits on the disk overlap). A create or rename waits on the file
 * system's journal while a flush runs: in phases none of ours meets a flush of ours. The folders are not flushed here: the caller flushes each once,
 * beside its other work. Gives each file's stamp (inode, mtime, size) as a stat after the rename
 * would, to `whileFlushing` as soon as the files are written, and as the answer. On failure no temp file is left; files already renamed are the caller's to put back (its undo).
 */
export async function replaceFilesDurably(files: { path: string; text: string }[], whileFlushing: (stamps: string[]) => Promise<void> = async () => {}): Promise<string[]> {
  const unique = `${process.pid}.${randomBytes(4).toString('hex')}`
  const temps = files.map(({ path }, index) => `${path}.${unique}${index.toString(16)}.tmp`)
  const stamps: string[] = []
  const renamed: boolean[] = []
  try {
    // Creating a file waits on the file system's journal while anything on the disk flushes: the
    // creates wait together in the thread pool, and each is written at once on this thread.
    await eachAtMost(files.length, FLUSHES_IN_FLIGHT, async (index) => {
      const fd = await openFile(temps[index], 'wx')
      try {
        writeFileSync(fd, files[index].text)
        // The temp file's inode and mtime are the record's once renamed: no stat after the rename.
        const info = fstatSync(fd)
        stamps[index] = `${info.ino}:${info.mtimeMs}:${info.size}`
      } finally {
        closeSync(fd)
      }
    })
    // The caller's own work on the files (the catalog's rows) runs while they flush: it needs only their
    // stamps, and its CPU time then overlaps the disk's. Both end before any file is renamed; once the
    // caller's work has failed, the flushes not yet started are skipped.
    let failedMeanwhile = false
    const settled = await Promise.allSettled([
      eachAtMost(files.length, FLUSHES_IN_FLIGHT, async (index) => {
        if (failedMeanwhile) return
        // Opened for writing: Windows flushes no file opened only to read.
        const fd = openSync(temps[index], 'r+')
        try {
          await flush(fd)
        } finally {
          closeSync(fd)
        }
      }),
      // A callback that throws at once fails here too, never before the flushes it would leave running.
      Promise.resolve()
        .then(() => whileFlushing(stamps))
        .catch((error: unknown) => {
          failedMeanwhile = true
          throw error
        }),
    ])
    const failed = settled.find((result) => result.status === 'rejected')
    if (failed) throw failed.reason
    // Renaming over a file whose blocks are on disk waits for them to be freed: together, in the pool.
    await eachAtMost(files.length, FLUSHES_IN_FLIGHT, async (index) => {
      await renameFile(temps[index], files[index].path)
      renamed[index] = true
      crashPoint('after-record-rename')
    })
    return stamps
  } finally {
    for (const [index, temp] of temps.entries()) if (!renamed[index]) rmSync(temp, { force: true })
  }
}
