import { lstat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'

/**
 * Whether every folder from the library down to `folder` is a real folder or not there yet: a link at
 * any level (a downloaded library's `conflicts` or `items`) could lead a write outside the library.
 */
export async function foldersWithoutLinks(location: string, folder: string): Promise<boolean> {
  const parts = relative(location, folder).split(sep).filter(Boolean)
  if (parts[0] === '..') return false
  let path = location
  for (const part of parts) {
    path = join(path, part)
    const info = await lstat(path).catch(() => null)
    if (!info) return true // the rest is made by mkdir, as real folders
    if (!info.isDirectory()) return false
  }
  return true
}
