// citation-js 0.8 ships no types; these cover the calls Scriptorium makes.
declare module '@citation-js/core' {
  export interface CitationEntry {
    id: string
    locator?: string
    label?: string
  }
  export interface FormatOptions {
    format?: 'text' | 'html'
    template?: string
    lang?: string
    entry?: CitationEntry | CitationEntry[]
  }
  export class Cite {
    constructor(data: unknown)
    format(kind: 'bibliography' | 'citation', options?: FormatOptions): string
    format(kind: 'bibtex' | 'biblatex' | 'ris', options?: { format?: 'text' }): string
    format(kind: 'data', options?: { format?: 'object' | 'string' }): unknown
    static async(data: unknown): Promise<Cite>
    data: Record<string, unknown>[]
  }
  export const plugins: {
    config: { get(name: string): unknown }
    input: {
      chain(data: unknown, options?: { generateGraph?: boolean }): unknown[]
      chainAsync(data: unknown, options?: { generateGraph?: boolean; forceType?: string }): Promise<unknown[]>
    }
  }
}
declare module '@citation-js/plugin-csl'
declare module '@citation-js/plugin-bibtex'
declare module '@citation-js/plugin-ris'
declare module '@citation-js/plugin-doi'
declare module '@citation-js/plugin-bibtex/lib/input/file.js'
declare module '@citation-js/plugin-bibtex/lib/input/value.js'
declare module '@citation-js/plugin-bibtex/lib/mapping/index.js'
declare module '@citation-js/plugin-bibtex/lib/input/constants.js'
