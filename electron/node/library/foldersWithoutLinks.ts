import { lstatSync, type Stats } from 'node:fs'
import { lstat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { linkRefusal } from './readPlainFileSync'

/** The library's own path parts down to `path`, or null for a path that is not inside it. */
function partsInside(location: string, path: string): string[] | null {
  const parts = relative(location, path).split(sep).filter(Boolean)
  return parts[0] === '..' ? null : parts
}

/**
 * Whether every folder from the library down to `folder` is a real folder or not there yet: a link at
 * any level (a downloaded library's `conflicts` or `items`) could lead a write outside the library.
 */
export async function foldersWithoutLinks(location: string, folder: string): Promise<boolean> {
  const parts = partsInside(location, folder)
  if (!parts) return false
  let path = location
  for (const part of parts) {
    path = join(path, part)
    const info = await lstat(path).catch(() => null)
    if (!info) return true // the rest is made by mkdir, as real folders
    if (!info.isDirectory()) return false
  }
  return true
}

/**
 * The first link on the way from the library down to `path` (that path itself included), or null
 * when there is none: a sync tool can bring a link in place of a folder or file the app then opens
 * or writes in place (the catalog, this device's change log), which would lead it out of the library.
 */
export function linkOnTheWay(location: string, path: string): string | null {
  const parts = partsInside(location, path)
  if (!parts) return path
  let at = location
  for (const part of parts) {
    at = join(at, part)
    let info: Stats
    try {
      info = lstatSync(at)
    } catch {
      return null // not there: made by the app, as a real folder or file
    }
    if (info.isSymbolicLink()) return at
  }
  return null
}

/** Throws the refusal (LINK_IN_LIBRARY, put in words by storageError) of the first link on the way to `path`: for a caller about to write or remove there. */
export function refuseLinkOnTheWay(location: string, path: string): void {
  const link = linkOnTheWay(location, path)
  if (link) throw linkRefusal(link)
}
