import { ArchiveError } from '../archiveError'
import { shortId, type AnnotationFile } from './annotationModel'
import { problemWith } from './checkAnnotation'

/**
 * One annotation file of an item (annotations.json or annotations.<device>.json) as read: the sound entries, and the damaged ones set aside (a hand
 * edit, a sync conflict, an older or newer writer). One damaged entry must cost only itself: the
 * others stay searchable and shown, and it stays in the file untouched, for a person to mend.
 */
export function readAnnotationFile(text: string, path: string): AnnotationFile {
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
  const file: AnnotationFile = { ...parsed, schemaVersion: 1, annotations: [] }
  delete file.setAside // never the file's own: only what this reading set aside is written back
  const setAside: NonNullable<AnnotationFile['setAside']> = []
  // Which device's file (annotations.<device>.json) or the legacy annotations.json.
  const fileName = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1)
  for (const [index, entry] of parsed.annotations.entries()) {
    const problem = problemWith(entry)
    if (problem === undefined) file.annotations.push(entry)
    else setAside.push({ entry, reason: `Entry ${index + 1}${labelOf(entry)} of ${fileName} ${problem}; it was set aside and is kept in the file.` })
  }
  if (setAside.length) file.setAside = setAside
  return file
}

/** The file's text: the sound entries, then those set aside exactly as they were read, so a write loses none. */
export function annotationFileText({ setAside, ...file }: AnnotationFile): string {
  const annotations = [...file.annotations, ...(setAside ?? []).map(({ entry }) => entry)]
  return `${JSON.stringify({ ...file, annotations }, null, 2)}\n`
}

/** The entry's own short id, when it has one that can be shown. */
function labelOf(entry: unknown): string {
  const id = (entry as { id?: unknown } | null)?.id
  return typeof id === 'string' && id.length <= 200 ? ` (${shortId(id)})` : ''
}
