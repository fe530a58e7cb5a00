import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { StoredAnnotation } from '../../electron/core/annotations/annotationModel'
import type { Item } from '../../electron/core/archiveApi'
import { annotationFileName, isAnnotationFileName } from '../../electron/core/sync/annotationFileName'
import { readItemAnnotations } from '../../electron/node/library/annotationFiles'
import { libraryLayout } from '../../electron/node/library/libraryLayout'

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
  const [file] = (await readdir(join(library, '.local', device))).filter((name) => /^catalog-v\d+\.sqlite$/.test(name))
  if (!file) throw new Error(`${library} has no catalog database yet`)
  return join(library, '.local', device, file)
}

/** Writes items straight into the on-disk layout (records and the marker): adding thousands one by one would dominate a test. */
export async function writeItemRecords(library: string, items: Item[]): Promise<void> {
  for (const item of items) {
    await mkdir(join(library, 'items', item.id), { recursive: true })
    await writeFile(join(library, 'items', item.id, 'item.json'), JSON.stringify({ format: 'scriptorium-item', schemaVersion: 2, revision: 1, item }))
  }
  await writeFile(join(library, 'library.json'), JSON.stringify({ format: 'scriptorium-library', schemaVersion: 2 }))
}

/** The annotation file an item gets from this process's device (items/<id>/annotations.<device>.json): the only one it writes. */
export function ownAnnotationsPath(library: string, id: string): string {
  return join(library, 'items', id, annotationFileName(libraryLayout(library).device))
}

/** Each item's record and annotation files (one per device, and a legacy annotations.json), parsed, by item id: two libraries in step hold equal ones. */
export async function itemFilesOf(library: string): Promise<Map<string, { record: unknown; annotations: Record<string, unknown> }>> {
  const items = new Map<string, { record: unknown; annotations: Record<string, unknown> }>()
  for (const id of (await readdir(join(library, 'items'))).sort()) {
    const read = (name: string) => readFile(join(library, 'items', id, name), 'utf8').then(JSON.parse, () => null)
    const annotations: Record<string, unknown> = {}
    for (const name of (await readdir(join(library, 'items', id))).filter(isAnnotationFileName).sort()) annotations[name] = await read(name)
    items.set(id, { record: await read('item.json'), annotations })
  }
  return items
}

/** An item's highlights and notes as its annotation files on disk hold them, folded as Scriptorium reads them (every device's file). */
export async function annotationsOnDisk(library: string, id: string): Promise<StoredAnnotation[]> {
  return (await readItemAnnotations(join(library, 'items', id), libraryLayout(library).device)).merged.annotations
}
