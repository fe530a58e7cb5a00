import type { AnnotationFile } from '../../core/annotations/annotationModel'
import { ArchiveError } from '../../core/archiveError'

/** An item's annotations.json as read from disk. */
export function parseAnnotationFile(text: string, path: string): AnnotationFile {
  let parsed: Partial<AnnotationFile> | null = null
  try {
    parsed = JSON.parse(text)
  } catch {
    // reported below
  }
  if (!parsed || typeof parsed !== 'object' || !Array.isArray(parsed.annotations)) {
    throw new ArchiveError('damaged_library', `The annotations file ${path} is damaged; Scriptorium left it untouched. Restore it from a backup.`)
  }
  if (typeof parsed.schemaVersion === 'number' && parsed.schemaVersion > 1) {
    throw new ArchiveError('newer_library', `The annotations file ${path} was written by a newer Scriptorium; update Scriptorium to open it.`)
  }
  return parsed as AnnotationFile
}
