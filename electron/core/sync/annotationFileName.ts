import { readConflictCopyName } from './conflictCopyName'
import { DEVICE_ID } from './deviceId'

/**
 * An item's highlights and notes are kept one file per device: items/<id>/annotations.<device>.json,
 * written only by that device, so two machines annotating one item never change the same file (a
 * sync tool then has nothing to make a conflict copy of). annotations.json is what Scriptorium wrote
 * before, and what older versions still write: read beside them, never written again.
 */
export const LEGACY_ANNOTATION_FILE = 'annotations.json'

/** The logical name a kept conflict of highlights or notes carries, whichever device's file it came from. */
export const ANNOTATIONS_CONFLICT_FILE = LEGACY_ANNOTATION_FILE

/**
 * Strict: a device id has no dot or space, so no conflict copy of a device's file fits; the one left,
 * Syncthing's copy of annotations.json ("annotations.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.json"), is
 * told apart by its name below.
 */
const ANNOTATION_FILE = new RegExp(`^annotations(?:\\.(${DEVICE_ID}))?\\.json$`)

/** The file a device writes; `device` is a layout's device id, already [A-Za-z0-9_-]{1,48} (so never a path). */
export function annotationFileName(device: string): `annotations.${string}.json` {
  return `annotations.${device}.json`
}

export function isAnnotationFileName(name: string): boolean {
  return ANNOTATION_FILE.test(name) && readConflictCopyName(name) === null
}

/** An item's record files: item.json and every device's annotation file; never a sync tool's conflict copy of one. */
export type ItemRecordFile = 'item.json' | `annotations.${string}json`

export function isItemRecordFile(name: unknown): name is ItemRecordFile {
  return typeof name === 'string' && (name === 'item.json' || isAnnotationFileName(name))
}

/** The device whose file it is; null for the legacy annotations.json and for any other name. */
export function deviceOfAnnotationFile(name: string): string | null {
  return isAnnotationFileName(name) ? (ANNOTATION_FILE.exec(name)?.[1] ?? null) : null
}
