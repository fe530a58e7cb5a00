import type { CslItem } from '../cslItem'

export interface ReferenceStyle {
  /** A CSL style citation-js knows: apa (the default), harvard1, vancouver. */
  style?: string
  locale?: string
}

/** citation-js with its CSL plugin, loaded on first use: it takes longer to load than the whole library takes to open. */
async function citationJs() {
  const [{ Cite }] = await Promise.all([import('@citation-js/core'), import('@citation-js/plugin-csl')])
  return Cite
}

/** The full reference of one item, as plain text in the chosen style (APA 7 in en-US by default). */
export async function formatReference(csl: CslItem, { style = 'apa', locale = 'en-US' }: ReferenceStyle = {}): Promise<string> {
  const Cite = await citationJs()
  return new Cite([csl]).format('bibliography', { format: 'text', template: style, lang: locale }).trim()
}
