import { readAnnotationFile, annotationFileText } from '../../core/annotations/readAnnotationFile'
import { isAnnotationFileName } from '../../core/sync/annotationFileName'
import { emptyChangeState, readChangeState, stampRestoredValues, type ChangeState, type KeyedValues } from '../../core/sync/changeStamps'
import { itemValues } from '../../core/sync/itemValues'
import { ANNOTATION_CHANGES, annotationValues, type StampedAnnotationFile } from '../../core/sync/mergeRecords'
import { itemRecord, readItemRecord } from './itemRecord'

export interface RestampOptions {
  device: string
  at: string
  /** This device's write count it is known to have reached on the record (the catalog's revision of the item), when the current file cannot tell. */
  floor?: number
}

/**
 * The bytes to write when a backup's copy of an item's record or annotations replaces the current
 * file (restore-backup, check --repair): the same values, stamped as new changes of this device (see
 * stampRestoredValues). Any other file, or a copy that cannot be read as a record, is written as it is.
 */
export function restampRestoredRecord(path: string, restored: Buffer, current: Buffer | null, { device, at, floor = 0 }: RestampOptions): Buffer {
  const [top, id, name] = path.split('/')
  if (top !== 'items' || !id) return restored
  if (name === 'item.json') {
    const back = readItemRecord(parse(restored), id)
    if ('problem' in back) return restored
    const now = current ? readItemRecord(parse(current), id) : null
    const known = now && !('problem' in now) ? now : null
    const changes = stampRestoredValues(
      { state: known?.changes ?? emptyChangeState(), values: known ? itemValues(known.item) : {} },
      { state: back.changes, values: itemValues(back.item) },
      device,
      at,
      Math.max(floor, known ? 0 : countIn(current, device)),
    )
    const revision = Math.max(back.revision, known?.revision ?? 0, floor) + 1
    return Buffer.from(`${JSON.stringify(itemRecord(back.item, revision, changes), null, 2)}\n`)
  }
  if (isAnnotationFileName(name)) {
    const back = readAnnotations(restored, path)
    if (!back) return restored
    const now = current ? readAnnotations(current, path) : null
    const state = (file: StampedAnnotationFile | null): { state: ChangeState; values: KeyedValues } => ({ state: readChangeState(file?.[ANNOTATION_CHANGES]), values: file ? annotationValues(file) : {} })
    const changes = stampRestoredValues(state(now), state(back), device, at, now ? 0 : countIn(current, device))
    return Buffer.from(annotationFileText({ ...back, [ANNOTATION_CHANGES]: changes } as StampedAnnotationFile))
  }
  return restored
}

function parse(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'))
  } catch {
    return null
  }
}

function readAnnotations(bytes: Buffer, path: string): StampedAnnotationFile | null {
  try {
    return readAnnotationFile(bytes.toString('utf8'), path) as StampedAnnotationFile
  } catch {
    return null
  }
}

/** A damaged file's count for this device, where its text still shows it: the best floor there is when it cannot be parsed. */
function countIn(damaged: Buffer | null, device: string): number {
  if (!damaged) return 0
  const escaped = device.replace(/[^A-Za-z0-9_-]/g, '')
  const match = new RegExp(`"versions"\\s*:\\s*\\{[^}]*"${escaped}"\\s*:\\s*(\\d+)`).exec(damaged.toString('utf8'))
  return match ? Number(match[1]) : 0
}
