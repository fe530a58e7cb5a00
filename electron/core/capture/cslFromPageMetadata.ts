import type { CslItem, CslName, CslType } from '../cslItem'
import { canonicalLanguage, isWebUrl, MAX_TITLE_LENGTH } from '../applyItemPatch'
import { parseLooseDate } from './parseLooseDate'
import { parsePersonName } from './parsePersonName'
import { normaliseDoi, type PageFields, type PageMetadata } from './readPageMetadata'
import { stripSiteName } from './stripSiteName'

export interface ReadabilityFacts {
  title?: string
  byline?: string
  siteName?: string
  lang?: string
  publishedTime?: string
}

/**
 * The page's metadata as CSL-JSON, each field from the most trusted source that has it:
 * citation_* tags, JSON-LD, Dublin Core, Open Graph and article:*, <html lang>, then the byline.
 */
export function cslFromPageMetadata(meta: PageMetadata, readability: ReadabilityFacts, pageUrl: string | undefined): Partial<CslItem> {
  const sources: PageFields[] = [meta.citation, meta.jsonLd, meta.dublinCore, meta.openGraph]
  const pick = <K extends keyof PageFields>(field: K): PageFields[K] | undefined => {
    for (const source of sources) {
      const value = source[field]
      if (Array.isArray(value) ? value.length : value) return value
    }
    return undefined
  }

  const csl: Partial<CslItem> = {}
  const kind = pick('kind')
  csl.type = cslType(kind, meta)

  const container = pick('containerTitle') ?? meta.siteName ?? readability.siteName
  if (container) csl['container-title'] = container

  const declaredTitle = pick('title')
  const rawTitle = declaredTitle ?? meta.documentTitle ?? readability.title
  if (rawTitle) {
    let title = stripSiteName(rawTitle, [meta.siteName, container, readability.siteName])
    // A <title> alone nearly always ends in the site's name, even where no tag names the site.
    if (!declaredTitle && title === rawTitle.trim()) title = title.replace(/\s+[|–—-]\s+[^|–—]{1,40}$/, '') || title
    csl.title = title.slice(0, MAX_TITLE_LENGTH)
  }

  const authors = authorsOf(sources, readability.byline)
  if (authors.length) csl.author = authors

  const issued = parseLooseDate(pick('issued')) ?? parseLooseDate(readability.publishedTime)
  if (issued) csl.issued = issued

  for (const [field, key] of [['volume', 'volume'], ['issue', 'issue']] as const) {
    const value = pick(key)
    if (value) csl[field] = value
  }
  const first = pick('firstPage')
  const last = pick('lastPage')
  if (first) csl.page = last && last !== first ? `${first}–${last}` : first

  const doi = normaliseDoi(pick('doi'))
  if (doi) csl.DOI = doi

  const url = [pageUrl, meta.canonicalUrl, pick('url')].find((candidate) => candidate && isWebUrl(candidate))
  if (url) csl.URL = url

  for (const candidate of [pick('language'), meta.htmlLang, readability.lang]) {
    const language = candidate ? canonicalLanguage(candidate) : undefined
    if (language) {
      csl.language = language
      break
    }
  }
  return csl
}

function cslType(kind: PageFields['kind'], meta: PageMetadata): CslType {
  if (kind === 'journal') return 'article-journal'
  if (kind === 'news') return 'article-newspaper'
  if (kind === 'blog' || (meta.blogEngine && kind === 'article')) return 'post-weblog'
  // An Open Graph article with a publication time, on a site that is no blog, is a news article.
  if (kind === 'article' && (meta.openGraph.issued || meta.jsonLd.issued)) return meta.blogEngine ? 'post-weblog' : 'article-newspaper'
  return 'webpage'
}

/** Authors of the most trusted source that names any, else the byline. */
function authorsOf(sources: PageFields[], byline: string | undefined): CslName[] {
  for (const source of sources) {
    const people = (source.authors ?? []).map(parsePersonName).filter((name): name is CslName => Boolean(name))
    const organisations = (source.organisations ?? []).map((literal) => ({ literal }))
    if (people.length || organisations.length) return dedupe([...people, ...organisations])
  }
  if (!byline) return []
  // "Door Jan de Vries en Anna van der Berg", "By A and B": a byline, not a list.
  const names = byline
    .replace(/^\s*(by|door|von|par)\s+/i, '')
    .replace(/[|·•].*$/, '')
    .split(/\s*(?:,|&|\band\b|\ben\b|\bund\b|\bet\b)\s*/i)
    .map((name) => parsePersonName(name))
    .filter((name): name is CslName => Boolean(name))
  return dedupe(names)
}

function dedupe(names: CslName[]): CslName[] {
  const seen = new Set<string>()
  return names.filter((name) => {
    const key = JSON.stringify(name)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
