import type { Item } from '../../core/archiveApi'
import { describeCslProblem } from '../../core/references/checkCslEntry'
import { isSafeItemId } from '../../core/safeItemId'
import { emptyChangeState, readChangeState, type ChangeState } from '../../core/sync/changeStamps'

export const ITEM_RECORD_FORMAT = 'scriptorium-item'
export const ITEM_RECORD_VERSION = 2

/**
 * items/<id>/item.json: one item's metadata, readable without the app. `revision` counts the
 * writes of this record, so a writer can tell that the file changed under it (a sync tool, a
 * co-author) since it was read. `changes` stamps each field and tag with the device, write and time
 * that last changed it, so two copies a sync tool could not reconcile merge field by field (see
 * core/sync). A record without it (written before) counts every field as changed at `modifiedAt`.
 */
export interface ItemRecord {
  format: typeof ITEM_RECORD_FORMAT
  schemaVersion: number
  revision: number
  item: Item
  changes?: ChangeState
}

export function itemRecord(item: Item, revision: number, changes: ChangeState = emptyChangeState()): ItemRecord {
  return { format: ITEM_RECORD_FORMAT, schemaVersion: ITEM_RECORD_VERSION, revision, item, changes }
}

/** The item a record holds, or the reason it cannot be used, in words. */
export function readItemRecord(parsed: unknown, folderId: string): { item: Item; revision: number; changes: ChangeState } | { problem: string } {
  const record = parsed as Partial<ItemRecord> | null
  if (!record || typeof record !== 'object' || record.format !== ITEM_RECORD_FORMAT) return { problem: 'it is not a Scriptorium item record' }
  if (typeof record.schemaVersion !== 'number' || record.schemaVersion > ITEM_RECORD_VERSION) return { problem: `it was written by a newer Scriptorium (schema ${record.schemaVersion})` }
  if (!isItemShaped(record.item)) return { problem: 'its item is malformed' }
  if (record.item.id !== folderId) return { problem: `it names the item "${String(record.item.id).slice(0, 80)}", not its folder's "${folderId}"` }
  // A hand edit or a sync tool can leave a field that lists, search and citations cannot read.
  const cslProblem = describeCslProblem(record.item.csl)
  if (cslProblem) return { problem: cslProblem }
  return { item: record.item, revision: typeof record.revision === 'number' ? record.revision : 0, changes: readChangeState(record.changes) }
}

export function isItemShaped(item: unknown): item is Item {
  const candidate = item as Partial<Item> | null
  return (
    !!candidate &&
    typeof candidate === 'object' &&
    isSafeItemId(candidate.id) &&
    typeof candidate.citekey === 'string' &&
    !!candidate.csl &&
    typeof candidate.csl === 'object' &&
    Array.isArray(candidate.tags) &&
    typeof candidate.addedAt === 'string' &&
    typeof candidate.modifiedAt === 'string' &&
    !!candidate.source &&
    typeof candidate.source === 'object'
  )
}
