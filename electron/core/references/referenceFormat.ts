import type { CslItem } from '../cslItem'

// Kept apart from the reader, which loads citation-js, so the renderer can tell a reference file by its name.

export type ReferenceFormat = 'bibtex' | 'ris' | 'csl-json'

/** One reference read from a file: its CSL-JSON, its own citation key, and its text as written. */
export interface ReferenceEntry {
  csl: Partial<CslItem>
  key?: string
  source: string
  /** The line of the file the entry starts on, so that a refusal can say where it is. */
  line?: number
  /**
   * The earlier entry of the same file that has the same key (1-based place, and line when known):
   * set by addReferencesInChunks, which alone sees the whole file when its chunks are added apart.
   */
  repeats?: { entry: number; line?: number }
}

const FORMATS: Record<string, ReferenceFormat> = { bib: 'bibtex', bibtex: 'bibtex', biblatex: 'bibtex', ris: 'ris', json: 'csl-json', csljson: 'csl-json' }

export function referenceFormatOf(extension: string): ReferenceFormat | undefined {
  return Object.hasOwn(FORMATS, extension.toLowerCase()) ? FORMATS[extension.toLowerCase()] : undefined
}

/** The format a file's name says it holds, if it is a reference file. */
export function referenceFormatOfName(name: string): ReferenceFormat | undefined {
  return referenceFormatOf(/\.([a-z0-9]{1,10})$/i.exec(name)?.[1] ?? '')
}
