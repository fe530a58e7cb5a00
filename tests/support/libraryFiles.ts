import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Item } from '../../electron/core/archiveApi'

/** The items of a library as its record files on disk hold them (items/<id>/item.json), read without the app. */
export async function readItemRecords(library: string): Promise<Item[]> {
  const folders = await readdir(join(library, 'items')).catch(() => [] as string[])
  const items: Item[] = []
  for (const id of folders) {
    const text = await readFile(join(library, 'items', id, 'item.json'), 'utf8').catch(() => null)
    if (text) items.push(JSON.parse(text).item as Item)
  }
  return items.sort((a, b) => a.addedAt.localeCompare(b.addedAt))
}

/** This machine's catalog database of a library (derived data under .local/<device>/). */
export async function catalogDatabaseOf(library: string): Promise<string> {
  const [device] = await readdir(join(library, '.local'))
  return join(library, '.local', device, 'catalog.sqlite')
}
