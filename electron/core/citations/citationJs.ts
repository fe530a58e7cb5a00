import type { Cite as CiteClass } from '@citation-js/core'

/** A citation-js registry of styles or locales, as `plugins.config.get('@csl')` exposes it. */
export interface CslRegister {
  add(id: string, xml: string): void
  get(id: string): string | undefined
  has(id: string): boolean
  remove?(id: string): void
}

export interface CitationJs {
  Cite: typeof CiteClass
  styles: CslRegister
  locales: CslRegister
}

let loading: Promise<CitationJs> | undefined
let loadingFormats: Promise<CitationJs> | undefined

/**
 * citation-js with its CSL plugin, loaded on first use: loading it takes longer than opening a 10k
 * library, so nothing pays for it until something is cited or exported.
 */
export function loadCitationJs(): Promise<CitationJs> {
  loading ??= Promise.all([import('@citation-js/core'), import('@citation-js/plugin-csl')]).then(([core]) => {
    const csl = core.plugins.config.get('@csl') as { styles: CslRegister; locales: CslRegister }
    return { Cite: core.Cite, styles: csl.styles, locales: csl.locales }
  })
  return loading
}

/** citation-js able to write (and read) BibTeX, BibLaTeX and RIS too; a quote needs none of them. */
export function loadCitationJsFormats(): Promise<CitationJs> {
  loadingFormats ??= Promise.all([loadCitationJs(), import('@citation-js/plugin-bibtex'), import('@citation-js/plugin-ris')]).then(([citationJs]) => citationJs)
  return loadingFormats
}
