import type { Item, MergeAddition } from '../archiveApi'
import type { AnnotationFile, StoredAnnotation } from '../annotations/annotationModel'
import { annotationIri, itemIri, shortId } from '../annotations/annotationModel'
import { randomId } from '../randomId'

const sameTag = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/**
 * Folds `other` into `keep`: the tags, collections and CSL fields keep lacks, and copies of other's
 * highlights and notes (new ids, on keep). Both records and keep's annotations are changed in place;
 * what was added is returned, so an undo takes exactly that away again. Other itself is left as it was.
 */
export function mergeInto(keep: Item, keepNotes: AnnotationFile, other: Item, otherNotes: AnnotationFile, stamp: string): MergeAddition {
  const added: MergeAddition = { fields: [], tags: [], collections: [], annotationIds: [] }
  for (const [field, value] of Object.entries(other.csl)) {
    if (field === 'id' || isEmpty(value) || !isEmpty(keep.csl[field])) continue
    keep.csl[field] = structuredClone(value)
    added.fields.push(field)
  }
  for (const tag of other.tags) {
    if (keep.tags.some((each) => sameTag(each, tag))) continue
    keep.tags.push(tag)
    added.tags.push(tag)
  }
  for (const collection of other.collections ?? []) {
    if (keep.collections?.includes(collection)) continue
    keep.collections = [...(keep.collections ?? []), collection]
    added.collections.push(collection)
  }
  const taken = (candidate: string) => keepNotes.annotations.some((annotation) => shortId(annotation.id) === candidate)
  for (const annotation of otherNotes.annotations) {
    if (annotation['scriptorium:deleted']) continue
    const id = randomId(taken)
    // Anchored again on keep's text when shown; a quote it does not hold shows as an orphan, never lost.
    const copy: StoredAnnotation = { ...structuredClone(annotation), id: annotationIri(id), modified: stamp, target: { ...structuredClone(annotation.target), source: itemIri(keep.id) } }
    keepNotes.annotations.push(copy)
    added.annotationIds.push(id)
  }
  keep.modifiedAt = stamp
  return added
}

/** Takes away what mergeInto added to keep: copied annotations become deleted (a tombstone, as a delete does). */
export function unmergeFrom(keep: Item, keepNotes: AnnotationFile, added: MergeAddition, stamp: string): void {
  for (const field of added.fields) delete keep.csl[field]
  keep.tags = keep.tags.filter((tag) => !added.tags.includes(tag))
  if (keep.collections) {
    const collections = keep.collections.filter((collection) => !added.collections.includes(collection))
    if (collections.length) keep.collections = collections
    else delete keep.collections
  }
  for (const annotation of keepNotes.annotations) {
    if (added.annotationIds.includes(shortId(annotation.id)) && !annotation['scriptorium:deleted']) {
      annotation['scriptorium:deleted'] = stamp
      annotation.modified = stamp
    }
  }
  keep.modifiedAt = stamp
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true
  if (typeof value === 'string') return !value.trim()
  if (Array.isArray(value)) return value.length === 0
  return false
}
