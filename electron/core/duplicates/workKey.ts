import type { CslItem } from '../cslItem'
import { foldForSearch } from '../search/foldForSearch'

/**
 * What makes two references the same work when neither has a DOI: the title, the year and the first
 * author, compared without case, accents, punctuation or spacing. Null when any of the three is missing,
 * since a title alone ("Introduction") repeats too often to mean anything.
 */
export function workKeyOf(csl: Partial<CslItem>): string | null {
  const title = typeof csl.title === 'string' ? squeeze(csl.title) : ''
  const year = csl.issued?.['date-parts']?.[0]?.[0]
  const first = Array.isArray(csl.author) ? csl.author[0] : undefined
  const name = first && typeof first === 'object' ? squeeze(String(first.family ?? first.literal ?? '')) : ''
  if (!title || !name || (typeof year !== 'number' && typeof year !== 'string') || !String(year).trim()) return null
  return `${title}|${String(year).trim()}|${name}`
}

function squeeze(text: string): string {
  return foldForSearch(text).replace(/[^\p{L}\p{N}]+/gu, '')
}
