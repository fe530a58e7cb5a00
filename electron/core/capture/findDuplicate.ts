import type { Item } from '../archiveApi'
import { formatAuthorNatural } from '../cslItem'
import { ArchiveError } from '../archiveError'
import { normalizeUrl } from './normalizeUrl'
import { workKeyOf } from '../duplicates/workKey'

/**
 * What a new item is compared by, the one rule for every importer: the same DOI, the same address,
 * the same text (a digest of it) or, for a reference, the same title, year and first author (workKeyOf).
 */
export interface DuplicateKeys {
  url?: string
  doi?: string
  digest?: string
  work?: string
}

export type NormalizedKeys = { url: string | null; doi: string | null; digest: string | null; work: string | null }

/**
 * Two DOIs that differ name two works, whatever their titles say (a reply, an erratum, a second
 * edition): only then does the same title, year and first author not make a duplicate.
 */
export function doisConflict(a: string | null, b: string | null): boolean {
  return Boolean(a && b && a !== b)
}

/** Why two items count as one, in the order they are checked. */
export const DUPLICATE_REASONS = { doi: 'the same DOI', url: 'the same address', digest: 'the same text', work: 'the same title, year and first author' } as const

/**
 * The keys two items are compared by, normalized: a DOI in lower case, an address as normalizeUrl
 * makes it. The fields come from a file or a client: anything but a string is no DOI or address.
 */
export function duplicateKeysOf(keys: { url?: unknown; doi?: unknown; digest?: unknown; work?: unknown }): NormalizedKeys {
  return {
    url: (typeof keys.url === 'string' && normalizeUrl(keys.url)) || null,
    doi: (typeof keys.doi === 'string' && keys.doi.trim().toLowerCase()) || null,
    digest: (typeof keys.digest === 'string' && keys.digest) || null,
    work: (typeof keys.work === 'string' && keys.work) || null,
  }
}

/** The keys of an item already in the library. */
export function itemDuplicateKeys(item: Item): NormalizedKeys {
  return duplicateKeysOf({ url: item.csl.URL, doi: item.csl.DOI, digest: item.contentDigest, work: workKeyOf(item.csl) })
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
  const seen = { doi: new Map<string, Item>(), url: new Map<string, Item>(), digest: new Map<string, Item>(), work: new Map<string, Item>() }
  const kinds = Object.keys(DUPLICATE_REASONS) as (keyof NormalizedKeys)[]
  return {
    find(keys: { url?: unknown; doi?: unknown; digest?: string; work?: string | null }): { item: Item; reason: string } | undefined {
      const wanted = duplicateKeysOf(keys)
      for (const kind of kinds) {
        const item = wanted[kind] ? seen[kind].get(wanted[kind]) : undefined
        if (item && !(kind === 'work' && doisConflict(wanted.doi, itemDuplicateKeys(item).doi))) return { item, reason: DUPLICATE_REASONS[kind] }
      }
      // The library normalizes the keys as it is asked: they go to it as they came.
      if (!kinds.some((kind) => wanted[kind])) return undefined
      return inLibrary({ doi: wanted.doi ? (keys.doi as string) : undefined, url: wanted.url ? (keys.url as string) : undefined, digest: wanted.digest ?? undefined, work: wanted.work ?? undefined })
    },
    remember(item: Item) {
      const keys = itemDuplicateKeys(item)
      for (const kind of kinds) if (keys[kind] && !seen[kind].has(keys[kind])) seen[kind].set(keys[kind], item)
    },
  }
}
