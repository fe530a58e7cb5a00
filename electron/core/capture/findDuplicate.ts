import type { Item } from '../archiveApi'
import { formatAuthorNatural } from '../cslItem'
import { ArchiveError } from '../archiveError'
import { normalizeUrl } from './normalizeUrl'

export interface DuplicateKeys {
  url?: string
  doi?: string
  digest?: string
}

/**
 * The keys two items are compared by, normalized: a DOI in lower case, an address as normalizeUrl
 * makes it. The fields come from a file or a client: anything but a string is no DOI or address.
 */
export function duplicateKeysOf(keys: { url?: unknown; doi?: unknown; digest?: unknown }): { url: string | null; doi: string | null; digest: string | null } {
  return {
    url: (typeof keys.url === 'string' && normalizeUrl(keys.url)) || null,
    doi: (typeof keys.doi === 'string' && keys.doi.trim().toLowerCase()) || null,
    digest: (typeof keys.digest === 'string' && keys.digest) || null,
  }
}

/** The keys of an item already in the library. */
export function itemDuplicateKeys(item: Item) {
  return duplicateKeysOf({ url: item.csl.URL, doi: item.csl.DOI, digest: item.contentDigest })
}

/** The refusal every transport shows; the CLI adds how to add it anyway, the UI offers buttons. */
export function duplicateError(name: string, found: { item: Item; reason: string }): ArchiveError {
  const { item, reason } = found
  const by = item.csl.author?.[0] ? ` by ${formatAuthorNatural(item.csl.author[0])}` : ''
  return new ArchiveError('duplicate', `${name} is already in the library as ${item.citekey}, “${item.csl.title ?? 'untitled'}”${by} (${reason}).`, item.id)
}

/**
 * Duplicates within a chunk of new items and against the library: the library is asked by its
 * indexed keys, and each item added meanwhile is remembered, so a file that repeats itself is caught too.
 */
export function createDuplicateIndex(inLibrary: (keys: DuplicateKeys) => { item: Item; reason: string } | undefined) {
  const byDoi = new Map<string, Item>()
  const byUrl = new Map<string, Item>()
  const byDigest = new Map<string, Item>()
  return {
    find(keys: { url?: unknown; doi?: unknown; digest?: string }): { item: Item; reason: string } | undefined {
      const wanted = duplicateKeysOf(keys)
      const doi = wanted.doi ? byDoi.get(wanted.doi) : undefined
      if (doi) return { item: doi, reason: 'the same DOI' }
      const url = wanted.url ? byUrl.get(wanted.url) : undefined
      if (url) return { item: url, reason: 'the same address' }
      const digest = wanted.digest ? byDigest.get(wanted.digest) : undefined
      if (digest) return { item: digest, reason: 'the same text' }
      // The library normalizes the keys as it is asked: they go to it as they came.
      if (!wanted.doi && !wanted.url && !wanted.digest) return undefined
      return inLibrary({ doi: wanted.doi ? (keys.doi as string) : undefined, url: wanted.url ? (keys.url as string) : undefined, digest: wanted.digest ?? undefined })
    },
    remember(item: Item) {
      const { doi, url, digest } = itemDuplicateKeys(item)
      if (doi && !byDoi.has(doi)) byDoi.set(doi, item)
      if (url && !byUrl.has(url)) byUrl.set(url, item)
      if (digest && !byDigest.has(digest)) byDigest.set(digest, item)
    },
  }
}
