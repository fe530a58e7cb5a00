import { readdir } from 'node:fs/promises'
import { isSafeItemId } from '../../core/safeItemId'
import { isItemRecordFile } from '../../core/sync/annotationFileName'
import { linkOnTheWay } from './foldersWithoutLinks'
import type { LibraryLayout } from './libraryLayout'

/**
 * The small files that are the library's truth, relative to its folder: the shared records at its
 * top (library.json, settings.json, collections and any other .json record), the user's styles, and
 * each item's item.json and annotation files (annotations.json, annotations.<device>.json). Not content.html or source.*: written once and never
 * changed, they are most of the library's size, and a copy a day of each would multiply it.
 */
export async function listRecordFiles(layout: LibraryLayout): Promise<string[]> {
  const files: string[] = []
  // Only names a restore would take back: a sync tool's conflict copy ("settings (Laptop's conflicted
  // copy …).json") is no record, and would make the whole backup refused.
  for (const name of (await entries(layout.location, layout.location)).files) if (isRecordPath(name)) files.push(name)
  for (const name of (await entries(layout.styles, layout.location)).files) if (isRecordPath(`styles/${name}`)) files.push(`styles/${name}`)
  // The versions a sync merge could not keep whole: the only copy of what it left out.
  for (const name of (await entries(layout.conflicts, layout.location)).files) if (isRecordPath(`conflicts/${name}`)) files.push(`conflicts/${name}`)
  // Which of those the user settled: restored without them, a settled version would be offered again.
  for (const name of (await entries(layout.settledConflicts, layout.location)).files) if (isRecordPath(`conflicts/settled/${name}`)) files.push(`conflicts/settled/${name}`)
  for (const id of (await entries(layout.items, layout.location)).folders) {
    if (!isSafeItemId(id)) continue
    // A plain folder, as its entry said (a link is no folder there): not looked at again.
    const inside = (await entries(layout.itemFolder(id), null)).files
    for (const name of inside.filter(isItemRecordName).sort()) files.push(`items/${id}/${name}`)
  }
  return files
}

/** An item's record and every device's annotation file; never a sync tool's conflict copy of one. */
export const isItemRecordName = (name: string): boolean => isItemRecordFile(name)

/** catalog.v1.json is the conversion's own full copy of the old catalog: large, and never changed. A name fits a tar header. */
function isTopLevelRecord(name: string): boolean {
  return name.endsWith('.json') && name !== 'catalog.v1.json' && !name.startsWith('.') && Buffer.byteLength(name) <= 100
}

/**
 * Only paths of these shapes are ever written back from a backup: a manifest is a file like any
 * other, and nothing read from a file may lead a write outside the records of the library.
 */
export function isRecordPath(path: string): boolean {
  const parts = path.split('/')
  if (parts.length === 1) return /^[A-Za-z0-9_-][A-Za-z0-9._-]*\.json$/.test(path) && isTopLevelRecord(path)
  if (parts.length === 2 && parts[0] === 'conflicts') return /^[A-Za-z0-9_-][A-Za-z0-9._-]*\.json$/.test(parts[1]) && Buffer.byteLength(path) <= 100
  if (parts.length === 2) return parts[0] === 'styles' && /^[A-Za-z0-9_-][A-Za-z0-9._-]*\.csl$/.test(parts[1])
  if (parts.length === 3 && parts[0] === 'conflicts') return parts[1] === 'settled' && isRecordPath(`conflicts/${parts[2]}`)
  return parts.length === 3 && parts[0] === 'items' && isSafeItemId(parts[1]) && isItemRecordName(parts[2])
}

/** The plain files and folders in `folder`, none if it or a folder above it inside `location` is a link. */
async function entries(folder: string, location: string | null): Promise<{ files: string[]; folders: string[] }> {
  // A folder a sync tool made a link (styles, conflicts, items) would bring files of the machine into a
  // backup, and a restore would write them into the library. An entry's own type is not followed.
  if (location !== null && linkOnTheWay(location, folder)) return { files: [], folders: [] }
  try {
    const found = await readdir(folder, { withFileTypes: true })
    return { files: found.filter((entry) => entry.isFile()).map((entry) => entry.name), folders: found.filter((entry) => entry.isDirectory()).map((entry) => entry.name) }
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return { files: [], folders: [] }
    throw error
  }
}
