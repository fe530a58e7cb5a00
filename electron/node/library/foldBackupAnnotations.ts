import { rename } from 'node:fs/promises'
import { readAnnotationFile } from '../../core/annotations/readAnnotationFile'
import type { StampedAnnotationFile } from '../../core/sync/mergeRecords'
import { ownAnnotationPath, ownAnnotationText, readItemAnnotations } from './annotationFiles'
import type { LibraryLayout } from './libraryLayout'
import { keepLostAnnotations } from './mergeConflictCopies'
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
 * conflicts/. When the fold cannot be read (another file of the item is damaged with no copy, or is
 * newer), the damaged files are put back where they were and the read's sentence is thrown.
 */
export async function foldBackupAnnotations(layout: LibraryLayout, id: string, damaged: DamagedAnnotationFile[], moveAside: (path: string) => Promise<string>): Promise<{ asides: string[]; kept: number }> {
  const copies = damaged.map(({ relative, bytes }) => readAnnotationFile(bytes.toString('utf8'), relative) as StampedAnnotationFile)
  const moved: { from: string; to: string }[] = []
  try {
    for (const { path } of damaged) moved.push({ from: path, to: await moveAside(path) })
    const folder = layout.itemFolder(id)
    const read = await readItemAnnotations(folder, layout.device, copies)
    const kept = await keepLostAnnotations(layout, id, read.lost)
    await writeFileDurably(ownAnnotationPath(folder, layout.device), ownAnnotationText(read.merged, read.ownSetAside))
    return { asides: moved.map(({ to }) => to), kept }
  } catch (error) {
    // Nothing was written: the damaged files go back, to be mended with the rest of the item.
    for (const { from, to } of moved.reverse()) await rename(to, from).catch(() => {})
    throw error
  }
}
