import { readdir } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * What a change leaves behind when it was interrupted and not yet cleaned: intent files, undo journals, folders
 * written ahead of a change (items/*.tmp), item folders without a record, and temp files. Each is
 * named by its path inside the library; an empty list means none.
 */
export async function libraryLeftovers(library: string): Promise<string[]> {
  const found: string[] = []
  const local = join(library, '.local')
  for (const device of await readdir(local).catch(() => [] as string[])) {
    for (const folder of ['intents', 'undo']) {
      for (const name of await readdir(join(local, device, folder)).catch(() => [] as string[])) found.push(`.local/${device}/${folder}/${name}`)
    }
  }
  for (const name of await readdir(join(library, 'items')).catch(() => [] as string[])) {
    if (name.endsWith('.tmp')) {
      found.push(`items/${name}`)
      continue
    }
    const files = await readdir(join(library, 'items', name)).catch(() => null)
    if (!files) continue
    if (!files.includes('item.json')) found.push(`items/${name} (no item.json)`)
    for (const file of files.filter((file) => file.endsWith('.tmp'))) found.push(`items/${name}/${file}`)
  }
  for (const name of (await readdir(library).catch(() => [] as string[])).filter((name) => name.endsWith('.tmp'))) found.push(name)
  return found
}
