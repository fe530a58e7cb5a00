import { readdirSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { annotationFileText, readAnnotationFile } from '../../core/annotations/readAnnotationFile'
import { annotationFileName, isAnnotationFileName } from '../../core/sync/annotationFileName'
import { sameValue } from '../../core/sync/changeStamps'
import { foldAnnotationFiles, type LostAnnotation } from '../../core/sync/foldAnnotationFiles'
import { annotationValues, type StampedAnnotationFile } from '../../core/sync/mergeRecords'
import { readPlainFileSync } from './readPlainFileSync'
import { restampRestoredRecord } from './restampRestoredRecord'
import { errorCode, storageError } from './storageError'
import { readPlainFile } from './readPlainFile'

/**
 * An item's highlights and notes on disk (see annotationFileName.ts): this device writes only its own
 * file; a read folds every device's file and the legacy one into one view. The folder and its few small
 * files are read synchronously: each thread-pool round trip costs more than the read itself (a
 * highlight reads them three times), and this runs in the archive's thread, never the window's.
 */
export function ownAnnotationPath(folder: string, device: string): string {
  return join(folder, annotationFileName(device))
}

/** The annotation files in an item's folder, by the strict name pattern (never a conflict copy), sorted. */
export async function listAnnotationFiles(folder: string): Promise<string[]> {
  try {
    return readdirSync(folder).filter(isAnnotationFileName).sort()
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return []
    throw storageError(error, `read the annotations ${folder}`)
  }
}

export interface ItemAnnotations {
  /** The folded view; its set-aside entries are every file's, to be shown. */
  merged: StampedAnnotationFile
  /** The damaged entries this device's own file holds (and those of the copies folded in, which go): the only ones it keeps. */
  ownSetAside: NonNullable<StampedAnnotationFile['setAside']>
  /** Versions that lost a clash between two files: kept in conflicts/ when this device writes its file. */
  lost: LostAnnotation[]
  /** The files read, by name. */
  files: string[]
}

/**
 * Reads and folds the item's annotation files, this device's first; `extra` (a conflict copy being
 * merged) is folded in last. A file that cannot be read as annotations is refused with its path, as
 * readAnnotationFile words it: nothing is shown as if it were the whole.
 */
export async function readItemAnnotations(folder: string, device: string, extra: StampedAnnotationFile[] = [], leaveOut: readonly string[] = []): Promise<ItemAnnotations> {
  const own = annotationFileName(device)
  const files = (await listAnnotationFiles(folder)).filter((name) => !leaveOut.includes(name))
  const read = await Promise.all(files.map(async (name) => ({ name, file: await readOne(join(folder, name)) })))
  const mine = read.find((entry) => entry.name === own)?.file ?? null
  const others = read.filter((entry) => entry.name !== own && entry.file).map((entry) => entry.file!)
  const ownSetAside = [...(mine?.setAside ?? []), ...extra.flatMap((copy) => copy.setAside ?? [])]
  return { ...foldAnnotationFiles(mine, [...others, ...extra]), ownSetAside, files }
}

/**
 * This device's file for a folded view: another file's damaged entries are shown from that file and
 * mended there, never copied into this one (each device would otherwise carry every other's).
 */
export function ownAnnotationText(view: StampedAnnotationFile, ownSetAside: ItemAnnotations['ownSetAside']): string {
  return annotationFileText({ ...view, setAside: ownSetAside.length ? ownSetAside : undefined })
}

/** null for a file gone meanwhile (removed with its item). */
async function readOne(path: string): Promise<StampedAnnotationFile | null> {
  let text: string
  try {
    text = readPlainFileSync(path)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null
    throw storageError(error, `read the annotations ${path}`)
  }
  return readAnnotationFile(text, path) as StampedAnnotationFile
}

/** Every annotation file's inode, time and size: changes when any device's file does; '' when there is none. */
export async function annotationFilesStamp(folder: string): Promise<string> {
  const parts: string[] = []
  for (const name of await listAnnotationFiles(folder).catch(() => [] as string[])) {
    let info: ReturnType<typeof statSync> | null = null
    try {
      info = statSync(join(folder, name))
    } catch {
      // Gone meanwhile, or unreadable: no part of the stamp.
    }
    if (info) parts.push(`${name}:${info.ino}:${info.mtimeMs}:${info.size}`)
  }
  return parts.join(',')
}

/**
 * What this device's file becomes when a backup's annotation files of an item (`saved`, any device's
 * and the legacy one) are put back: their folded view, stamped as new changes of this device (see
 * stampRestoredValues), so it wins over every other device's file, none of which is rewritten. Null
 * when the item's highlights and notes already are what the backup holds.
 */
export async function restoredAnnotationsText(folder: string, device: string, saved: { path: string; bytes: Buffer }[], at: string): Promise<string | null> {
  const files: StampedAnnotationFile[] = []
  for (const { path, bytes } of saved) {
    try {
      files.push(readAnnotationFile(bytes.toString('utf8'), path) as StampedAnnotationFile)
    } catch {
      // A backup holds only files that were readable when it was verified; one that is not adds nothing.
    }
  }
  if (!files.length) return null
  const restored = foldAnnotationFiles(null, files).merged
  const current = await readItemAnnotations(folder, device).then(
    (read) => read.merged,
    () => null,
  )
  if (current && sameValue(annotationValues(current), annotationValues(restored))) return null
  const own = annotationFileName(device)
  // A damaged current file still tells how far this device had counted (restampRestoredRecord reads it).
  const before = current ? Buffer.from(annotationFileText(current)) : await readPlainFile(join(folder, own)).catch(() => null)
  return restampRestoredRecord(`items/${basename(folder)}/${own}`, Buffer.from(annotationFileText(restored)), before, { device, at }).toString('utf8')
}
