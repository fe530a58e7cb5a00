import { ArchiveError } from './archiveError'

/** Files cross every transport as base64, the one binary form JSON carries. */
export function decodeBase64(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) {
    throw new ArchiveError('invalid_argument', 'A file arrived damaged: its data is not valid base64.')
  }
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
/** The two base64 letters of each 12-bit value, as character codes. */
const PAIRS = (() => {
  const pairs = new Uint16Array(4096)
  for (let value = 0; value < 4096; value++) pairs[value] = (ALPHABET.charCodeAt(value >> 6) << 8) | ALPHABET.charCodeAt(value & 63)
  return pairs
})()
const ascii = new TextDecoder('ascii')

/**
 * Written out by table: building a binary string for btoa (String.fromCharCode over chunks of the file)
 * took 200–300 ms of CPU for a 700 kB PDF, every time the reader opened it.
 */
export function encodeBase64(bytes: Uint8Array): string {
  const whole = bytes.length - (bytes.length % 3)
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4)
  let at = 0
  for (let i = 0; i < whole; i += 3) {
    const triple = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2]
    const high = PAIRS[triple >> 12]
    const low = PAIRS[triple & 0xfff]
    out[at++] = high >> 8
    out[at++] = high & 0xff
    out[at++] = low >> 8
    out[at++] = low & 0xff
  }
  if (whole < bytes.length) {
    const rest = bytes.length - whole
    const triple = (bytes[whole] << 16) | (rest === 2 ? bytes[whole + 1] << 8 : 0)
    out[at++] = ALPHABET.charCodeAt(triple >> 18)
    out[at++] = ALPHABET.charCodeAt((triple >> 12) & 63)
    out[at++] = rest === 2 ? ALPHABET.charCodeAt((triple >> 6) & 63) : 61
    out[at++] = 61
  }
  return ascii.decode(out)
}
