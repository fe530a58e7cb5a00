import { decodeXmlText } from './citationStyles'

export interface QuoteMarks {
  open: string
  close: string
  openInner: string
  closeInner: string
}

const TERM = /<term\b([^>]*?)(?:\/>|>([\s\S]*?)<\/term>)/g

/**
 * One term of a CSL locale file, e.g. the short "paragraph" ("para." in en-US, "par." in nl-NL).
 * Quotes and locators written outside citeproc (Pandoc, LaTeX, the quote itself) must use the same words.
 */
export function localeTerm(xml: string, name: string, { form = 'long', plural = false } = {}): string | undefined {
  for (const [, attributes, body = ''] of xml.matchAll(TERM)) {
    if (attribute(attributes, 'name') !== name || (attribute(attributes, 'form') ?? 'long') !== form) continue
    const numbered = /<(single|multiple)>([\s\S]*?)<\/\1>/g
    const forms = Object.fromEntries([...body.matchAll(numbered)].map(([, kind, text]) => [kind, text]))
    const text = forms.single !== undefined ? (plural ? forms.multiple : forms.single) : body
    return text === undefined ? undefined : decodeXmlText(text).trim()
  }
  return undefined
}

function attribute(attributes: string, name: string): string | undefined {
  return new RegExp(`\\b${name}="([^"]*)"`).exec(attributes)?.[1]
}

export function quoteMarks(localeXml: string): QuoteMarks {
  return {
    open: localeTerm(localeXml, 'open-quote') ?? '\u201c',
    close: localeTerm(localeXml, 'close-quote') ?? '\u201d',
    openInner: localeTerm(localeXml, 'open-inner-quote') ?? '\u2018',
    closeInner: localeTerm(localeXml, 'close-inner-quote') ?? '\u2019',
  }
}

/** "p." or "pp." in the locale's words, for a PDF's page labels outside citeproc. */
export function pageLocatorLabel(localeXml: string, plural: boolean): string {
  return localeTerm(localeXml, 'page', { form: 'short', plural }) ?? (plural ? 'pp.' : 'p.')
}

/** "para. 3" or "paras. 3–4" in the locale's words, for the outputs citeproc does not write (Pandoc, LaTeX). */
export function paragraphLocatorLabel(localeXml: string, plural: boolean): string {
  return localeTerm(localeXml, 'paragraph', { form: 'short', plural }) ?? (plural ? 'paras.' : 'para.')
}
