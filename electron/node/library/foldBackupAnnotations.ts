import { existsSync } from 'node:fs'
import { rename } from 'node:fs/promises'
import { basename } from 'node:path'
import { readAnnotationFile } from '../../core/annotations/readAnnotationFile'
import type { StampedAnnotationFile } from '../../core/sync/mergeRecords'
import { ownAnnotationPath, ownAnnotationText, readItemAnnotations } from './annotationFiles'
import type { LibraryLayout } from './libraryLayout'
import { keepLostAnnotations } from './mergeConflictCopies'
import { storageError } from './storageError'
import { writeFileDurably } from './writeFileDurably'

/** A damaged annotation file of an item, and its copy in a backup. */
export interface DamagedAnnotationFile {
  /** Absolute path of the damaged file. */
  path: string
  /** Path relative to the library, as the backup names it. */
  relative: string
  bytes: Buffer
}

/**
 * check --repair of an item's damaged annotation files. Each is moved aside (by `moveAside`, which
 * answers where to) and never written in place: a file is written only by its device, and rewriting
 * another's makes a sync tool's conflict copy. Their backup copies are folded into this device's own
 * file as a conflict copy is (see mergeAnnotationCopy): per highlight or note the later change wins,
 * so newer changes the undamaged files hold stay, and each version that lost a clash is kept in
 * conflicts/. Another device's damaged file is moved aside only once the fold is on disk, so a crash
 * between the two leaves it to be repaired again (the fold goes by stamps: twice is as once). This
 * device's own damaged file is moved aside first, as the fold then takes its place. When the fold
 * cannot be read (another file of the item is damaged with no copy, or is newer), what was moved goes
 * back and the read's sentence is thrown.
 */
export async function foldBackupAnnotations(layout: LibraryLayout, id: string, damaged: DamagedAnnotationFile[], moveAside: (path: string) => Promise<string>): Promise<{ asides: string[]; kept: number }> {
  const copies = damaged.map(({ relative, bytes }) => readAnnotationFile(bytes.toString('utf8'), relative) as StampedAnnotationFile)
  const folder = layout.itemFolder(id)
  const ownPath = ownAnnotationPath(folder, layout.device)
  const asides = new Map<string, string>()
  try {
    for (const { path } of damaged) if (path === ownPath) asides.set(path, await moveAside(path))
    const read = await readItemAnnotations(folder, layout.device, copies, damaged.map(({ path }) => basename(path)))
    const kept = await keepLostAnnotations(layout, id, read.lost)
    await writeFileDurably(ownPath, ownAnnotationText(read.merged, read.ownSetAside))
    for (const { path } of damaged) if (!asides.has(path)) asides.set(path, await moveAside(path))
    return { asides: damaged.map(({ path }) => asides.get(path)!), kept }
  } catch (error) {
    // This device's damaged file goes back if the fold was not written, to be mended with the rest of the item.
    if (!existsSync(ownPath)) for (const [from, to] of asides) await rename(to, from).catch(() => {})
    throw storageError(error, `merge the backup's copy of the annotations of item ${id}`)
  }
}
