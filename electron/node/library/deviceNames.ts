import { mkdir, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { DEVICE_ID } from '../../core/sync/deviceId'
import { readPlainFileSync } from './readPlainFileSync'
import { writeFileDurably } from './writeFileDurably'

export const DEVICE_NAME_FORMAT = 'scriptorium-device'
export const MAX_DEVICE_NAME = 80
const FILE = new RegExp(`^(${DEVICE_ID})\\.json$`)

/**
 * devices/<device>.json: the name a user gave a device (a machine, or a co-author's copy of a group
 * library), shown on the highlights and notes it made. One file per device, written only by that
 * device, so two people naming theirs at once never make a conflict copy.
 */
export async function readDeviceNames(location: string): Promise<Record<string, string>> {
  const folder = join(location, 'devices')
  const names: Record<string, string> = {}
  for (const file of await readdir(folder).catch(() => [] as string[])) {
    const device = FILE.exec(file)?.[1]
    if (!device) continue
    try {
      // Another device's file, synced in: a FIFO or a huge one is refused unread, as a record is.
      const record = JSON.parse(readPlainFileSync(join(folder, file))) as { format?: unknown; name?: unknown }
      // A file that is not one (a hand edit, a newer writer) names no one: the device id is shown.
      if (record?.format === DEVICE_NAME_FORMAT && typeof record.name === 'string' && record.name.trim()) names[device] = record.name.trim().slice(0, MAX_DEVICE_NAME)
    } catch {
      continue
    }
  }
  return names
}

/** Sets this device's name; an empty one removes it, and the device id is shown again. */
export async function writeDeviceName(location: string, device: string, name: string): Promise<void> {
  const path = join(location, 'devices', `${device}.json`)
  const trimmed = name.trim().slice(0, MAX_DEVICE_NAME)
  if (!trimmed) return rm(path, { force: true })
  await mkdir(join(location, 'devices'), { recursive: true })
  await writeFileDurably(path, `${JSON.stringify({ format: DEVICE_NAME_FORMAT, device, name: trimmed }, null, 2)}\n`)
}
