import { ArchiveError } from '../archiveError'
import type { CslItem } from '../cslItem'
import { cslFromPageMetadata } from './cslFromPageMetadata'
import { readPageMetadata } from './readPageMetadata'
import { SAFE_DATA_IMAGE, type SanitizeHtml } from './archiveSanitizePolicy'

export type { SanitizeHtml } from './archiveSanitizePolicy'

export interface HtmlArticle {
  csl: Partial<CslItem>
  contentHtml: string
  wordCount: number
  paragraphCount: number
  /** Images that could not be archived and show as a placeholder. */
  droppedImages: number
}

export interface ImportHtmlOptions {
  /** Shown in messages: a file name or the URL. */
  name: string
  /** The page's address, when it came from the web or the browser; relative links resolve against it. */
  pageUrl?: string
  sanitize: SanitizeHtml
}

/**
 * A web page as an archived article: its metadata as CSL-JSON (see cslFromPageMetadata), and the
 * article body that Readability finds, with links made absolute, remote images replaced by a visible
 * placeholder (reading must contact no server), paragraphs numbered, and everything active removed.
 */
export async function importArticleFromHtml(html: string, { name, pageUrl, sanitize }: ImportHtmlOptions): Promise<HtmlArticle> {
  // Loaded on first use: opening the library needs neither.
  const [{ parseHTML }, { Readability }] = await Promise.all([import('linkedom'), import('@mozilla/readability')])
  const { document } = parseHTML(html.replace(/\r\n?/g, '\n'))
  const metadata = readPageMetadata(document as unknown as Document)
  // A page's own <base> could point every link elsewhere, and Readability would follow it.
  for (const element of Array.from(document.querySelectorAll('base'))) element.remove()
  const base = baseUrl(pageUrl, metadata.canonicalUrl, metadata.openGraph.url, metadata.jsonLd.url, metadata.citation.url)
  if (base) resolveLinks(document as unknown as Document, base)

  const parsed = new Readability(document as unknown as Document, { charThreshold: 200, keepClasses: false }).parse()
  if (!parsed?.content || !parsed.textContent?.trim()) throw noText(name)

  const csl = cslFromPageMetadata(
    metadata,
    {
      title: parsed.title ?? undefined,
      byline: parsed.byline ?? undefined,
      siteName: parsed.siteName ?? undefined,
      lang: parsed.lang ?? undefined,
      publishedTime: parsed.publishedTime ?? undefined,
    },
    pageUrl,
  )
  if (!csl.URL && base) csl.URL = base

  // Sanitize first, rework the safe tree, then sanitize again: nothing after the last pass adds markup.
  const { document: body } = parseHTML(`<!doctype html><html><body><div id="article">${sanitize(parsed.content)}</div></body></html>`)
  const root = body.getElementById('article')!
  const droppedImages = replaceRemoteImages(root as unknown as Element, body as unknown as Document)
  dropRelativeLinks(root as unknown as Element)
  // The reader shows the title above the article; the page's own copy of it would repeat it.
  const firstHeading = root.querySelector('h1, h2')
  const fold = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim().toLowerCase()
  if (firstHeading && csl.title && fold(firstHeading.textContent) === fold(csl.title)) firstHeading.remove()
  let paragraphCount = 0
  for (const paragraph of Array.from(root.querySelectorAll('p'))) {
    if (paragraph.textContent?.trim()) paragraph.setAttribute('data-para', String(++paragraphCount))
  }
  if (!paragraphCount) throw noText(name)
  const contentHtml = sanitize(root.innerHTML)
  const wordCount = (root.textContent?.match(/\S+/g) ?? []).length
  return { csl, contentHtml, wordCount, paragraphCount, droppedImages }
}

function noText(name: string): ArchiveError {
  return new ArchiveError('unsupported_file', `${name} has no article text to archive.`)
}

// A page's own <base> is ignored: a hostile page could point every link elsewhere.
function baseUrl(...candidates: (string | undefined)[]): string | undefined {
  return candidates.find((candidate) => candidate && /^https?:/i.test(candidate))
}

/** Relative links and image sources, made absolute against the page's address. */
function resolveLinks(document: Document, base: string): void {
  for (const [selector, attribute] of [['a[href]', 'href'], ['img[src]', 'src']] as const) {
    for (const element of Array.from(document.querySelectorAll(selector))) {
      const value = element.getAttribute(attribute)!.trim()
      if (/^[a-z][a-z0-9+.-]*:/i.test(value)) continue
      try {
        element.setAttribute(attribute, new URL(value, base).href)
      } catch {
        element.removeAttribute(attribute)
      }
    }
  }
}

/** Every image not held inline becomes a visible note, so the reader loads nothing from a server. */
function replaceRemoteImages(root: Element, document: Document): number {
  let dropped = 0
  for (const image of Array.from(root.querySelectorAll('img'))) {
    const source = image.getAttribute('src') ?? ''
    if (SAFE_DATA_IMAGE.test(source)) continue
    const alt = image.getAttribute('alt')?.replace(/\s+/g, ' ').trim()
    // A 1×1 tracker or a spacer is no loss; it leaves no trace.
    const tiny = ['width', 'height'].some((side) => Number(image.getAttribute(side)) > 0 && Number(image.getAttribute(side)) <= 2)
    if (tiny) {
      image.remove()
      continue
    }
    const placeholder = document.createElement('span')
    placeholder.setAttribute('class', 'image-placeholder')
    placeholder.textContent = alt ? `[Image not archived: ${alt}]` : '[Image not archived]'
    image.replaceWith(placeholder)
    dropped++
  }
  return dropped
}

/** A link that is still relative would point into the app, and one without a target is no link: both become their text. */
function dropRelativeLinks(root: Element): void {
  for (const link of Array.from(root.querySelectorAll('a'))) {
    if (/^(?:https?:|mailto:)/i.test(link.getAttribute('href')?.trim() ?? '')) continue
    link.replaceWith(...Array.from(link.childNodes))
  }
}
