/** The largest file accepted for import. A longer "article" is almost surely not one. */
export const MAX_IMPORT_BYTES = 16 * 1024 * 1024

/** The one sentence every transport shows for an oversized file, checked before reading it where possible. */
export function tooLargeToImport(name: string, byteLength: number): string {
  const megabytes = byteLength / 1024 / 1024
  return `${name} is too large to import (${megabytes.toFixed(megabytes < 100 ? 1 : 0)} MB); the limit is ${MAX_IMPORT_BYTES / 1024 / 1024} MB per file.`
}
