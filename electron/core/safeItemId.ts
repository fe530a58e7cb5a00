/**
 * An item id as it may name a folder: letters, digits, "-" and "_", nothing that a path could climb
 * out of the library with. Ids come from files too (a synced or downloaded library), so every one is
 * checked before it becomes part of a path.
 */
export function isSafeItemId(id: unknown): id is string {
  return typeof id === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(id)
}
