import { Cite, plugins } from '@citation-js/core'
import '@citation-js/plugin-csl'
import { BUNDLED_LOCALES, BUNDLED_STYLES, readBundledLocale, readBundledStyle } from '../../electron/node/bundledCsl'

/** The sample article (resources/samples): a Dutch news report without an author. */
export const KOREA = {
  id: 'korea',
  type: 'article-newspaper',
  title: 'Noord- en Zuid-Korea hebben vrijdag een verbindingsbureau geopend aan de grens',
  language: 'nl',
  issued: { 'date-parts': [[2018, 9, 14]] },
}

/** Items that exercise names with particles, journal numbering and characters that need escaping somewhere. */
export const VARIED_ITEMS = [
  KOREA,
  {
    id: 'devries2020',
    type: 'article-journal',
    author: [
      { family: 'Vries', given: 'Anna', 'non-dropping-particle': 'de' },
      { family: 'Jansen', given: 'Piet' },
    ],
    title: 'Grenzen in beweging: een vergelijkend onderzoek',
    'container-title': 'Tijdschrift voor Geschiedenis',
    volume: '133',
    issue: '2',
    page: '201-225',
    DOI: '10.5117/TVG2020.2.003.VRIE',
    issued: { 'date-parts': [[2020, 6]] },
  },
  {
    id: 'muller2019',
    type: 'book',
    author: [{ family: 'Müller', given: 'Jürgen' }],
    title: 'Ärger in Øresund: “Bridges” & tunnels, 100% of $5_000 {and more}',
    publisher: 'Gyldendal',
    'publisher-place': 'København',
    issued: { 'date-parts': [[2019]] },
  },
]

/** Registers every bundled style (as bundled-ID, beside citation-js's own apa) and locale with citation-js. */
export async function registerBundledCsl(): Promise<void> {
  const csl = plugins.config.get('@csl') as {
    styles: { add(id: string, xml: string): void }
    locales: { add(tag: string, xml: string): void }
  }
  for (const { id } of BUNDLED_STYLES) csl.styles.add(`bundled-${id}`, await readBundledStyle(id))
  for (const tag of BUNDLED_LOCALES) csl.locales.add(tag, await readBundledLocale(tag))
}

export function formatWithCitationJs(item: object, style: string, lang: string, kind: 'citation' | 'bibliography', format: 'text' | 'html' = 'text'): string {
  const entry = kind === 'citation' ? [{ id: (item as { id: string }).id, locator: '3', label: 'paragraph' }] : undefined
  return new Cite([item]).format(kind, { format, template: style, lang, entry }).trim()
}
