import { describe, expect, it } from 'vitest'
import { shortTitle } from '../../electron/core/citations/citableCsl'
import { canonicalLocale, styleTitle } from '../../electron/core/citations/citationStyles'
import { escapeLatex, formatQuoteCitation, htmlToMarkdown, innerQuotesSingle } from '../../electron/core/citations/formatQuoteCitation'
import { localeTerm, paragraphLocatorLabel, quoteMarks } from '../../electron/core/citations/localeTerms'
import { repairBibtexEntry } from '../../electron/core/citations/repairBibtexEntry'

const ENGLISH = quoteMarks('')
const LOCALE = `<locale xml:lang="nl-NL"><terms>
  <term name="open-quote">\u201e</term><term name="close-quote">\u201d</term>
  <term name="paragraph"><single>paragraaf</single><multiple>paragrafen</multiple></term>
  <term name="paragraph" form="short">
    <single>par.</single>
    <multiple>par.</multiple>
  </term>
  <term name="and" form="symbol">&amp;</term>
</terms></locale>`

describe('shortTitle', () => {
  it('keeps the first five words of a long title, as APA cites an author-less work', () => {
    expect(shortTitle('Noord- en Zuid-Korea hebben vrijdag een verbindingsbureau geopend aan de grens')).toBe('Noord- en Zuid-Korea hebben vrijdag\u2026')
  })
  it('keeps a short title whole and cuts at a subtitle', () => {
    expect(shortTitle('On anchoring')).toBe('On anchoring')
    expect(shortTitle('Robust anchoring: fuzzy matching of quotes in edited text')).toBe('Robust anchoring')
  })
  it('does not end on a little word', () => {
    expect(shortTitle('The history of the new peace talks in Korea')).toBe('The history\u2026')
  })
})

describe('the parts of a quote', () => {
  it('turns inner double quotes, curly or straight, into the locale\u2019s single quotes', () => {
    expect(innerQuotesSingle('kondigde \u201ceen tijdperk\u201d aan', ENGLISH)).toBe('kondigde \u2018een tijdperk\u2019 aan')
    expect(innerQuotesSingle('he said "yes" and "no"', ENGLISH)).toBe('he said \u2018yes\u2019 and \u2018no\u2019')
  })
  it('reads terms from a locale file, short forms and plurals included', () => {
    expect(localeTerm(LOCALE, 'paragraph')).toBe('paragraaf')
    expect(paragraphLocatorLabel(LOCALE, false)).toBe('par.')
    expect(localeTerm(LOCALE, 'and', { form: 'symbol' })).toBe('&')
    expect(quoteMarks(LOCALE)).toEqual({ open: '\u201e', close: '\u201d', openInner: '\u2018', closeInner: '\u2019' })
    expect(paragraphLocatorLabel('', true)).toBe('paras.')
  })
  it('escapes every LaTeX special character', () => {
    expect(escapeLatex('50% of $5 & a_b {c} #1 ~ ^ \\')).toBe('50\\% of \\$5 \\& a\\_b \\{c\\} \\#1 \\textasciitilde{} \\textasciicircum{} \\textbackslash{}')
  })
  it('turns citeproc HTML into Markdown, italics kept and text escaped', () => {
    expect(htmlToMarkdown('Smith, A. (2020). On *stars*. <i>Journal &amp; Co</i>, <i>3</i>(2).')).toBe('Smith, A. (2020). On \\*stars\\*. *Journal & Co*, *3*(2).')
  })
  it('writes a LaTeX quote with csquotes and biblatex, and Pandoc with its locator', () => {
    const outputs = formatQuoteCitation({
      citekey: 'smith2020',
      marks: ENGLISH,
      rendered: { citationText: '(Smith, 2020, para. 3)', citationHtml: '(Smith, 2020, para. 3)', referenceText: 'Smith. On stars.', referenceHtml: 'Smith. <i>On stars</i>.' },
      passage: { quote: ' a   \u201cbig\u201d 100% claim ', locatorText: 'para. 3' },
    })
    expect(outputs).toEqual({
      text: '\u201ca \u2018big\u2019 100% claim\u201d (Smith, 2020, para. 3)\n\nSmith. On stars.',
      html: '<p>\u201ca \u2018big\u2019 100% claim\u201d (Smith, 2020, para. 3)</p>\n<p>Smith. <i>On stars</i>.</p>',
      markdown: '\u201ca \u2018big\u2019 100% claim\u201d (Smith, 2020, para. 3)\n\nSmith. *On stars*.',
      pandoc: '\u201ca \u2018big\u2019 100% claim\u201d [@smith2020, para. 3]',
      latex: '\\textcquote[para.~3]{smith2020}{a \u2018big\u2019 100\\% claim}',
    })
  })

  it('cites an orphaned highlight, which has no paragraph, without a locator', () => {
    const outputs = formatQuoteCitation({
      citekey: 'smith2020',
      marks: ENGLISH,
      rendered: { citationText: '(Smith, 2020)', citationHtml: '(Smith, 2020)', referenceText: 'Smith.', referenceHtml: 'Smith.' },
      passage: { quote: 'gone', locatorText: '' },
    })
    expect(outputs.pandoc).toBe('\u201cgone\u201d [@smith2020]')
    expect(outputs.latex).toBe('\\textcquote{smith2020}{gone}')
  })
})

describe('locales and styles', () => {
  it('reads a bare language or any casing as the locale its speakers cite in', () => {
    expect(canonicalLocale('nl')).toBe('nl-NL')
    expect(canonicalLocale('en_gb')).toBe('en-GB')
    expect(canonicalLocale('klingon')).toBeUndefined()
  })
  it('reads a style\u2019s title with its entities decoded', () => {
    expect(styleTitle('<style><info><title>Harvard &amp; Co &#8211; 2020</title></info></style>')).toBe('Harvard & Co \u2013 2020')
  })
})

describe('repairBibtexEntry', () => {
  it('writes the month as a macro and drops a repeated URL', () => {
    const { entry, missing } = repairBibtexEntry(
      { type: 'article', label: 'k', properties: { author: 'A', title: 'T', journal: 'J', year: '2018', month: 'sep 14', url: 'u', howpublished: 'u' } },
      'bibtex',
      { type: 'article-journal' },
    )
    expect(entry.properties).toEqual({ author: 'A', title: 'T', journal: 'J', year: '2018', month: '\u0000sep', url: 'u' })
    expect(missing).toEqual([])
  })
  it('writes literal braces as \\{ \\} only where they pair, since BibTeX counts escaped braces too', () => {
    // A real .bib wrote `Thi\{'ebaux`: a lone \{ in the export would swallow every entry after it.
    const { entry } = repairBibtexEntry(
      { type: 'report', label: 'k', properties: { author: "Thi\\textbraceleft{}'ebaux, Sylvie", title: 'Sets \\textbraceleft{}a\\textbraceright{} and \\textdollar{}5' } },
      'bibtex',
      { type: 'report' },
    )
    expect(entry.properties.author).toBe("Thi\\textbraceleft{}'ebaux, Sylvie")
    expect(entry.properties.title).toBe('Sets \\{a\\} and \\$5')
  })
  it('keeps an author-less newspaper article an @article with its journal, and says what biber will miss', () => {
    const { entry, missing } = repairBibtexEntry(
      { type: 'article', label: 'k', properties: { title: 'T \\textunderscore{}', journaltitle: 'NOS', url: 'https://nos.nl', volume: '3' } },
      'biblatex',
      { type: 'article-newspaper', language: 'nl' },
    )
    expect(entry).toEqual({ type: 'article', label: 'k', properties: { title: 'T \\_', journaltitle: 'NOS', url: 'https://nos.nl', volume: '3', langid: 'dutch', entrysubtype: 'newspaper' } })
    expect(missing).toEqual(['author', 'date'])
  })

  it('keeps in BibTeX the abstract, keywords, access date and translator that only the BibLaTeX mapping writes', () => {
    const biblatex = { type: 'book', label: 'k', properties: { title: 'T', abstract: 'A', keywords: 'x, y', urldate: '2021-01-02', translator: 'Tr, B' } }
    const { entry } = repairBibtexEntry({ type: 'book', label: 'k', properties: { title: 'T' } }, 'bibtex', { type: 'book' }, biblatex)
    expect(entry.properties).toEqual({ title: 'T', abstract: 'A', keywords: 'x, y', urldate: '2021-01-02', translator: 'Tr, B' })
  })

  it('braces the words whose case a style must keep: those the sentence-case title keeps, and DNA or iPhone', () => {
    const csl = { type: 'article-journal', title: 'The Rise of DNA Sequencing in Europe: A Higher-Order History', custom: { 'title-sentence-case': 'The rise of DNA sequencing in Europe: A higher-order history' } }
    const { entry } = repairBibtexEntry({ type: 'article', label: 'k', properties: { title: 'The Rise of DNA Sequencing in Europe: A Higher-Order History' } }, 'biblatex', csl)
    expect(entry.properties.title).toBe('The Rise of {DNA} Sequencing in {Europe}: A Higher-Order History')
    const typed = repairBibtexEntry({ type: 'misc', label: 'k', properties: { title: 'Why the iPhone won \\& {braces}' } }, 'biblatex', { title: 'Why the iPhone won & {braces}' })
    expect(typed.entry.properties.title).toBe('Why the {iPhone} won \\& {braces}')
  })

  it('writes a chapter with editors as @incollection, and gives back the type a .bib was read with', () => {
    const chapter = repairBibtexEntry({ type: 'inbook', label: 'k', properties: {} }, 'biblatex', { type: 'chapter', editor: [{ family: 'E' }] })
    expect(chapter.entry.type).toBe('incollection')
    const collection = repairBibtexEntry({ type: 'book', label: 'k', properties: {} }, 'biblatex', { type: 'book', custom: { 'biblatex-type': 'collection' } })
    expect(collection.entry.type).toBe('collection')
    // Once the user makes it a report, the written type no longer applies.
    const changed = repairBibtexEntry({ type: 'report', label: 'k', properties: {} }, 'biblatex', { type: 'report', custom: { 'biblatex-type': 'collection' } })
    expect(changed.entry.type).toBe('report')
  })
})
