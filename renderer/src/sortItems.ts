import type { Item } from '../../electron/core/archiveApi'
import { formatAuthor } from '../../electron/core/cslItem'

export type SortKey = 'title' | 'author' | 'issued' | 'container' | 'addedAt' | 'trashedAt'

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })

function sortValue(item: Item, key: SortKey): string {
  switch (key) {
    case 'title':
      return item.csl.title ?? ''
    case 'author':
      return item.csl.author?.map(formatAuthor).join('; ') ?? ''
    case 'issued':
      return (item.csl.issued?.['date-parts']?.[0] ?? []).map((part) => String(part).padStart(4, '0')).join('-')
    case 'container':
      return item.csl['container-title'] ?? ''
    case 'addedAt':
      return item.addedAt
    case 'trashedAt':
      return item.trashedAt ?? ''
  }
}

/** Orders two items by a column; items without a value go last whichever the direction. */
export function compareItems(a: Item, b: Item, key: SortKey, direction: 1 | -1): number {
  const left = sortValue(a, key)
  const right = sortValue(b, key)
  if (!left || !right) return left ? -1 : right ? 1 : 0
  return direction * collator.compare(left, right) || collator.compare(a.csl.title ?? '', b.csl.title ?? '')
}
