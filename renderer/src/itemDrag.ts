/** The drag type of library rows, so a drop on a collection is told apart from files and links. */
export const ITEM_DRAG_TYPE = 'application/x-scriptorium-items'
export const COLLECTION_DRAG_TYPE = 'application/x-scriptorium-collection'

export function carries(event: DragEvent, type: string): boolean {
  return event.dataTransfer?.types.includes(type) ?? false
}

/** The item ids a drop carries; [] for anything else. */
export function droppedItemIds(event: DragEvent): string[] {
  try {
    const ids = JSON.parse(event.dataTransfer?.getData(ITEM_DRAG_TYPE) || '[]') as unknown
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : []
  } catch {
    return []
  }
}
