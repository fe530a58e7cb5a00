import { escapeMarkdown } from '../escapeMarkdown'
import type { QuoteMarks } from './localeTerms'
import type { RenderedCitation } from './renderCitation'
import { escapeHtml } from '../escapeHtml'

export const CITATION_FORMATS = ['text', 'html', 'markdown', 'pandoc', 'latex'] as const
export type CitationFormat = (typeof CITATION_FORMATS)[number]
export type CitationOutputs = Record<CitationFormat, string>

export interface QuotedPassage {
  quote: string
  /** The locator as the locale writes it, e.g. "para. 3" or "par. 3–4". */
  locatorText: string
  /** biblatex's postnote when it differs from locatorText: a bare page ("12", "12--13"), to which biblatex adds "p." itself. */
  postnote?: string
}

export interface CitationParts {
  citekey: string
  rendered: RenderedCitation
  marks: QuoteMarks
  /** Absent when the item itself is cited rather than a passage of it. */
  passage?: QuotedPassage
}

/**
 * A quote with its in-text citation and full reference, in every output Scriptorium offers: plain
 * text and HTML (together on the clipboard), Markdown for note apps, and Pandoc and LaTeX (csquotes
 * with biblatex), which leave the reference to the document's own bibliography.
 */
export function formatQuoteCitation({ citekey, rendered, marks, passage }: CitationParts): CitationOutputs {
  const { citationText, citationHtml, referenceText, referenceHtml } = rendered
  if (!passage) {
    return {
      text: referenceText,
      html: `<p>${referenceHtml}</p>`,
      markdown: htmlToMarkdown(referenceHtml),
      pandoc: `[@${pandocKey(citekey)}]`,
      latex: `\\parencite{${citekey}}`,
    }
  }
  const quote = innerQuotesSingle(passage.quote.replace(/\s+/g, ' ').trim(), marks)
  // An area of a PDF page (a figure, a table) has no words to quote: it is cited by its page alone.
  if (!quote) {
    const pre = passage.postnote ? `[${escapeLatex(passage.postnote)}]` : ''
    return {
      text: `${citationText}\n\n${referenceText}`,
      html: `<p>${citationHtml}</p>\n<p>${referenceHtml}</p>`,
      markdown: `${htmlToMarkdown(citationHtml)}\n\n${htmlToMarkdown(referenceHtml)}`,
      pandoc: `[@${pandocKey(citekey)}${passage.locatorText ? `, ${passage.locatorText}` : ''}]`,
      latex: `\\parencite${pre}{${citekey}}`,
    }
  }
  const quoted = `${marks.open}${quote}${marks.close}`
  return {
    text: `${quoted} ${citationText}\n\n${referenceText}`,
    html: `<p>${escapeHtml(quoted)} ${citationHtml}</p>\n<p>${referenceHtml}</p>`,
    markdown: `${escapeMarkdown(quoted)} ${htmlToMarkdown(citationHtml)}\n\n${htmlToMarkdown(referenceHtml)}`,
    // An orphaned highlight has no paragraph left to point to, so it is cited without a locator.
    pandoc: `${quoted} [@${pandocKey(citekey)}${passage.locatorText ? `, ${passage.locatorText}` : ''}]`,
    latex: `\\textcquote${passage.postnote ? `[${escapeLatex(passage.postnote)}]` : passage.locatorText ? `[${escapeLatex(passage.locatorText).replace(/ /g, '~')}]` : ''}{${citekey}}{${escapeLatex(quote)}}`,
  }
}

/** Double quotes inside the quoted text become the locale's inner (single) quotes. */
export function innerQuotesSingle(text: string, marks: QuoteMarks): string {
  return text
    .replace(/[\u201c\u201e\u00ab]/g, marks.openInner)
    .replace(/[\u201d\u00bb]/g, marks.closeInner)
    .replace(/"/g, (_, offset: number) => (offset === 0 || /[\s([{\u2014\u2013-]/.test(text[offset - 1]) ? marks.openInner : marks.closeInner))
}

/** Pandoc reads a key ending in punctuation only inside braces. */
function pandocKey(citekey: string): string {
  return /[^\p{L}\p{N}_]$/u.test(citekey) ? `{${citekey}}` : citekey
}

const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '%': '\\%',
  '#': '\\#',
  _: '\\_',
  '^': '\\textasciicircum{}',
  '~': '\\textasciitilde{}',
}

export function escapeLatex(text: string): string {
  return text.replace(/[\\{}$&%#_^~]/g, (char) => LATEX_SPECIALS[char])
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }

/** citeproc's HTML uses only <i>, <b>, <span> and a few entities; italics become *…*, everything else text. */
export function htmlToMarkdown(html: string): string {
  return html
    .split(/(<\/?(?:i|em|b|strong)>)/)
    .map((part) => {
      if (/^<\/?(i|em)>$/.test(part)) return '*'
      if (/^<\/?(b|strong)>$/.test(part)) return '**'
      return escapeMarkdown(decodeEntities(part.replace(/<[^>]*>/g, '')))
    })
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)))
    return ENTITIES[name.toLowerCase()] ?? whole
  })
}
