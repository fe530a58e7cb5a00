import type { Item } from '../archiveApi'
import { formatAuthorNatural } from '../cslItem'
import { ArchiveError } from '../archiveError'
import { normalizeUrl } from './normalizeUrl'

export interface DuplicateKeys {
  url?: string
  doi?: string
  digest?: string
}

/** The item in the library (outside the trash) that a new one would repeat, and why. */
export function findDuplicate(items: Item[], keys: DuplicateKeys): { item: Item; reason: string } | undefined {
  const url = normalizeUrl(keys.url)
  const doi = keys.doi?.trim().toLowerCase()
  for (const item of items) {
    if (item.trashedAt) continue
    if (doi && typeof item.csl.DOI === 'string' && item.csl.DOI.trim().toLowerCase() === doi) return { item, reason: 'the same DOI' }
    if (url && normalizeUrl(item.csl.URL) === url) return { item, reason: 'the same address' }
    if (keys.digest && item.contentDigest === keys.digest) return { item, reason: 'the same text' }
  }
  return undefined
}

/** The refusal every transport shows; the CLI adds how to add it anyway, the UI offers buttons. */
export function duplicateError(name: string, found: { item: Item; reason: string }): ArchiveError {
  const { item, reason } = found
  const by = item.csl.author?.[0] ? ` by ${formatAuthorNatural(item.csl.author[0])}` : ''
  return new ArchiveError('duplicate', `${name} is already in the library as ${item.citekey}, “${item.csl.title ?? 'untitled'}”${by} (${reason}).`, item.id)
}

/**
 * findDuplicate over many new items at once: the library's DOIs and addresses are read once, and
 * each item added meanwhile is remembered, so a file that repeats itself is caught too.
 */
export function createDuplicateIndex(items: Item[]) {
  const byDoi = new Map<string, Item>()
  const byUrl = new Map<string, Item>()
  const remember = (item: Item) => {
    if (item.trashedAt) return
    const doi = typeof item.csl.DOI === 'string' ? item.csl.DOI.trim().toLowerCase() : ''
    const url = normalizeUrl(item.csl.URL)
    if (doi && !byDoi.has(doi)) byDoi.set(doi, item)
    if (url && !byUrl.has(url)) byUrl.set(url, item)
  }
  items.forEach(remember)
  return {
    // The fields come from a file or a client: anything but a string is no DOI or address.
    find(keys: { url?: unknown; doi?: unknown }): { item: Item; reason: string } | undefined {
      const doi = typeof keys.doi === 'string' ? byDoi.get(keys.doi.trim().toLowerCase()) : undefined
      if (doi) return { item: doi, reason: 'the same DOI' }
      const url = typeof keys.url === 'string' ? byUrl.get(normalizeUrl(keys.url) ?? '') : undefined
      return url ? { item: url, reason: 'the same address' } : undefined
    },
    remember,
  }
}
