import { ArchiveError } from '../archiveError'
import type { CslItem } from '../cslItem'
import { checkElementCount, checkNestingDepth, PAGE_LIMITS, type PageLimits } from './checkPageComplexity'
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
  /** How large and deep a page may be (see checkPageComplexity); tests lift them. */
  limits?: PageLimits
}

/**
 * A web page as an archived article: its metadata as CSL-JSON (see cslFromPageMetadata), and the
 * article body that Readability finds, with links made absolute, remote images replaced by a visible
 * placeholder (reading must contact no server), paragraphs numbered, and everything active removed.
 */
export async function importArticleFromHtml(html: string, { name, pageUrl, sanitize, limits = PAGE_LIMITS }: ImportHtmlOptions): Promise<HtmlArticle> {
  checkElementCount(html, name, limits.maxElements)
  // Loaded on first use: opening the library needs neither.
  const [{ parseHTML }, { Readability }] = await Promise.all([import('linkedom'), import('@mozilla/readability')])
  const open = () => {
    const page = parseHTML(html.replace(/\r\n?/g, '\n')).document as unknown as Document
    // A page's own <base> could point every link elsewhere, and Readability would follow it.
    for (const element of Array.from(page.querySelectorAll('base'))) element.remove()
    return page
  }
  const document = open()
  checkNestingDepth(document.documentElement as unknown as Element, name, limits.maxDepth)
  const metadata = readPageMetadata(document)
  const base = baseUrl(pageUrl, metadata.canonicalUrl, metadata.openGraph.url, metadata.jsonLd.url, metadata.citation.url)
  prepareLinks(document, base)
  const pageText = textOfBlocks(document.body)

  // Readability's own thresholds: a lower one lets a newsletter form or a print footer pass as the article.
  const parsed = new Readability(document, { keepClasses: false }).parse()
  let content = parsed?.content ?? ''
  const found = parsed?.textContent?.replace(/\s+/g, ' ').trim().length ?? 0
  if (found < pageText * IMPLAUSIBLY_SHORT) {
    // Readability mutated its copy: look again in a fresh one.
    const fresh = open()
    prepareLinks(fresh, base)
    const block = largestTextBlock(fresh)
    if (block && textOfBlocks(block) > found * 2) content = block.innerHTML
  }
  if (!content.trim()) throw noText(name)

  const csl = cslFromPageMetadata(
    metadata,
    {
      title: parsed?.title ?? undefined,
      byline: parsed?.byline ?? undefined,
      siteName: parsed?.siteName ?? undefined,
      lang: parsed?.lang ?? undefined,
      publishedTime: parsed?.publishedTime ?? undefined,
    },
    pageUrl,
  )
  if (!csl.URL && base) csl.URL = base

  // Sanitize first, rework the safe tree, then sanitize again: nothing after the last pass adds markup.
  const { document: body } = parseHTML(`<!doctype html><html><body><div id="article">${sanitize(content)}</div></body></html>`)
  const root = body.getElementById('article')!
  const droppedImages = replaceRemoteImages(root as unknown as Element, body as unknown as Document)
  dropRelativeLinks(root as unknown as Element)
  // The reader shows the title above the article; the page's own copy of it would repeat it.
  const firstHeading = root.querySelector('h1, h2')
  const fold = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim().toLowerCase()
  if (firstHeading && csl.title && fold(firstHeading.textContent) === fold(csl.title)) firstHeading.remove()
  splitPreformatted(root as unknown as Element, body as unknown as Document)
  let paragraphCount = 0
  // A preformatted block is numbered like a paragraph: an RFC is made of nothing else.
  for (const paragraph of Array.from(root.querySelectorAll('p, pre'))) {
    if (paragraph.tagName === 'PRE' && paragraph.closest('p')) continue
    if (paragraph.textContent?.trim()) paragraph.setAttribute('data-para', String(++paragraphCount))
  }
  if (!paragraphCount) throw noText(name)
  const contentHtml = sanitize(root.innerHTML)
  const wordCount = (root.textContent?.match(/\S+/g) ?? []).length
  return { csl, contentHtml, wordCount, paragraphCount, droppedImages }
}

/**
 * Readability's article is implausibly short when it holds less than this share of the page's
 * paragraph text; the largest block of paragraphs is then taken instead, if it holds twice as much.
 */
const IMPLAUSIBLY_SHORT = 0.2

/** Without the page's own <base> (a hostile page could point every link elsewhere), links made absolute. */
function prepareLinks(document: Document, base: string | undefined): void {
  for (const element of Array.from(document.querySelectorAll('base'))) element.remove()
  if (base) resolveLinks(document, base)
}

const CHROME = 'nav, header, footer, aside, form, script, style, noscript, template'

/** The length of the text in a tree's paragraphs and preformatted blocks, outside navigation and forms. */
function textOfBlocks(root: Element | null | undefined): number {
  let length = 0
  for (const block of Array.from(root?.querySelectorAll('p, pre') ?? [])) {
    if (block.closest(CHROME) || (block.tagName === 'PRE' && block.parentElement?.closest('pre'))) continue
    length += (block.textContent ?? '').replace(/\s+/g, ' ').trim().length
  }
  return length
}

/** The element whose own paragraphs and preformatted blocks hold the most text: our fallback to Readability. */
function largestTextBlock(document: Document): Element | undefined {
  const totals = new Map<Element, number>()
  for (const block of Array.from(document.querySelectorAll('p, pre'))) {
    const parent = block.parentElement
    if (!parent || block.closest(CHROME)) continue
    totals.set(parent, (totals.get(parent) ?? 0) + (block.textContent ?? '').replace(/\s+/g, ' ').trim().length)
  }
  let best: Element | undefined
  for (const [element, total] of totals) if (!best || total > totals.get(best)!) best = element
  return best
}

/**
 * A <pre> split at its blank lines into one <pre> a paragraph, so that an RFC's paragraphs get
 * their own number. Each piece keeps its line break at the end, so no words run together.
 */
function splitPreformatted(root: Element, document: Document): void {
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    if (pre.parentElement?.closest('pre') || pre.querySelector('pre')) continue
    const pieces: Node[][] = [[]]
    for (const child of Array.from(pre.childNodes)) {
      if (child.nodeType !== 3 || !/\n[ \t\f]*\n/.test(child.textContent ?? '')) {
        pieces.at(-1)!.push(child)
        continue
      }
      const parts = (child.textContent ?? '').split(/\n(?:[ \t\f]*\n)+/)
      parts.forEach((part, index) => {
        if (index) pieces.push([])
        pieces.at(-1)!.push(document.createTextNode(index < parts.length - 1 ? `${part}\n` : part))
      })
    }
    const blocks = pieces.filter((nodes) => nodes.some((node) => node.textContent?.trim()))
    if (blocks.length < 2) {
      dropLeadingLineBreaks(pre)
      continue
    }
    const replacements = blocks.map((nodes) => {
      const block = document.createElement('pre')
      block.append(...nodes)
      dropLeadingLineBreaks(block)
      return block
    })
    pre.replaceWith(...replacements)
  }
}

/**
 * A browser drops the line break right after <pre> and linkedom keeps it: without any, the
 * reader's text offsets and the service's agree.
 */
function dropLeadingLineBreaks(pre: Element): void {
  const head = pre.firstChild
  if (head?.nodeType === 3 && /^\r?\n/.test(head.textContent ?? '')) head.textContent = head.textContent!.replace(/^[\r\n]+/, '')
}

function noText(name: string): ArchiveError {
  return new ArchiveError('unsupported_file', `${name} has no article text to archive.`)
}

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
