// citation-js 0.8 ships no types; these cover the calls Scriptorium makes.
declare module '@citation-js/core' {
  export interface FormatOptions {
    format?: 'text' | 'html'
    template?: string
    lang?: string
    entry?: { id: string; locator?: string; label?: string }[]
  }
  export class Cite {
    constructor(data: unknown)
    format(kind: 'bibliography' | 'citation', options?: FormatOptions): string
  }
  export const plugins: { config: { get(name: string): unknown }; input: { chain(data: unknown, options?: { generateGraph?: boolean }): unknown[]; chainAsync(data: unknown, options?: { generateGraph?: boolean; forceType?: string }): Promise<unknown[]> } }
}
declare module '@citation-js/plugin-csl'
declare module '@citation-js/plugin-bibtex'
declare module '@citation-js/plugin-ris'
declare module '@citation-js/plugin-doi'
