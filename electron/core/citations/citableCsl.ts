import type { Item } from '../archiveApi'
import type { CslItem } from '../cslItem'

const WORDS_IN_SHORT_TITLE = 5

/**
 * The item's CSL-JSON as citeproc formats it, under its citation key.
 * An item without an author is cited by its title, and APA cites "the first few words" of a long
 * one, so a short title is supplied when the user has not given one.
 */
export function citableCsl(item: Item): CslItem {
  const csl: CslItem = { ...exportableCsl(item) }
  // A title read from a .bib is in Title Case; styles expect sentence case and add capitals themselves (as pandoc and Zotero do).
  const custom = csl.custom as Record<string, unknown> | undefined
  const sentence = custom?.['title-sentence-case']
  if (typeof sentence === 'string' && sentence) csl.title = sentence
  // So is the title of the book a chapter is in; a journal's name keeps its capitals.
  const container = custom?.['container-title-sentence-case']
  if (typeof container === 'string' && container) csl['container-title'] = container
  // citeproc-js turns straight quotes in a title into the locale's marks (nested ones single) but
  // leaves curly ones as typed; pandoc converts both, and the same .csl must print the same.
  for (const field of ['title', 'title-short', 'container-title'] as const) {
    const value = csl[field]
    if (typeof value === 'string') csl[field] = value.replace(/[\u201c\u201d\u201e]/g, '"')
  }
  if (!csl.author?.length && csl.title && !csl['title-short']) {
    const short = shortTitle(csl.title)
    if (short !== csl.title) csl['title-short'] = short
  }
  return csl
}

/** What exports carry: the stored metadata under the citation key, and the tags as keywords. */
export function exportableCsl(item: Item): CslItem {
  const csl: CslItem = { ...structuredClone(item.csl), id: item.citekey, 'citation-key': item.citekey }
  if (item.tags.length && !csl.keyword) csl.keyword = item.tags.join(', ')
  return csl
}

/** "Noord- en Zuid-Korea hebben vrijdag een verbindingsbureau…" becomes "Noord- en Zuid-Korea hebben vrijdag…". */
export function shortTitle(title: string): string {
  const main = title.split(/:\s|\s[\u2013\u2014-]\s/)[0].trim()
  const words = main.split(/\s+/)
  if (words.length <= WORDS_IN_SHORT_TITLE && main !== title.trim()) return main.replace(/[.,;:]+$/, '')
  if (words.length <= WORDS_IN_SHORT_TITLE) return title.trim()
  const kept = words.slice(0, WORDS_IN_SHORT_TITLE)
  // A title cut after "of" or "de" reads as broken; stop at the last word that carries meaning.
  while (kept.length > 2 && /^[\p{Ll}]{1,3}$/u.test(kept[kept.length - 1])) kept.pop()
  return `${kept.join(' ').replace(/[.,;:]+$/, '')}\u2026`
}
