/** One saved search as searches.json keeps it; a deleted one stays as a tombstone, as collections do. */
export interface SavedSearchRecord {
  id: string
  name: string
  query: string
  modifiedAt: string
  deletedAt?: string
}

export function isSavedSearchRecord(value: unknown): value is SavedSearchRecord {
  const record = value as Partial<SavedSearchRecord> | null
  return (
    !!record &&
    typeof record === 'object' &&
    typeof record.id === 'string' &&
    typeof record.name === 'string' &&
    typeof record.query === 'string' &&
    typeof record.modifiedAt === 'string' &&
    (record.deletedAt === undefined || typeof record.deletedAt === 'string')
  )
}
