import type { Item, ItemPatch } from './archiveApi'
import { formatPartialDate } from './cslItem'

const text = (value: unknown) => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value))

/**
 * The edit that puts back what `patch` changed on `before`: each field the patch names, as it was
 * (an empty string or list where it was absent, which clears it). Undo sends it as an ordinary edit.
 */
export function inverseItemPatch(before: Item, patch: ItemPatch): ItemPatch {
  const csl = before.csl
  const inverse: ItemPatch = {}
  const names = (role: 'author' | 'editor' | 'translator') => (Array.isArray(csl[role]) ? structuredClone(csl[role] as NonNullable<ItemPatch['author']>) : [])
  for (const key of Object.keys(patch) as (keyof ItemPatch)[]) {
    if (patch[key] === undefined) continue
    switch (key) {
      case 'title': inverse.title = text(csl.title); break
      case 'author': case 'editor': case 'translator': inverse[key] = names(key); break
      case 'issued': inverse.issued = formatPartialDate(csl.issued); break
      case 'containerTitle': inverse.containerTitle = text(csl['container-title']); break
      case 'type': inverse.type = csl.type; break
      case 'tags': inverse.tags = [...before.tags]; break
      case 'citekey': inverse.citekey = before.citekey; break
      case 'URL': case 'DOI': case 'language': case 'volume': case 'issue': case 'page': case 'publisher': inverse[key] = text(csl[key]); break
    }
  }
  return inverse
}
