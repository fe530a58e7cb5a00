/** conflicts/<name>.json: a version a merge of conflict copies could not keep whole, until the user keeps or dismisses it. */
export interface ConflictEntry {
  format: 'scriptorium-conflict'
  /** The item it belongs to; null for a library-wide record (settings.json, collections.json). */
  itemId: string | null
  file: string
  /** What the merge left out of this version: field names (`csl.title`, `tags[x]`), annotation ids or setting names. */
  keys: string[]
  /** When this version's left-out change was made. */
  savedAt: string
  /** The device that made it (its change stamp), or the conflict copy's name for a library-wide record. */
  from: string
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
