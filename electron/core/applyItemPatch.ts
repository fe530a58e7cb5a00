import type { Item, ItemPatch } from './archiveApi'
import { ArchiveError } from './archiveError'
import { CSL_TYPES, parsePartialDate } from './cslItem'
import { parseDoi } from './references/resolveDoi'

export const MAX_TITLE_LENGTH = 2000

// What biber accepts in a key (anything but white space, control characters and the characters that
// delimit BibTeX syntax); pandoc reads all of these with @{key} in Markdown.
export const CITEKEY = /^[^\s\p{Cc},{}()"#%'=\\~]+$/u

/**
 * Applies a metadata edit; an empty string (or an empty list) clears the field. `citekeyTaken`
 * says whether another item already holds a key.
 */
export function applyItemPatch(item: Item, patch: ItemPatch, citekeyTaken: (key: string) => boolean = () => false): void {
  if (patch.citekey !== undefined && patch.citekey.trim() !== item.citekey) {
    const key = patch.citekey.trim()
    if (!CITEKEY.test(key)) {
      throw new ArchiveError('invalid_argument', `"${patch.citekey}" cannot be a citation key: biber refuses white space and the characters , { } ( ) " # % ' = \\ ~ in a key.`)
    }
    if (citekeyTaken(key)) throw new ArchiveError('invalid_argument', `The citation key "${key}" belongs to another item already.`)
    item.citekey = key
  }
  const csl = item.csl
  const set = (field: string, value: string | undefined) => {
    if (value === undefined) return
    if (value.trim()) csl[field] = value.trim()
    else delete csl[field]
  }
  if (patch.title !== undefined) {
    if (!patch.title.trim()) throw new ArchiveError('invalid_argument', 'The title cannot be empty.')
    if (csl.title !== patch.title.trim()) delete (csl.custom as Record<string, unknown> | undefined)?.['title-sentence-case']
    csl.title = patch.title.trim()
    delete item.titleInferred
  }
  for (const role of ['author', 'editor', 'translator'] as const) {
    const names = patch[role]
    if (names === undefined) continue
    const kept = names
      .map((name) => Object.fromEntries(Object.entries(name).map(([key, value]) => [key, value?.trim()]).filter(([, value]) => value)))
      .filter((name) => Object.keys(name).length > 0)
    if (kept.length) csl[role] = kept
    else delete csl[role]
  }
  if (patch.issued !== undefined) {
    if (!patch.issued.trim()) delete csl.issued
    else {
      const issued = parsePartialDate(patch.issued)
      if (!issued) {
        throw new ArchiveError('invalid_argument', `The date "${patch.issued}" is not a real date of the form YYYY, YYYY-MM or YYYY-MM-DD.`)
      }
      csl.issued = issued
    }
  }
  if (patch.containerTitle !== undefined && csl['container-title'] !== patch.containerTitle.trim()) delete (csl.custom as Record<string, unknown> | undefined)?.['container-title-sentence-case']
  set('container-title', patch.containerTitle)
  if (patch.URL !== undefined && patch.URL.trim() && !isWebUrl(patch.URL.trim())) {
    throw new ArchiveError('invalid_argument', `The URL "${patch.URL}" is not an http or https address.`)
  }
  set('URL', patch.URL)
  if (patch.type !== undefined) {
    if (!(CSL_TYPES as readonly string[]).includes(patch.type)) {
      throw new ArchiveError('invalid_argument', `"${patch.type}" is not a CSL item type.`)
    }
    csl.type = patch.type
  }
  if (patch.language !== undefined) {
    const language = patch.language.trim() && canonicalLanguage(patch.language)
    if (language === undefined) {
      throw new ArchiveError('invalid_argument', `"${patch.language}" is not a language code such as "nl" or "en-GB".`)
    }
    set('language', language)
  }
  if (patch.DOI !== undefined) {
    const doi = patch.DOI.trim() && parseDoi(patch.DOI)
    if (doi === undefined) throw new ArchiveError('invalid_argument', `"${patch.DOI.trim()}" is not a DOI; a DOI looks like 10.1000/xyz.`)
    set('DOI', doi)
  }
  set('volume', patch.volume)
  set('issue', patch.issue)
  set('page', patch.page)
  set('publisher', patch.publisher)
  if (patch.tags !== undefined) item.tags = [...new Set(patch.tags.map((tag) => tag.trim()).filter(Boolean))]
}

/** "en-gb" becomes "en-GB", as BCP 47 writes it; undefined for anything but an ISO 639 code with subtags. */
export function canonicalLanguage(code: string): string | undefined {
  // BCP 47 would take "Dutch" as a (reserved) language subtag; CSL processors would not.
  if (!/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(code.trim())) return undefined
  try {
    return Intl.getCanonicalLocales(code.trim())[0]
  } catch {
    return undefined
  }
}

export function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}
