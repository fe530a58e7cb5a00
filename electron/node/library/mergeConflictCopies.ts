import { existsSync } from 'node:fs'
import { mkdir, readdir, rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { readAnnotationFile } from '../../core/annotations/readAnnotationFile'
import { annotationFileName, isItemRecordFile } from '../../core/sync/annotationFileName'
import { readConflictCopyName } from '../../core/sync/conflictCopyName'
import { lostAnnotationConflict, type LostAnnotation } from '../../core/sync/foldAnnotationFiles'
import { mergeItemRecords, type StampedAnnotationFile } from '../../core/sync/mergeRecords'
import { mergeSharedRecords } from '../../core/sync/mergeSharedRecords'
import type { ConflictEntry } from '../../core/sync/conflictEntry'
import { ownAnnotationPath, ownAnnotationText, readItemAnnotations } from './annotationFiles'
import { itemRecord, readItemRecord } from './itemRecord'
import { readPlainBytesOrNull } from './readPlainFileSync'
import { isSettled } from './settledConflicts'
import type { LibraryLayout } from './libraryLayout'
import { writeFileDurably } from './writeFileDurably'
import { readPlainFile } from './readPlainFile'
import { refuseLinkOnTheWay } from './foldersWithoutLinks'

/** Files of ours a sync tool may leave conflict copies of, in an item's folder and at the library's top. */
const SHARED_FILES = new Set(['settings.json', 'collections.json', 'searches.json'])
const isSharedFile = (name: string) => SHARED_FILES.has(name)

export interface MergeOutcome {
  /** Conflict copies merged and removed. */
  merged: number
  /** Versions the merge could not keep whole, saved in conflicts/. */
  kept: number
  /** The files it wrote, relative to the library ('/'-separated): the store logs them for other machines. */
  written: string[]
}

/** Merges every conflict copy in one item's folder into its file, then removes the copy. */
export async function mergeItemConflicts(layout: LibraryLayout, id: string): Promise<MergeOutcome> {
  const folder = layout.itemFolder(id)
  const outcome: MergeOutcome = { merged: 0, kept: 0, written: [] }
  for (const { name, original } of await conflictCopiesIn(folder, isItemRecordFile)) {
    const copyPath = join(folder, name)
    const mainPath = join(folder, original)
    const copyText = plainTextOrNull(copyPath)
    if (copyText === null) continue
    // Whichever device's annotation file it copies (two machines under one device id, an older
    // version's annotations.json), it is folded into this device's own file: no other is written.
    if (original !== 'item.json') {
      const kept = await mergeAnnotationCopy(layout, id, copyPath, copyText)
      if (kept === 'unreadable') continue
      outcome.written.push(`items/${id}/${annotationFileName(layout.device)}`)
      outcome.kept += kept
      await unlink(copyPath).catch(() => {})
      outcome.merged++
      continue
    }
    const mainText = plainTextOrNull(mainPath)
    // The file itself is gone (deleted on one side while the other changed it): the copy comes back, nothing lost.
    if (mainText === null) {
      // There but unreadable (a FIFO, over the size limit): both wait, as a damaged copy does.
      if (existsSync(mainPath)) continue
      await rename(copyPath, mainPath)
      outcome.merged++
      outcome.written.push(`items/${id}/${original}`)
      continue
    }
    const kept = await mergeItemJson(layout, id, mainPath, mainText, copyText)
    if (kept === 'unreadable') continue
    outcome.written.push(`items/${id}/${original}`)
    outcome.kept += kept
    await unlink(copyPath).catch(() => {})
    outcome.merged++
  }
  return outcome
}

/**
 * A conflict copy or the file it copies, or null when it cannot be read: a copy that is a FIFO or
 * over the size limit stays where it is, unmerged, and never holds a thread of the pool.
 */
function plainTextOrNull(path: string): string | null {
  return readPlainBytesOrNull(path)?.toString('utf8') ?? null
}

/** settings.json and collections.json: merged key by key; a key both copies hold differently keeps the library's, and the copy's goes to conflicts/. */
export async function mergeSharedConflicts(layout: LibraryLayout, now: string): Promise<MergeOutcome> {
  const outcome: MergeOutcome = { merged: 0, kept: 0, written: [] }
  for (const { name, original } of await conflictCopiesIn(layout.location, isSharedFile)) {
    const copyPath = join(layout.location, name)
    const mainPath = join(layout.location, original)
    const copy = parseJson(plainTextOrNull(copyPath) ?? '')
    const mainText = plainTextOrNull(mainPath)
    if (mainText === null && existsSync(mainPath)) continue
    const main = parseJson(mainText ?? '{}')
    if (!isObject(copy) || !isObject(main)) continue
    const { merged, clashes } = mergeSharedRecords(main, copy)
    await writeFileDurably(mainPath, `${JSON.stringify(merged, null, 2)}\n`)
    outcome.written.push(original)
    if (clashes.length) {
      if (await keepConflict(layout, { itemId: null, file: original, keys: clashes, savedAt: now, from: name, title: original, version: copy })) outcome.kept++
    }
    await unlink(copyPath).catch(() => {})
    outcome.merged++
  }
  return outcome
}

async function mergeItemJson(layout: LibraryLayout, id: string, mainPath: string, mainText: string, copyText: string): Promise<number | 'unreadable'> {
  const main = readItemRecord(parseJson(mainText), id)
  const copy = readItemRecord(parseJson(copyText), id)
  // A copy that is not a record of this item cannot be merged; it stays where it is, and the item is set aside as usual if its own file is the bad one.
  if ('problem' in copy) return 'unreadable'
  // A record of a newer Scriptorium is not ours to judge: both stay as they are.
  if ('problem' in main && /newer/i.test(main.problem)) return 'unreadable'
  if ('problem' in main) {
    await writeFileDurably(mainPath, copyText)
    return 0
  }
  const { merged, clashes } = mergeItemRecords(main, copy)
  await writeFileDurably(mainPath, `${JSON.stringify(itemRecord(merged.item, merged.revision, merged.changes), null, 2)}\n`)
  const kept = new Map<'main' | 'copy', string[]>()
  for (const { key, loser } of clashes) kept.set(loser, [...(kept.get(loser) ?? []), key])
  let saved = 0
  for (const [loser, keys] of kept) {
    const version = loser === 'main' ? main : copy
    const stamps = keys.map((key) => version.changes.changes[key]).filter((stamp) => stamp !== undefined)
    const latest = stamps.sort((x, y) => (x.at < y.at ? 1 : -1))[0]
    if (await keepConflict(layout, { itemId: id, file: 'item.json', keys, savedAt: latest?.at ?? version.item.modifiedAt, from: latest?.by || 'another machine', title: String(version.item.csl.title ?? id), version: itemRecord(version.item, version.revision, version.changes) })) saved++
  }
  return saved
}

/** A conflict copy of an annotation file: folded with every device's file into this device's own, each lost version kept in conflicts/. */
async function mergeAnnotationCopy(layout: LibraryLayout, id: string, copyPath: string, copyText: string): Promise<number | 'unreadable'> {
  let copy: StampedAnnotationFile
  try {
    copy = readAnnotationFile(copyText, copyPath) as StampedAnnotationFile
  } catch {
    return 'unreadable'
  }
  const folder = layout.itemFolder(id)
  // A damaged (or newer) file of the item: the copy waits beside it until check --repair has mended it.
  const read = await readItemAnnotations(folder, layout.device, [copy]).catch(() => null)
  if (!read) return 'unreadable'
  const kept = await keepLostAnnotations(layout, id, read.lost)
  await writeFileDurably(ownAnnotationPath(folder, layout.device), ownAnnotationText(read.merged, read.ownSetAside))
  return kept
}

/** Keeps in conflicts/ each version of a highlight or note that lost a clash (but one the user settled); answers how many. */
export async function keepLostAnnotations(layout: LibraryLayout, id: string, lost: LostAnnotation[]): Promise<number> {
  let kept = 0
  for (const version of lost) if (await keepConflict(layout, lostAnnotationConflict(id, version))) kept++
  return kept
}

/**
 * Saves a version the merge left out, as conflicts/<item>.<file>.<digest>.json, for the user to keep or
 * dismiss. The sync tool hands the same conflict copy to every machine, and each merges it: the name
 * and the text depend only on what was left out, so they all write the same file, once. A version
 * the user already kept or dismissed (on any machine) is not kept again: null.
 */
export async function keepConflict(layout: LibraryLayout, entry: Omit<ConflictEntry, 'format'>): Promise<string | null> {
  const digest = createHash('sha256').update(JSON.stringify([entry.itemId, entry.file, entry.keys, entry.from, entry.savedAt])).digest('hex').slice(0, 16)
  const name = `${entry.itemId ?? 'library'}.${entry.file.replace(/\.json$/, '')}.${digest}.json`
  if (await isSettled(layout, name)) return null
  refuseLinkOnTheWay(layout.location, layout.conflicts)
  await mkdir(layout.conflicts, { recursive: true })
  const path = join(layout.conflicts, name)
  if ((await readPlainFile(path).catch(() => null)) !== null) return name
  const full: ConflictEntry = { format: 'scriptorium-conflict', ...entry }
  await writeFileDurably(path, `${JSON.stringify(full, null, 2)}\n`)
  return name
}

/** Two machines that saved the same kept version (or settled it) can still leave a conflict copy of it: one is enough. */
export async function tidyConflictsFolder(layout: LibraryLayout): Promise<number> {
  let removed = 0
  for (const folder of [layout.conflicts, layout.settledConflicts]) {
    const names = await readdir(folder).catch(() => [] as string[])
    for (const name of names) {
      const copy = readConflictCopyName(name)
      if (copy && names.includes(copy.original)) {
        await unlink(join(folder, name)).catch(() => {})
        removed++
      }
    }
  }
  return removed
}

async function conflictCopiesIn(folder: string, isOurs: (name: string) => boolean): Promise<{ name: string; original: string }[]> {
  const names = await readdir(folder).catch(() => [] as string[])
  const copies: { name: string; original: string }[] = []
  for (const name of names) {
    const copy = readConflictCopyName(name)
    if (copy && isOurs(copy.original)) copies.push({ name, original: copy.original })
  }
  return copies.sort((x, y) => (x.name < y.name ? -1 : 1))
}

/** Whether a folder holds a conflict copy of one of ours: cheap enough to ask of every item at a scan. */
export async function hasConflictCopies(folder: string): Promise<boolean> {
  return (await conflictCopiesIn(folder, isItemRecordFile)).length > 0
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value)
}
