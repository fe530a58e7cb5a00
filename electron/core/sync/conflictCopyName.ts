/**
 * The conflict copies folder-sync tools leave beside a file both machines changed:
 * - Syncthing: `name.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.ext`
 * - Dropbox: `name (Device's conflicted copy YYYY-MM-DD).ext`, with ` (1)` and so on for more
 * - Nextcloud: `name (conflicted copy YYYY-MM-DD HHMMSS).ext`
 */
export interface ConflictCopy {
  /** The name of the file it is a copy of. */
  original: string
  tool: 'syncthing' | 'dropbox' | 'nextcloud'
  /** The device that made the losing change, where the tool says. */
  device?: string
}

const SYNCTHING = /^(.+)\.sync-conflict-\d{8}-\d{6}-([A-Z0-9]{7})(\.[^.]*)?$/
const DROPBOX = /^(.+?) \((.+)'s conflicted copy \d{4}-\d{2}-\d{2}(?: \(\d+\))?\)(\.[^.]*)?$/
const NEXTCLOUD = /^(.+?) \(conflicted copy \d{4}-\d{2}-\d{2} \d{6}\)(\.[^.]*)?$/

export function readConflictCopyName(name: string): ConflictCopy | null {
  let match = SYNCTHING.exec(name)
  if (match) return { original: match[1] + (match[3] ?? ''), tool: 'syncthing', device: match[2] }
  match = DROPBOX.exec(name)
  if (match) return { original: match[1] + (match[3] ?? ''), tool: 'dropbox', device: match[2] }
  match = NEXTCLOUD.exec(name)
  if (match) return { original: match[1] + (match[2] ?? ''), tool: 'nextcloud' }
  return null
}
