import type { CslItem, CslName, CslType } from '../cslItem'
import { canonicalLanguage, isWebUrl, MAX_TITLE_LENGTH } from '../applyItemPatch'
import { parseLooseDate } from './parseLooseDate'
import { dateInByline, dedupe, parseByline } from './parseByline'
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

  const siteNames = [meta.siteName, container, readability.siteName]
  const declaredTitle = shownTitle(sources, meta, siteNames) ?? pick('title')
  const rawTitle = declaredTitle ?? meta.documentTitle ?? readability.title
  if (rawTitle) {
    let title = stripSiteName(rawTitle, siteNames)
    // A <title> alone nearly always ends in the site's name, even where no tag names the site.
    if (!declaredTitle && title === rawTitle.trim()) title = title.replace(/\s+[|–—-]\s+[^|–—]{1,40}$/, '') || title
    csl.title = title.slice(0, MAX_TITLE_LENGTH)
  }

  const authors = authorsOf(sources, readability.byline, siteNames)
  if (authors.length) csl.author = authors

  const issued = parseLooseDate(pick('issued')) ?? parseLooseDate(readability.publishedTime) ?? parseLooseDate(pick('created')) ?? parseLooseDate(dateInByline(readability.byline))
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

/**
 * The declared title that the page shows as its heading, when the sources disagree: sites give
 * social media and search engines other titles (og:title, JSON-LD headline) than the one they print.
 */
function shownTitle(sources: PageFields[], meta: PageMetadata, siteNames: (string | undefined)[]): string | undefined {
  const fold = (value: string) => value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()
  const headings = new Set(meta.headings.map(fold))
  const candidates = [...sources.map((source) => source.title), meta.documentTitle].filter((title): title is string => Boolean(title))
  const same = candidates.find((title) => headings.has(fold(title)) || headings.has(fold(stripSiteName(title, siteNames))))
  if (same) return same
  // The heading plus a suffix of the site's that no tag names: "… · V8", "… [LWN.net]", "…（CNET Japan）".
  for (const heading of meta.headings) {
    const folded = fold(heading)
    if (folded.split(' ').length < 3) continue
    const extended = candidates.some((title) => fold(title).startsWith(`${folded} `) && fold(title).length - folded.length <= 40)
    if (extended) return heading.replace(/[\s¶#]+$/u, '')
  }
  return undefined
}

function cslType(kind: PageFields['kind'], meta: PageMetadata): CslType {
  if (kind === 'journal') return 'article-journal'
  if (kind === 'news') return 'article-newspaper'
  if (kind === 'blog' || (meta.blogEngine && kind === 'article')) return 'post-weblog'
  // An Open Graph article with a publication time, on a site that is no blog, is a news article.
  if (kind === 'article' && (meta.openGraph.issued || meta.jsonLd.issued)) return meta.blogEngine ? 'post-weblog' : 'article-newspaper'
  return 'webpage'
}

/**
 * Authors of the most trusted source that names any, else the byline. citation_author tags hold one
 * formal name each; author tags, JSON-LD names and the byline go through parseByline, which keeps
 * people and organisations and drops what is no name.
 */
function authorsOf(sources: PageFields[], byline: string | undefined, siteNames: (string | undefined)[]): CslName[] {
  for (const source of sources) {
    const people = (source.authors ?? []).map(parsePersonName).filter((name): name is CslName => Boolean(name))
    const named = (source.bylines ?? []).flatMap((text) => parseByline(text, { siteNames }))
    const organisations = (source.organisations ?? []).map((literal) => ({ literal }))
    if (people.length || named.length || organisations.length) return dedupe([...people, ...named, ...organisations])
  }
  return parseByline(byline, { siteNames })
}
