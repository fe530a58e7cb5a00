import { isSafeItemId } from '../safeItemId'
import { isItemRecordFile, type ItemRecordFile } from './annotationFileName'
import { DEVICE_ID } from './deviceId'
import { readChangeState } from './changeStamps'

/**
 * One line of a device's change log (devices/<device>.<generation>.changes): an item file that
 * device wrote, with the write counts (change-stamp versions) the file held after the write, or the
 * item's deletion. Another machine reading the line knows which records to re-read, and that a record
 * on its disk whose counts are lower has not arrived yet (sync tools deliver files in any order).
 */
export type ChangeLogEntry =
  | { id: string; file: LoggedItemFile; versions: Record<string, number>; writer: string }
  | { id: string; deleted: true; writer: string }

/** item.json, or one device's annotation file (annotations.<device>.json, or the legacy annotations.json): see annotationFileName.ts. */
export type LoggedItemFile = ItemRecordFile
export const isLoggedItemFile = isItemRecordFile

/** Why a line was skipped: a damaged, truncated or hostile log costs that line, nothing else. */
export type ChangeLogProblem = 'too-long' | 'not-json' | 'not-an-entry' | 'bad-item-id' | 'bad-file' | 'bad-versions'

/** Longer lines are not ours: a device id is at most 48 characters and a library has few devices. */
export const MAX_LINE_BYTES = 4096
const MAX_DEVICES = 64
const DEVICE = new RegExp(`^${DEVICE_ID}$`)
const WRITER = /^[0-9a-f]{1,32}$/
const LOG_NAME = new RegExp(`^(${DEVICE_ID})\\.(\\d{1,9})\\.changes$`)

export function changeLogName(device: string, generation: number): string {
  return `${device}.${generation}.changes`
}

/** The device and generation a file name of devices/ stands for, or null for any other file. */
export function readChangeLogName(name: string): { device: string; generation: number } | null {
  const match = LOG_NAME.exec(name)
  return match ? { device: match[1], generation: Number(match[2]) } : null
}

export function changeLogLine(entry: ChangeLogEntry): string {
  return `${JSON.stringify(entry)}\n`
}

/** A line as read from a file another machine (or anyone) wrote: checked field by field, ids only as safe item ids. */
export function readChangeLogLine(line: string): { entry: ChangeLogEntry } | { problem: ChangeLogProblem } {
  if (line.length > MAX_LINE_BYTES) return { problem: 'too-long' }
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return { problem: 'not-json' }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { problem: 'not-an-entry' }
  const { id, file, versions, deleted, writer } = value as Record<string, unknown>
  if (typeof writer !== 'string' || !WRITER.test(writer)) return { problem: 'not-an-entry' }
  if (!isSafeItemId(id)) return { problem: 'bad-item-id' }
  if (deleted === true) return { entry: { id, deleted: true, writer } }
  if (!isLoggedItemFile(file)) return { problem: 'bad-file' }
  if (!versions || typeof versions !== 'object' || Array.isArray(versions)) return { problem: 'bad-versions' }
  const counts = Object.entries(versions as Record<string, unknown>)
  if (!counts.length || counts.length > MAX_DEVICES) return { problem: 'bad-versions' }
  for (const [device, n] of counts) if (!DEVICE.test(device) || typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) return { problem: 'bad-versions' }
  return { entry: { id, file, versions: Object.fromEntries(counts) as Record<string, number>, writer } }
}

/**
 * Whether a file on disk (its parsed JSON, null when absent, undefined when unreadable: half-delivered
 * or damaged) holds the logged write or a later one. The change stamps sit in item.json's `changes`
 * and in an annotation file's `scriptorium:changes`.
 */
export function hasArrived(entry: ChangeLogEntry, onDisk: unknown): boolean {
  if ('deleted' in entry) return onDisk === null
  if (!onDisk || typeof onDisk !== 'object') return false
  const seen = versionsIn(entry.file, onDisk)
  return Object.entries(entry.versions).every(([device, n]) => (seen[device] ?? 0) >= n)
}

/** The item file a library-relative path (items/<id>/<file>, '/'-separated) names, when it is one a log can name. */
export function loggedFileOf(path: string): { id: string; file: LoggedItemFile } | null {
  const parts = path.split('/')
  if (parts.length !== 3 || parts[0] !== 'items' || !isSafeItemId(parts[1]) || !isLoggedItemFile(parts[2])) return null
  return { id: parts[1], file: parts[2] }
}

/**
 * The line for an item file as written by something other than the store's own change (a merge, a
 * restore, a repair): the counts its change stamps hold. Null for a file without any (a record from
 * before change stamps), which a log line cannot describe: the full scan finds it.
 */
export function loggedWriteOf(path: string, written: unknown): { id: string; file: LoggedItemFile; versions: Record<string, number> } | null {
  const named = loggedFileOf(path)
  if (!named) return null
  const versions = versionsIn(named.file, written)
  return Object.keys(versions).length ? { ...named, versions } : null
}

/** The write counts a parsed item file's stamps hold: item.json's `changes`, an annotation file's `scriptorium:changes`. */
function versionsIn(file: LoggedItemFile, parsed: unknown): Record<string, number> {
  if (!parsed || typeof parsed !== 'object') return {}
  return readChangeState((parsed as Record<string, unknown>)[file === 'item.json' ? 'changes' : 'scriptorium:changes']).versions
}
