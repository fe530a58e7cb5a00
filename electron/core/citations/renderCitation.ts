import type { CslItem } from '../cslItem'
import { loadCitationJs } from './citationJs'

export interface CitationLocator {
  /** A paragraph of a web article ("para. 3"), or a page label of a PDF ("p. 12", "p. iv"). */
  label: 'paragraph' | 'page'
  /** "3", or "3-4" for a passage across paragraphs or pages. */
  value: string
}

export interface RenderedCitation {
  /** The in-text citation, e.g. ("Noord- en Zuid-Korea hebben vrijdag…", 2018, para. 3). */
  citationText: string
  citationHtml: string
  /** The full reference, as the bibliography prints it. */
  referenceText: string
  referenceHtml: string
}

/** Runs citeproc once for the citation and once for the reference; the style and locale must be registered. */
export async function renderCitation(csl: CslItem, style: string, locale: string, locator?: CitationLocator): Promise<RenderedCitation> {
  const { Cite } = await loadCitationJs()
  const cite = new Cite([csl])
  const entry = [{ id: csl.id, ...(locator ? { locator: locator.value, label: locator.label } : {}) }]
  const citation = (format: 'text' | 'html') => cite.format('citation', { format, template: style, lang: locale, entry }).trim()
  const reference = (format: 'text' | 'html') => cite.format('bibliography', { format, template: style, lang: locale }).trim()
  return {
    citationText: citation('text'),
    citationHtml: citation('html'),
    referenceText: reference('text'),
    referenceHtml: bibliographyEntryHtml(reference('html')),
  }
}

/** citeproc wraps each entry in <div class="csl-bib-body"><div class="csl-entry">; a pasted reference wants only the entry's inner HTML. */
export function bibliographyEntryHtml(html: string): string {
  const entry = /<div[^>]*class="csl-entry"[^>]*>([\s\S]*?)<\/div>\s*<\/div>\s*$/.exec(html)
  // Numeric styles (IEEE, Vancouver) put the number and the text in two divs, which paste as two lines.
  return (entry ? entry[1] : html)
    .replace(/<div class="csl-left-margin">([\s\S]*?)<\/div>/g, '$1 ')
    .replace(/<div class="csl-right-inline">([\s\S]*?)<\/div>/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()
}
