import type { AnnotationFile, StoredAnnotation } from '../annotations/annotationModel'
import type { Item } from '../archiveApi'
import { mergeKeyedValues, readChangeState, sameValue, type ChangeState, type KeyedValues } from './changeStamps'
import { itemFromValues, itemValues } from './itemValues'

export interface StampedItem {
  item: Item
  revision: number
  changes: ChangeState
}

export interface Merged<T> {
  merged: T
  /** The keys both copies changed differently: the later change won; `loser` names the copy whose value was left out. */
  clashes: { key: string; loser: 'main' | 'copy' }[]
}

/** Two copies of one item.json, merged field by field and tag by tag. */
export function mergeItemRecords(main: StampedItem, copy: StampedItem): Merged<StampedItem> {
  const { state, values, clashes } = mergeKeyedValues(
    { state: main.changes, values: itemValues(main.item), fallbackAt: () => main.item.modifiedAt },
    { state: copy.changes, values: itemValues(copy.item), fallbackAt: () => copy.item.modifiedAt },
  )
  const modifiedAt = main.item.modifiedAt > copy.item.modifiedAt ? main.item.modifiedAt : copy.item.modifiedAt
  const item = itemFromValues(values, main.item.id, modifiedAt, main.item)
  return { merged: { item, revision: Math.max(main.revision, copy.revision) + 1, changes: state }, clashes: named(clashes) }
}

export const ANNOTATION_CHANGES = 'scriptorium:changes'

/** annotations.json with its change stamps: one key per annotation, kept as a tombstone once purged. */
export type StampedAnnotationFile = AnnotationFile & { [ANNOTATION_CHANGES]?: ChangeState }

export function annotationValues(file: AnnotationFile): KeyedValues {
  return Object.fromEntries(file.annotations.map((annotation) => [annotation.id, annotation]))
}

/** Two copies of one annotations.json: the union of their highlights and notes, each the later version, deletions kept. */
export function mergeAnnotationFiles(main: StampedAnnotationFile, copy: StampedAnnotationFile): Merged<StampedAnnotationFile> {
  const changedAt = (file: AnnotationFile) => {
    const byId = new Map(file.annotations.map((annotation) => [annotation.id, annotation]))
    return (key: string) => {
      const annotation = byId.get(key)
      return annotation ? latestChange(annotation) : ''
    }
  }
  const { state, values, clashes } = mergeKeyedValues(
    { state: readChangeState(main[ANNOTATION_CHANGES]), values: annotationValues(main), fallbackAt: changedAt(main) },
    { state: readChangeState(copy[ANNOTATION_CHANGES]), values: annotationValues(copy), fallbackAt: changedAt(copy) },
  )
  const annotations = Object.values(values) as StoredAnnotation[]
  annotations.sort((x, y) => (x.created === y.created ? (x.id < y.id ? -1 : 1) : x.created < y.created ? -1 : 1))
  const setAside = [...(main.setAside ?? [])]
  for (const entry of copy.setAside ?? []) if (!setAside.some((kept) => sameValue(kept.entry, entry.entry))) setAside.push(entry)
  const merged: StampedAnnotationFile = { ...main, annotations, [ANNOTATION_CHANGES]: state }
  if (setAside.length) merged.setAside = setAside
  else delete merged.setAside
  return { merged, clashes: named(clashes) }
}

const named = (clashes: { key: string; loser: 'a' | 'b' }[]) => clashes.map(({ key, loser }) => ({ key, loser: loser === 'a' ? ('main' as const) : ('copy' as const) }))

function latestChange(annotation: StoredAnnotation): string {
  const deleted = annotation['scriptorium:deleted']
  return deleted && deleted > annotation.modified ? deleted : annotation.modified
}
