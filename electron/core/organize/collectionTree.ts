import { ArchiveError } from '../archiveError'

/**
 * One collection as collections.json keeps it. A deleted one stays as a tombstone (deletedAt), so
 * that a sync tool's older copy of the file cannot bring it back when the two are merged.
 */
export interface CollectionRecord {
  id: string
  name: string
  parentId: string | null
  modifiedAt: string
  deletedAt?: string
}

export const MAX_COLLECTION_NAME = 200

export function liveCollections(records: readonly CollectionRecord[]): CollectionRecord[] {
  return records.filter((record) => !record.deletedAt)
}

/** The collection and every collection nested in it, at any depth. */
export function withDescendants(records: readonly CollectionRecord[], id: string): string[] {
  const children = new Map<string, string[]>()
  for (const record of liveCollections(records)) {
    if (record.parentId === null) continue
    children.set(record.parentId, [...(children.get(record.parentId) ?? []), record.id])
  }
  const found = [id]
  for (let index = 0; index < found.length; index++) found.push(...(children.get(found[index]) ?? []))
  return found
}

/** "Parent/Child", as the CLI and error sentences name a collection. */
export function collectionPath(records: readonly CollectionRecord[], record: CollectionRecord): string {
  const byId = new Map(records.map((each) => [each.id, each]))
  const names = [record.name]
  const seen = new Set([record.id])
  for (let parent = record.parentId && byId.get(record.parentId); parent && !seen.has(parent.id); parent = parent.parentId && byId.get(parent.parentId)) {
    seen.add(parent.id)
    names.unshift(parent.name)
  }
  return names.join('/')
}

const sameName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0

/**
 * The collection a user names: by its name, or by its path ("Thesis/Chapter 2") where several share
 * the name. Case does not matter; accents do.
 */
export function findCollection(records: readonly CollectionRecord[], name: string): CollectionRecord {
  const live = liveCollections(records)
  const wanted = name.trim()
  const named = live.filter((record) => sameName(record.name, wanted))
  if (named.length === 1) return named[0]
  const byPath = live.filter((record) => sameName(collectionPath(records, record), wanted))
  if (byPath.length === 1) return byPath[0]
  if (named.length > 1) {
    const paths = named.map((record) => collectionPath(records, record))
    throw new ArchiveError('invalid_argument', `Several collections are named "${wanted}" (${paths.join(', ')}); name one by its path, as "${paths[0]}".`)
  }
  throw new ArchiveError('not_found', `There is no collection named "${wanted}".`)
}

/** A name as it may be stored; refused in a sentence otherwise. */
export function checkCollectionName(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, ' ')
  if (!trimmed) throw new ArchiveError('invalid_argument', 'A collection needs a name.')
  // The slash separates the names of a path ("Thesis/Chapter 2").
  if (trimmed.includes('/')) throw new ArchiveError('invalid_argument', `A collection name cannot contain "/", which separates the names in a path: "${trimmed}".`)
  if (trimmed.length > MAX_COLLECTION_NAME) throw new ArchiveError('invalid_argument', `A collection name can be at most ${MAX_COLLECTION_NAME} characters long.`)
  return trimmed
}

/** Refuses a sibling of the same name, so each collection has a path of its own. */
export function checkNameFree(records: readonly CollectionRecord[], name: string, parentId: string | null, except?: string): void {
  const clash = liveCollections(records).find((record) => record.parentId === parentId && record.id !== except && sameName(record.name, name))
  if (clash) throw new ArchiveError('invalid_argument', `There is already a collection named "${collectionPath(records, clash)}".`)
}

/** Parents before their children, siblings by name: the order of the sidebar and of `collection list`. */
export function collectionsInTreeOrder(records: readonly CollectionRecord[]): CollectionRecord[] {
  const live = liveCollections(records)
  const ids = new Set(live.map((record) => record.id))
  const byName = (a: CollectionRecord, b: CollectionRecord) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true })
  const ordered: CollectionRecord[] = []
  const placed = new Set<string>()
  const visit = (parentId: string | null) => {
    for (const record of live.filter((each) => each.parentId === parentId).sort(byName)) {
      if (placed.has(record.id)) continue
      placed.add(record.id)
      ordered.push(record)
      visit(record.id)
    }
  }
  visit(null)
  // A collection whose parent is gone (deleted on another machine) shows at the top rather than not at all.
  for (const record of live.filter((each) => !placed.has(each.id) && (each.parentId === null || !ids.has(each.parentId))).sort(byName)) {
    placed.add(record.id)
    ordered.push({ ...record, parentId: null })
    visit(record.id)
  }
  return ordered
}

/** Whether an entry of collections.json (hand-edited, synced) has the shape of a record. */
export function isCollectionRecord(value: unknown): value is CollectionRecord {
  const record = value as Partial<CollectionRecord> | null
  return (
    !!record &&
    typeof record === 'object' &&
    typeof record.id === 'string' &&
    /^[A-Za-z0-9_-]{1,64}$/.test(record.id) &&
    typeof record.name === 'string' &&
    (record.parentId === null || typeof record.parentId === 'string') &&
    typeof record.modifiedAt === 'string' &&
    (record.deletedAt === undefined || typeof record.deletedAt === 'string')
  )
}
