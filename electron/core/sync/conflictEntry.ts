/** conflicts/<name>.json: a version a merge of conflict copies could not keep whole, until the user keeps or dismisses it. */
export interface ConflictEntry {
  format: 'scriptorium-conflict'
  /** The item it belongs to; null for a library-wide record (settings.json, collections.json). */
  itemId: string | null
  file: string
  /** What the merge left out of this version: field names (`csl.title`, `tags[x]`), annotation ids or setting names. */
  keys: string[]
  savedAt: string
  /** The conflict copy it came from, or "this device" when the copy's change won. */
  from: string
  /** The device that merged it. */
  device: string
  /** What the user is shown: the item's title in this version. */
  title: string
  version: unknown
}

/** One entry as the app lists it. */
export interface ConflictSummary {
  id: string
  itemId: string | null
  file: string
  title: string
  savedAt: string
  from: string
  /** One line per field left out: its name, and the value this version had. */
  differences: { key: string; value: string }[]
}
