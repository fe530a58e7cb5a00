import { Cite } from '@citation-js/core'
import '@citation-js/plugin-csl'
import type { CslItem } from '../cslItem'

export interface ReferenceStyle {
  /** A CSL style citation-js knows: apa (the default), harvard1, vancouver. */
  style?: string
  locale?: string
}

/** The full reference of one item, as plain text in the chosen style (APA 7 in en-US by default). */
export function formatReference(csl: CslItem, { style = 'apa', locale = 'en-US' }: ReferenceStyle = {}): string {
  return new Cite([csl]).format('bibliography', { format: 'text', template: style, lang: locale }).trim()
}
