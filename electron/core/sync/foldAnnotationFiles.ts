import { emptyAnnotationFile, type StoredAnnotation } from '../annotations/annotationModel'
import { ANNOTATIONS_CONFLICT_FILE } from './annotationFileName'
import { readChangeState, type ChangeStamp } from './changeStamps'
import type { ConflictEntry } from './conflictEntry'
import { ANNOTATION_CHANGES, mergeAnnotationFiles, type StampedAnnotationFile } from './mergeRecords'

/** A version of one highlight or note that a fold left out: both devices changed it before either saw the other's change. */
export interface LostAnnotation {
  key: string
  /** Absent when the losing version was a purged one (a tombstone). */
  annotation?: StoredAnnotation
  stamp?: ChangeStamp
}

/**
 * An item's annotation files (one per device, and the legacy one) folded into one view: the own
 * device's file first, so the result keeps its top-level fields, then the others in the order given.
 * Each highlight or note is the later version, deletions kept; what lost a clash is handed back.
 */
export function foldAnnotationFiles(own: StampedAnnotationFile | null, others: StampedAnnotationFile[]): { merged: StampedAnnotationFile; lost: LostAnnotation[] } {
  let merged: StampedAnnotationFile = own ?? emptyAnnotationFile()
  const lost: LostAnnotation[] = []
  for (const other of others) {
    const step = mergeAnnotationFiles(merged, other)
    for (const { key, loser } of step.clashes) {
      const version = loser === 'main' ? merged : other
      const annotation = version.annotations.find((entry) => entry.id === key)
      const stamp = readChangeState(version[ANNOTATION_CHANGES]).changes[key]
      // A file that never held it (no entry, no stamp: a file from before stamps beside one without it) lost nothing.
      if (annotation || stamp) lost.push({ key, annotation, stamp })
    }
    merged = step.merged
  }
  return { merged, lost }
}

/**
 * The conflicts/ entry of a lost version. Every machine that folds the same two files meets the same
 * clash: the entry depends only on the lost version (one per highlight or note), so all of them write
 * the same name and the same bytes, and it is kept once.
 */
export function lostAnnotationConflict(itemId: string, lost: LostAnnotation): Omit<ConflictEntry, 'format'> {
  const annotations = lost.annotation ? [lost.annotation] : []
  const changes = lost.stamp ? { [lost.key]: lost.stamp } : {}
  const keys = [lost.key]
  return {
    itemId,
    file: ANNOTATIONS_CONFLICT_FILE,
    keys,
    savedAt: lost.stamp?.at ?? lost.annotation?.modified ?? '',
    from: lost.stamp?.by || 'another machine',
    title: `${keys.length} highlight${keys.length === 1 ? '' : 's'} or note${keys.length === 1 ? '' : 's'}`,
    version: { schemaVersion: 1, annotations, [ANNOTATION_CHANGES]: { versions: {}, changes } },
  }
}
