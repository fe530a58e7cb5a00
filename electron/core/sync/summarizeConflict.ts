import type { StoredAnnotation } from '../annotations/annotationModel'
import { noteOf } from '../annotations/annotationModel'
import type { Item } from '../archiveApi'
import type { ConflictEntry, ConflictSummary } from './conflictEntry'
import { ANNOTATIONS_CONFLICT_FILE } from './annotationFileName'
import { itemValues } from './itemValues'

const MAX_SHOWN = 300

/** What the app shows of a kept version: each left-out field with the value this version had. */
export function summarizeConflict(id: string, entry: ConflictEntry): ConflictSummary {
  const version = (entry.version ?? {}) as { item?: Item; annotations?: StoredAnnotation[] } & Record<string, unknown>
  let differences: ConflictSummary['differences']
  if (entry.file === ANNOTATIONS_CONFLICT_FILE) {
    const annotations = Array.isArray(version.annotations) ? version.annotations : []
    differences = entry.keys.map((key) => {
      const annotation = annotations.find((candidate) => candidate.id === key)
      const first = annotation?.target?.selector?.[0]
      // A damaged version's selector may be anything: one bad entry must not hide the rest of the list.
      const quote = typeof first === 'object' && first !== null && 'exact' in first && typeof first.exact === 'string' ? first.exact : undefined
      const text = !annotation ? '(deleted)' : annotation['scriptorium:deleted'] ? '(deleted)' : [quote ? `“${quote}”` : '', noteOf(annotation)].filter(Boolean).join(' — ')
      return { key: annotation?.motivation === 'commenting' ? 'note' : 'highlight', value: shorten(text) }
    })
  } else {
    const values = version.item && typeof version.item === 'object' ? itemValues(version.item) : version
    differences = entry.keys.map((key) => ({ key, value: shorten(values[key] === undefined ? '(removed)' : typeof values[key] === 'string' ? (values[key] as string) : JSON.stringify(values[key])) }))
  }
  return { id, itemId: entry.itemId, file: entry.file, title: entry.title, savedAt: entry.savedAt, from: entry.from, differences }
}

function shorten(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text
}
