import type { Item, ItemSource } from './archiveApi'
import type { CslItem } from './cslItem'
import { detectLanguage } from './detectLanguage'

/** What an importer knows of a new item beyond its metadata and source. */
export type NewItemFields = Omit<Item, 'id' | 'citekey' | 'csl' | 'source' | 'tags' | 'addedAt' | 'modifiedAt' | 'trashedAt'> & { tags?: string[] }

/**
 * An item as an importer makes it: added and modified at `stamp`, outside the trash, its language
 * detected from its text when the metadata names none (the text is asked for only then). Its id and
 * citekey stay empty, to be chosen against the catalog under the write lock.
 */
export function newItem(csl: CslItem, source: ItemSource, stamp: Date, text: () => string, { tags = [], ...fields }: NewItemFields): Item {
  if (!csl.language) {
    const language = detectLanguage(text())
    if (language) csl.language = language
    else delete csl.language
  }
  const at = stamp.toISOString()
  return { id: '', citekey: '', csl, tags, addedAt: at, modifiedAt: at, trashedAt: null, source, ...fields }
}

/** CSL's accessed date of a page read from the web at `stamp`. */
export function accessedOn(stamp: Date): CslItem['accessed'] {
  return { 'date-parts': [[stamp.getUTCFullYear(), stamp.getUTCMonth() + 1, stamp.getUTCDate()]] }
}
