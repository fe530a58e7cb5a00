/**
 * How many entries of a reference file go into one addReferences call: small enough that a progress
 * bar moves and Cancel answers within a second, large enough that the catalog and the auto-exported
 * files are rewritten rarely.
 */
export const REFERENCE_CHUNK = 100

/** The most entries one call may carry, whatever the client chose. */
export const MAX_REFERENCE_CHUNK = 1000

export function chunksOf<T>(list: readonly T[], size = REFERENCE_CHUNK): T[][] {
  const chunks: T[][] = []
  for (let start = 0; start < list.length; start += size) chunks.push(list.slice(start, start + size))
  return chunks
}
