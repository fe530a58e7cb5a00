import { dateInByline } from './parseByline'
import { parseLooseDate } from './parseLooseDate'

/** What one source of metadata on a page says; every field is the page's own text. */
export interface PageFields {
  title?: string
  /** Formal names, one person each (citation_author). */
  authors?: string[]
  /** Names as pages write them in bylines and author tags: parseByline tells people from the rest. */
  bylines?: string[]
  /** Organisations named as authors (JSON-LD Organization): kept whole. */
  organisations?: string[]
  issued?: string
  /** When it was written (JSON-LD dateCreated): the date only when no source gives a publication date. */
  created?: string
  containerTitle?: string
  volume?: string
  issue?: string
  firstPage?: string
  lastPage?: string
  doi?: string
  url?: string
  language?: string
  kind?: 'journal' | 'news' | 'blog' | 'article'
}

/** Each source of metadata a page can carry, most trusted first, as importArticleFromHtml ranks them. */
export interface PageMetadata {
  citation: PageFields
  jsonLd: PageFields
  dublinCore: PageFields
  openGraph: PageFields
  htmlLang?: string
  /** The site's own name (og:site_name, application-name), used to clean up the title. */
  siteName?: string
  /** The <title> element. */
  documentTitle?: string
  /** The page's first few <h1>: the title as the reader sees it. */
  headings: string[]
  canonicalUrl?: string
  /** A blog engine named by <meta name="generator">. */
  blogEngine: boolean
}

const BLOG_ENGINES = /wordpress|ghost|hugo|jekyll|blogger|substack|medium|eleventy|hexo|gatsby|write\.as|bear blog/i

/**
 * A meta key in one spelling: lower case, and Dublin Core's prefixes ("DC.title", "dc:title",
 * "dcterms:title", "dct.title") reduced to "dc." and "dcterms.".
 */
function metaKey(raw: string): string {
  const key = raw.trim().toLowerCase()
  const dublinCore = /^(dc|dcterms?|dct)\s*[.:]\s*(.+)$/.exec(key)
  if (!dublinCore) return key
  return `${dublinCore[1] === 'dc' ? 'dc' : 'dcterms'}.${dublinCore[2]}`
}

// Where pages put their publication date, most specific first: Open Graph's article:*, schema.org
// microdata on a <meta>, then the names that news systems use (NYT's pdate, Sailthru, Parse.ly).
const DATE_KEYS = [
  'article:published_time', 'og:article:published_time', 'og:published_time', 'article:published', 'datepublished',
  'publishdate', 'publish-date', 'publish_date', 'pdate', 'sailthru.date', 'parsely-pub-date', 'article.published',
  'article:publicationdate', 'article_date_original', 'date', 'pubdate', 'datecreated',
]

/** Reads every metadata source of a parsed page; it does not change the document. */
export function readPageMetadata(document: Document): PageMetadata {
  const metas = new Map<string, string[]>()
  // RDFa's property (the standard form of dc: and og:) comes before name and itemprop when both
  // spell the same key. One attribute may list several properties ("dc:title og:title"), and a
  // tag may carry a name and a property at once: each of them names the content.
  for (const attribute of ['property', 'name', 'itemprop']) {
    for (const meta of Array.from(document.querySelectorAll(`meta[${attribute}]`))) {
      const content = meta.getAttribute('content')?.replace(/\s+/g, ' ').trim()
      if (!content) continue
      for (const key of new Set(meta.getAttribute(attribute)!.split(/\s+/).filter(Boolean).map(metaKey))) metas.set(key, [...(metas.get(key) ?? []), content])
    }
  }
  const first = (...keys: string[]) => {
    for (const key of keys) {
      const value = metas.get(key)?.[0]
      if (value) return value
    }
    return undefined
  }
  const all = (...keys: string[]) => keys.flatMap((key) => metas.get(key) ?? [])

  const journal = first('citation_journal_title', 'citation_conference_title')
  const citation: PageFields = {
    title: first('citation_title'),
    authors: splitAuthorTags(all('citation_author', 'citation_authors')),
    issued: first('citation_publication_date', 'citation_date', 'citation_online_date', 'citation_cover_date'),
    containerTitle: journal,
    volume: first('citation_volume'),
    issue: first('citation_issue'),
    firstPage: first('citation_firstpage'),
    lastPage: first('citation_lastpage'),
    doi: first('citation_doi'),
    url: first('citation_public_url', 'citation_abstract_html_url', 'citation_fulltext_html_url'),
    language: first('citation_language'),
    kind: journal ? 'journal' : undefined,
  }

  const dcIdentifier = all('dc.identifier', 'dcterms.identifier').find((value) => normaliseDoi(value))
  const dublinCore: PageFields = {
    title: first('dc.title', 'dcterms.title'),
    bylines: all('dc.creator', 'dcterms.creator'),
    issued: first('dc.date', 'dcterms.date', 'dcterms.issued', 'dc.date.issued', 'dcterms.created', 'dc.date.created', 'dc.created'),
    containerTitle: first('dcterms.ispartof', 'dc.source', 'dc.publisher', 'dcterms.publisher'),
    doi: dcIdentifier,
    language: first('dc.language', 'dcterms.language'),
  }

  const ogType = first('og:type')?.toLowerCase()
  const parsely = parselyPage(first('parsely-page'))
  const openGraph: PageFields = {
    title: first('og:title', 'twitter:title', 'parsely-title'),
    bylines: all('article:author', 'og:article:author', 'author', 'sailthru.author', 'parsely-author'),
    issued: first(...DATE_KEYS) ?? parsely?.pub_date ?? markedUpDate(document),
    containerTitle: first('og:site_name'),
    url: first('og:url'),
    language: first('og:locale')?.replace('_', '-'),
    kind: ogType === 'article' ? 'article' : undefined,
  }

  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? undefined
  const documentTitle = document.querySelector('title')?.textContent?.replace(/\s+/g, ' ').trim() || undefined
  return {
    citation,
    jsonLd: readJsonLd(document, [documentTitle, openGraph.title]),
    dublinCore,
    openGraph,
    htmlLang: document.documentElement?.getAttribute('lang')?.trim() || undefined,
    siteName: first('og:site_name', 'application-name'),
    documentTitle,
    headings: Array.from(document.querySelectorAll('h1')).slice(0, 5).map((heading) => heading.textContent?.replace(/\s+/g, ' ').trim() ?? '').filter(Boolean),
    canonicalUrl: canonical,
    blogEngine: BLOG_ENGINES.test(first('generator') ?? ''),
  }
}

/** Parse.ly's metadata block: JSON in one <meta name="parsely-page">. */
function parselyPage(content: string | undefined): { pub_date?: string } | undefined {
  if (!content) return undefined
  try {
    const value: unknown = JSON.parse(content)
    return value && typeof value === 'object' && typeof (value as { pub_date?: unknown }).pub_date === 'string' ? (value as { pub_date: string }) : undefined
  } catch {
    return undefined
  }
}

// Dates marked up in the page itself, most explicit first: schema.org microdata and HTML's old
// <time pubdate>; then, in page order, the h-entry and hAtom microformats and WordPress's and
// Blogger's date elements (a comment's date, marked up the same way, is skipped).
const DATE_ELEMENTS = [
  '[itemprop~="datePublished"], time[pubdate]',
  '.dt-published, .published[title], time.published, time.entry-date, .date-header',
  '[itemprop~="dateCreated"]',
]

// A dateline or a byline's date, printed as text ("posted on April 21, 2015, at 11:29 a.m."). Not
// a bare "date" class: a newspaper's masthead prints the day the page was saved.
const DATELINES = '[class*="dateline"], [class*="datetime"], [class*="byline"], [class*="author-date"], [class*="post-date"], [class*="article-date"], [class*="publish"], [class*="posted"]'
const IN_COMMENTS = '#comments, .comments, .comment, .comment-list, .commentlist, [id^="comment-"]'

/** The first date marked up in the page that reads as one; then the first dateline's written date. */
function markedUpDate(document: Document): string | undefined {
  for (const selector of DATE_ELEMENTS) {
    for (const element of Array.from(document.querySelectorAll(selector))) {
      if (element.closest(IN_COMMENTS)) continue
      const value = ['content', 'datetime', 'title'].map((attribute) => element.getAttribute(attribute)).find(Boolean) ?? element.textContent
      const date = value?.replace(/\s+/g, ' ').trim()
      if (date && parseLooseDate(date)) return date
    }
  }
  for (const element of Array.from(document.querySelectorAll(DATELINES))) {
    // An infobox's or a contact card's date (a founding date, a birthday) is not the page's.
    if (element.closest(`${IN_COMMENTS}, table, aside, nav, footer, .vcard, .h-card`)) continue
    const text = element.textContent?.replace(/\s+/g, ' ').trim() ?? ''
    const date = text.length <= 200 ? dateInByline(text) : undefined
    if (date) return date
  }
  return undefined
}

/** citation_authors may hold several names separated by semicolons. */
function splitAuthorTags(values: string[]): string[] {
  return values.flatMap((value) => (value.includes(';') ? value.split(';') : [value])).map((value) => value.trim()).filter(Boolean)
}

/** "doi:10.1/x", "https://doi.org/10.1/x" → "10.1/x"; undefined when it is no DOI. */
export function normaliseDoi(text: string | undefined): string | undefined {
  const match = /(10\.\d{4,9}\/\S+)/.exec(text?.trim() ?? '')
  return match ? decodeURIComponent(match[1]).replace(/[.,;]$/, '') : undefined
}

const ARTICLE_KINDS: Record<string, PageFields['kind']> = {
  scholarlyarticle: 'journal',
  medicalscholarlyarticle: 'journal',
  newsarticle: 'news',
  reportagenewsarticle: 'news',
  analysisnewsarticle: 'news',
  opinionnewsarticle: 'news',
  blogposting: 'blog',
  socialmediaposting: 'blog',
  article: 'article',
  techarticle: 'article',
  report: 'article',
}

type JsonObject = Record<string, unknown>

function readJsonLd(document: Document, titles: (string | undefined)[]): PageFields {
  for (const script of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    let data: unknown
    try {
      // Pages written as XHTML wrap the block in CDATA, sometimes behind a "//" comment.
      data = JSON.parse((script.textContent ?? '').replace(/^\s*(?:\/\/\s*)?<!\[CDATA\[|(?:\/\/\s*)?\]\]>\s*$/g, ''))
    } catch {
      continue // A broken block on a page is common; the other sources still count.
    }
    const article = findArticle(data)
    if (article) return fieldsOfJsonLd(article.node, article.kind, titles)
  }
  return {}
}

function findArticle(data: unknown, depth = 0): { node: JsonObject; kind: PageFields['kind'] } | undefined {
  if (depth > 4 || !data || typeof data !== 'object') return undefined
  if (Array.isArray(data)) {
    for (const entry of data) {
      const found = findArticle(entry, depth + 1)
      if (found) return found
    }
    return undefined
  }
  const node = data as JsonObject
  const types = ([] as unknown[]).concat(node['@type'] ?? []).map((type) => String(type).toLowerCase())
  const kind = types.map((type) => ARTICLE_KINDS[type]).find(Boolean)
  if (kind) return { node, kind }
  return findArticle(node['@graph'], depth + 1)
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.replace(/\s+/g, ' ').trim() || undefined
  if (typeof value === 'number') return String(value)
  if (Array.isArray(value)) return text(value[0])
  if (value && typeof value === 'object') return text((value as JsonObject).name ?? (value as JsonObject)['@value'])
  return undefined
}

/**
 * headline or name, whichever the page's own <title> or og:title carries; else the longer, since
 * some sites put a short description in headline (and name is then the title).
 */
function jsonLdTitle(headline: string | undefined, name: string | undefined, titles: (string | undefined)[]): string | undefined {
  if (!headline || !name || headline === name) return headline ?? name
  const fold = (value: string) => value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()
  const shown = titles.filter((title): title is string => Boolean(title)).map(fold)
  const inShown = (candidate: string) => shown.some((title) => title.includes(fold(candidate)))
  if (inShown(headline) !== inShown(name)) return inShown(headline) ? headline : name
  return name.length > headline.length ? name : headline
}

function fieldsOfJsonLd(node: JsonObject, kind: PageFields['kind'], titles: (string | undefined)[]): PageFields {
  const authors: string[] = []
  const organisations: string[] = []
  for (const author of ([] as unknown[]).concat(node.author ?? node.creator ?? [])) {
    const name = text(author)
    if (!name) continue
    const isOrganisation = author && typeof author === 'object' && /organization/i.test(String((author as JsonObject)['@type']))
    ;(isOrganisation ? organisations : authors).push(name)
  }
  // A ScholarlyArticle sits in a PublicationIssue, in a PublicationVolume, in a Periodical.
  const chain: JsonObject[] = []
  for (let part = node.isPartOf; part && typeof part === 'object' && chain.length < 4; part = (part as JsonObject).isPartOf) {
    chain.push((Array.isArray(part) ? part[0] : part) as JsonObject)
  }
  const inChain = (field: string) => chain.map((part) => text(part?.[field])).find(Boolean)
  const periodicalName = chain.map((part) => (part?.issueNumber || part?.volumeNumber ? undefined : text(part?.name))).find(Boolean)
  const identifiers = ([] as unknown[]).concat(node.identifier ?? [], node.sameAs ?? []).map(text)
  const mainEntity = node.mainEntityOfPage
  return {
    title: jsonLdTitle(text(node.headline), text(node.name), titles),
    bylines: authors,
    organisations,
    issued: text(node.datePublished),
    created: text(node.dateCreated),
    containerTitle: periodicalName ?? text(node.publisher),
    volume: inChain('volumeNumber'),
    issue: inChain('issueNumber'),
    firstPage: text(node.pageStart),
    lastPage: text(node.pageEnd),
    doi: identifiers.map(normaliseDoi).find(Boolean),
    url: text(node.url) ?? (typeof mainEntity === 'string' ? mainEntity : text((mainEntity as JsonObject | undefined)?.['@id'])),
    language: text(node.inLanguage),
    kind,
  }
}
