import type { ImportReport, ReferenceChunk, ReferenceEntry, ReferenceFileContents } from '../archiveApi'
import { chunksOf } from './referenceChunks'

export interface ChunkedImportOptions {
  allowDuplicate?: boolean
  /** Told after each chunk the library took, with the entries it carried. */
  onChunk?: (report: ImportReport, entries: ReferenceEntry[], progress: { done: number; total: number }) => void
  /** Asked before each chunk: true stops the import there (Cancel). */
  stopRequested?: () => boolean
}

export interface ChunkedImport {
  done: number
  total: number
  stopped: boolean
  /** Why the library refused a chunk (read-only, full), when it did: the entries from there on were not added. */
  refusal: Error | null
}

/**
 * Adds the entries of a reference file a chunk at a time, each chunk one addReferences call: the one
 * loop the service, the CLI and the app share, so each stops, counts and reports the same way.
 */
export async function addReferencesInChunks(
  name: string,
  contents: Pick<ReferenceFileContents, 'format' | 'encoding' | 'entries'>,
  addChunk: (chunk: ReferenceChunk) => Promise<ImportReport>,
  { allowDuplicate, onChunk, stopRequested }: ChunkedImportOptions = {},
): Promise<ChunkedImport> {
  const total = contents.entries.length
  let done = 0
  for (const entries of chunksOf(markRepeatedKeys(contents.entries))) {
    if (stopRequested?.()) return { done, total, stopped: true, refusal: null }
    let report: ImportReport
    try {
      report = await addChunk({ name, format: contents.format, encoding: contents.encoding, entries, ...(allowDuplicate ? { allowDuplicate } : {}) })
    } catch (error) {
      return { done, total, stopped: false, refusal: error instanceof Error ? error : new Error(String(error)) }
    }
    done += entries.length
    onChunk?.(report, entries, { done, total })
  }
  return { done, total, stopped: false, refusal: null }
}

/**
 * Each entry whose key an earlier entry of the file already has, marked with that entry: the chunk
 * that carries it cannot see the earlier chunks, and its note must not blame another item of the library.
 */
function markRepeatedKeys(entries: ReferenceEntry[]): ReferenceEntry[] {
  const first = new Map<string, { entry: number; line?: number }>()
  return entries.map((entry, index) => {
    if (!entry.key) return entry
    const earlier = first.get(entry.key)
    if (earlier) return { ...entry, repeats: earlier }
    first.set(entry.key, { entry: index + 1, ...(entry.line === undefined ? {} : { line: entry.line }) })
    return entry
  })
}
