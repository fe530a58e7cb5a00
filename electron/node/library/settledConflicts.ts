import { mkdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { LibraryLayout } from './libraryLayout'
import { errorCode, storageError } from './storageError'
import { writeFileDurably } from './writeFileDurably'
import { refuseLinkOnTheWay } from './foldersWithoutLinks'

/**
 * The kept versions a user settled ("Keep this version" or dismiss), one marker file each in
 * conflicts/settled/, named as the version was in conflicts/. The name depends only on the version
 * (see keepConflict), so a machine that meets the same clash later, before it has seen the settling
 * machine's files, does not keep it again. The library syncs the markers; each holds the same bytes
 * whichever machine writes it, so two machines settling one version never make a conflict copy.
 */
export async function markSettled(layout: LibraryLayout, name: string): Promise<void> {
  try {
    refuseLinkOnTheWay(layout.location, layout.settledConflicts)
    await mkdir(layout.settledConflicts, { recursive: true })
    await writeFileDurably(join(layout.settledConflicts, name), `${JSON.stringify({ format: 'scriptorium-settled-conflict', name })}\n`)
  } catch (error) {
    throw storageError(error, `note that the kept version ${name} was settled`)
  }
}

export async function isSettled(layout: LibraryLayout, name: string): Promise<boolean> {
  try {
    await stat(join(layout.settledConflicts, name))
    return true
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false
    throw storageError(error, `read the settled versions in ${layout.settledConflicts}`)
  }
}
