import { DOMParser } from '@xmldom/xmldom'
import { beforeAll, describe, expect, it } from 'vitest'
import { BUNDLED_LOCALES, BUNDLED_STYLES, readBundledLocale, readBundledStyle } from '../../electron/node/bundledCsl'
import { KOREA, formatWithCitationJs, registerBundledCsl } from '../support/bundledCslSamples'

const CSL_NAMESPACE = 'http://purl.org/net/xbiblio/csl'

/** A strict XML parse: any well-formedness error or warning throws. */
function parseStrictly(xml: string) {
  const parser = new DOMParser({
    onError: (level, message) => {
      throw new Error(`${level}: ${message}`)
    },
  })
  return parser.parseFromString(xml, 'text/xml').documentElement!
}

describe('the bundled CSL styles and locales', () => {
  it('are the six styles and six locales the app offers, each named by its own <info><title>', () => {
    expect(BUNDLED_STYLES.map(({ id }) => id)).toEqual(['apa', 'chicago-author-date', 'modern-language-association', 'harvard-cite-them-right', 'ieee', 'vancouver'])
    expect([...BUNDLED_LOCALES]).toEqual(['en-US', 'en-GB', 'nl-NL', 'de-DE', 'fr-FR', 'es-ES'])
    const titles = Object.fromEntries(BUNDLED_STYLES.map(({ id, title }) => [id, title]))
    expect(titles.apa).toMatch(/^American Psychological Association 7th edition$/)
    expect(titles['modern-language-association']).toMatch(/^Modern Language Association 9th edition$/)
    expect(titles['chicago-author-date']).toMatch(/^Chicago Manual of Style .*author-date/)
  })

  it.each(BUNDLED_STYLES.map(({ id }) => id))('%s is well-formed CSL 1.0 in the CSL namespace', async (id) => {
    const style = parseStrictly(await readBundledStyle(id))
    expect([style.localName, style.namespaceURI, style.getAttribute('version')]).toEqual(['style', CSL_NAMESPACE, '1.0'])
    const info = style.getElementsByTagName('info')[0]
    expect(info.getElementsByTagName('title')[0].textContent).toBe(BUNDLED_STYLES.find((style) => style.id === id)!.title)
    expect(info.getElementsByTagName('link').length).toBeGreaterThan(0)
    expect([...info.getElementsByTagName('link')].map((link) => link.getAttribute('rel'))).not.toContain('independent-parent')
    expect(style.getElementsByTagName('citation')).toHaveLength(1)
    expect(style.getElementsByTagName('bibliography')).toHaveLength(1)
  })

  it.each([...BUNDLED_LOCALES])('locale %s is well-formed CSL in the CSL namespace, with its terms', async (tag) => {
    const locale = parseStrictly(await readBundledLocale(tag))
    expect([locale.localName, locale.namespaceURI, locale.getAttribute('xml:lang')]).toEqual(['locale', CSL_NAMESPACE, tag])
    const terms = [...locale.getElementsByTagName('term')]
    const paragraph = terms.find((term) => term.getAttribute('name') === 'paragraph' && term.getAttribute('form') === 'short')
    expect(paragraph?.textContent).toMatch(/\S/)
  })

  it('keeps the text and escapes of the official files', async () => {
    const apa = await readBundledStyle('apa')
    expect(apa).toMatch(/^<\?xml version="1\.0" encoding="utf-8"\?>\n<style xmlns="http:\/\/purl\.org\/net\/xbiblio\/csl"/)
    // "ed. & trans." is a term of APA's own locale block, kept with its ampersand escaped.
    expect(apa).toContain('<single>ed. &amp; trans.</single>')
    const english = parseStrictly(await readBundledLocale('en-US'))
    const openQuote = [...english.getElementsByTagName('term')].find((term) => term.getAttribute('name') === 'open-quote')
    expect(openQuote?.textContent).toBe('“')
  })

  it('refuses an unknown style or locale with a sentence that lists the bundled ones', async () => {
    await expect(readBundledStyle('apa-6th')).rejects.toThrow('There is no bundled citation style "apa-6th"; the bundled styles are apa, chicago-author-date, modern-language-association, harvard-cite-them-right, ieee, vancouver.')
    await expect(readBundledLocale('xx-XX')).rejects.toThrow(/^There is no bundled citation locale "xx-XX"; the bundled locales are en-US, .*es-ES\.$/)
    await expect(readBundledStyle('../index')).rejects.toThrow(/no bundled citation style/)
  })
})

describe('citation-js 0.8.2 with the bundled styles', () => {
  beforeAll(registerBundledCsl)

  it.each(BUNDLED_STYLES.flatMap(({ id }) => BUNDLED_LOCALES.map((tag) => [id, tag])))('formats the sample item in %s, %s', (id, tag) => {
    const citation = formatWithCitationJs(KOREA, `bundled-${id}`, tag, 'citation')
    const bibliography = formatWithCitationJs(KOREA, `bundled-${id}`, tag, 'bibliography')
    expect(citation).toMatch(/\S/)
    expect(citation).not.toMatch(/undefined|\[CSL STYLE ERROR/)
    expect(bibliography).toContain('Noord- en Zuid-Korea hebben vrijdag een verbindingsbureau geopend aan de grens')
    expect(bibliography).toContain('2018')
    expect(bibliography).not.toMatch(/undefined|\[CSL STYLE ERROR/)
  })

  it('APA 7 cites a work without author by its title, with the paragraph in the locale\'s words', () => {
    const title = KOREA.title
    expect(formatWithCitationJs(KOREA, 'bundled-apa', 'en-US', 'citation')).toBe(`(${title}, 2018, para. 3)`)
    expect(formatWithCitationJs(KOREA, 'bundled-apa', 'nl-NL', 'citation')).toBe(`(${title}, 2018, par. 3)`)
    // A standalone work's title is italic; a title inside a newspaper is quoted (APA 7, 8.14).
    expect(formatWithCitationJs(KOREA, 'bundled-apa', 'en-US', 'citation', 'html')).toContain(`<i>${title}</i>`)
    const inNewspaper = { ...KOREA, 'container-title': 'NOS Nieuws' }
    expect(formatWithCitationJs(inNewspaper, 'bundled-apa', 'en-US', 'citation')).toBe(`(“${title},” 2018, para. 3)`)
    expect(formatWithCitationJs(inNewspaper, 'bundled-apa', 'nl-NL', 'citation')).toBe(`(‘${title}’, 2018, par. 3)`)
    // The short title, where the item has one, stands in for the long one.
    const short = { ...inNewspaper, 'title-short': 'Noord- en Zuid-Korea' }
    expect(formatWithCitationJs(short, 'bundled-apa', 'en-US', 'citation')).toBe('(“Noord- en Zuid-Korea,” 2018, para. 3)')
    // The title moves to the author's place in the reference, and the date keeps month and day.
    expect(formatWithCitationJs(KOREA, 'bundled-apa', 'en-US', 'bibliography')).toBe(`${title}. (2018, September 14).`)
    expect(formatWithCitationJs(KOREA, 'bundled-apa', 'nl-NL', 'bibliography')).toBe(`${title}. (2018, september 14).`)
  })

  it('says "n.d." in English and "z.d." in Dutch for an item without a date', () => {
    const undated = { ...KOREA, issued: undefined }
    expect(formatWithCitationJs(undated, 'bundled-apa', 'en-US', 'citation')).toContain('n.d.')
    expect(formatWithCitationJs(undated, 'bundled-apa', 'nl-NL', 'citation')).toContain('z.d.')
  })
})
