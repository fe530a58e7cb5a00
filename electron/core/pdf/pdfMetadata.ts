import { parsePersonName } from '../capture/parsePersonName'
import { parsePartialDate, type CslItem, type CslName } from '../cslItem'
import { MAX_TITLE_LENGTH } from '../applyItemPatch'
import type { PdfExtraction } from './pdfExtraction'

export interface PdfMetadata {
  csl: Partial<CslItem>
  /** True when the title is the largest text of page 1, a guess the UI invites the user to check. */
  titleInferred: boolean
}

// A DOI as printed in a paper: "doi:10.1234/abc", "https://doi.org/10.1234/abc", "DOI 10.1234/abc".
const DOI_IN_TEXT = /\b(10\.\d{4,9}\/[^\s"<>]+)/i
/** How many pages are searched for a printed DOI: a paper prints it on its first page or two. */
const DOI_PAGES = 2

/**
 * A PDF's metadata, most trusted first: the XMP packet (a DOI, dc:title, dc:creator, prism:*), then
 * the Info dictionary, then a DOI printed on the first pages, and the largest text on page 1 as a
 * title guess. Producers' junk (a file name or "Microsoft Word - draft.docx" as the title) is left out.
 */
export function pdfMetadata(pdf: PdfExtraction): PdfMetadata {
  const csl: Partial<CslItem> = {}
  // pdf.js gives XMP names in lower case ("prism:publicationname").
  const xmp = (key: string): string | undefined => {
    const value = pdf.xmp[key.toLowerCase()]
    const text = Array.isArray(value) ? value[0] : value
    return text?.trim() || undefined
  }
  const xmpList = (key: string): string[] => {
    const value = pdf.xmp[key.toLowerCase()]
    return (Array.isArray(value) ? value : value ? [value] : []).map((entry) => entry.trim()).filter(Boolean)
  }
  const info = (key: string): string | undefined => pdf.info[key]?.trim() || undefined

  const doi = [xmp('prism:doi'), xmp('dc:identifier'), xmp('pdfx:doi'), info('doi'), ...pdf.pages.slice(0, DOI_PAGES).flatMap((page) => page.paragraphs)]
    .map((text) => (text ? cleanDoi(DOI_IN_TEXT.exec(text)?.[1]) : undefined))
    .find(Boolean)
  if (doi) csl.DOI = doi

  const title = [xmp('dc:title'), info('Title')].find((candidate) => candidate && !isJunkTitle(candidate))
  if (title) csl.title = title.replace(/\s+/g, ' ').slice(0, MAX_TITLE_LENGTH)

  const creators = xmpList('dc:creator')
  const authors: CslName[] = (creators.length ? creators : splitInfoAuthors(info('Author'))).flatMap((name) => parsePersonName(name) ?? [])
  if (authors.length) csl.author = authors

  const container = xmp('prism:publicationName')
  if (container) csl['container-title'] = container
  for (const [field, key] of [['volume', 'prism:volume'], ['issue', 'prism:number'], ['ISSN', 'prism:issn']] as const) {
    const value = xmp(key)
    if (value) csl[field] = value
  }
  const first = xmp('prism:startingPage')
  if (first) csl.page = xmp('prism:endingPage') ? `${first}-${xmp('prism:endingPage')}` : first
  const issued = dateOf(xmp('prism:coverDate') ?? xmp('prism:publicationDate') ?? xmp('dc:date'))
  if (issued) csl.issued = issued
  const abstract = xmp('dc:description') ?? info('Subject')
  if (abstract && abstract.length > 40) csl.abstract = abstract
  const language = xmp('dc:language')
  if (language && /^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(language) && language !== 'x-default') csl.language = language
  if (container || doi) csl.type = 'article-journal'

  let titleInferred = false
  if (!csl.title && pdf.largestText) {
    csl.title = pdf.largestText.slice(0, MAX_TITLE_LENGTH)
    titleInferred = true
  }
  return { csl, titleInferred }
}

/** A DOI cut where a sentence or a bracket around it ends. */
function cleanDoi(doi: string | undefined): string | undefined {
  return doi?.replace(/[.,;:)\]}>'"]+$/, '')
}

// What word processors, printers and note apps put in Title when the author wrote none: a file name.
function isJunkTitle(title: string): boolean {
  const text = title.trim()
  return text.length < 3 || /^(untitled|about:blank$|microsoft word - |document\d*$)/i.test(text) || /^\S+\.[a-z0-9]{2,5}$/i.test(text) || /\.(docx?|pdf|tex|dvi|odt|rtf|indd|html?)$/i.test(text)
}

/** "Anna de Vries; Jan Jansen", "Vries, Anna" or "Anna de Vries, Jan Jansen and Piet Smit". */
function splitInfoAuthors(author: string | undefined): string[] {
  // "Souza-Junior et al." names one author of several; the rest are not in the file.
  author = author?.replace(/,?\s+et\s+al\.?\s*$/i, '')
  if (!author) return []
  if (author.includes(';')) return author.split(/\s*;\s*/).filter(Boolean)
  const parts = author.split(/\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+/).filter(Boolean)
  // "Vries, Anna" is one name written family first: a part of one word is no name of its own.
  return parts.every((part) => part.includes(' ')) ? parts : [author]
}

/** An XMP date (2024, 2024-03, 2024-03-05T10:00:00Z) as a CSL date. */
function dateOf(text: string | undefined): CslItem['issued'] {
  const match = text && /^(\d{4}(?:-\d{2}(?:-\d{2})?)?)/.exec(text.trim())
  return match ? parsePartialDate(match[1]) : undefined
}
