/**
 * A fingerprint of an article's text (two 32-bit FNV-1a hashes over the words): the same article
 * saved twice, from two addresses or files, gives the same digest. Not for security.
 */
export function contentDigest(text: string): string {
  const words = text.replace(/<[^>]*>/g, ' ').replace(/&[a-z#0-9]+;/gi, ' ').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  const joined = words.join(' ')
  let first = 0x811c9dc5
  let second = 0x01000193 ^ joined.length
  for (let index = 0; index < joined.length; index++) {
    const code = joined.charCodeAt(index)
    first = Math.imul(first ^ code, 0x01000193) >>> 0
    second = Math.imul(second ^ code, 0x5bd1e995) >>> 0
  }
  return first.toString(16).padStart(8, '0') + second.toString(16).padStart(8, '0')
}
