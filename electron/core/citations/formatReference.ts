import type { CslItem } from '../cslItem'
import { loadCitationJs } from './citationJs'

export interface ReferenceStyle {
  /** A CSL style registered with citation-js: apa (the default) unless the caller registered another. */
  style?: string
  locale?: string
}

/** The full reference of one item, as plain text in the chosen style (APA in en-US by default). */
export async function formatReference(csl: CslItem, { style = 'apa', locale = 'en-US' }: ReferenceStyle = {}): Promise<string> {
  const { Cite } = await loadCitationJs()
  return new Cite([csl]).format('bibliography', { format: 'text', template: style, lang: locale }).trim()
}
