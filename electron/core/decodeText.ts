import { ArchiveError } from './archiveError'

export interface DecodedText {
  text: string
  encoding: string
}

// Windows-1252's bytes 0x80–0x9F, which differ from Latin-1. Node 20's TextDecoder decodes
// 'windows-1252' as Latin-1 and would turn curly quotes into C1 control codes, so map them here.
// The five gaps are undefined in 1252: a file holding them is not 1252 text.
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d])
// DOS editors end a text file with Ctrl-Z.
const DOS_END_OF_FILE = 0x1a

/**
 * Decodes a text file as UTF-8 (with or without BOM), UTF-16 (with BOM, or without one as its NULs show) or, failing UTF-8,
 * Windows-1252 when the result reads as Western text. Anything else is refused rather than stored
 * garbled.
 */
export function decodeText(input: Uint8Array, fileName: string): DecodedText {
  const bytes = input.at(-1) === DOS_END_OF_FILE ? input.subarray(0, -1) : input
  if (bytes.length === 0) throw new ArchiveError('unsupported_file', `${fileName} is empty.`)
  const notText = () =>
    new ArchiveError('unsupported_file', `${fileName} is neither UTF-8 nor Windows-1252 text; convert it to UTF-8 and add it again.`)

  const utf16 = utf16Encoding(bytes)
  if (utf16) {
    try {
      return checked(new TextDecoder(utf16, { fatal: true }).decode(bytes), utf16, fileName)
    } catch (error) {
      throw error instanceof ArchiveError ? error : notText()
    }
  }
  if (bytes.subarray(0, 8192).includes(0)) {
    throw new ArchiveError('unsupported_file', `${fileName} is a binary file, not text.`)
  }
  try {
    return checked(new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'utf-8', fileName)
  } catch (error) {
    if (error instanceof ArchiveError) throw error
  }
  if (mostlyUtf8(bytes)) {
    throw new ArchiveError('unsupported_file', `${fileName} is damaged UTF-8 text (or mixes two encodings); repair it and add it again.`)
  }
  if (bytes.some((byte) => UNDEFINED_IN_1252.has(byte))) throw notText()
  const text = decodeWindows1252(bytes)
  if (!readsAsWesternText(text)) throw notText()
  return checked(text, 'windows-1252', fileName)
}

function utf16Encoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be'
  return utf16WithoutBom(bytes)
}

/**
 * UTF-16 saved without a byte order mark (as some Windows tools do) is known by its NULs: text that
 * is mostly Latin has a NUL in every other byte, on the high side of each unit and never the low.
 * A binary file that happens to match is still refused, as control characters, once decoded.
 */
function utf16WithoutBom(bytes: Uint8Array): string | undefined {
  const units = Math.min(bytes.length, 8192) >> 1
  if (units < 2) return undefined
  let evenNuls = 0
  let oddNuls = 0
  for (let i = 0; i < units * 2; i += 2) {
    if (bytes[i] === 0) evenNuls++
    if (bytes[i + 1] === 0) oddNuls++
  }
  const [high, low] = oddNuls >= evenNuls ? [oddNuls, evenNuls] : [evenNuls, oddNuls]
  if (high < units / 2 || low > units / 100) return undefined
  return oddNuls > evenNuls ? 'utf-16le' : 'utf-16be'
}

/** True when the bytes above 0x7F form well-made UTF-8 sequences at least as often as stray ones. */
function mostlyUtf8(bytes: Uint8Array): boolean {
  let sequences = 0
  let strays = 0
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]
    if (byte < 0x80) continue
    const length = byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0
    let continued = length > 0 && i + length <= bytes.length
    for (let k = 1; continued && k < length; k++) continued = (bytes[i + k] & 0xc0) === 0x80
    if (continued) {
      sequences++
      i += length - 1
    } else strays++
  }
  return sequences > 0 && sequences >= strays
}

export function decodeWindows1252(bytes: Uint8Array): string {
  let text = ''
  for (let start = 0; start < bytes.length; start += 0x8000) {
    const chunk = bytes.subarray(start, start + 0x8000)
    text += String.fromCharCode(...Array.from(chunk, (byte) => (byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH.charCodeAt(byte - 0x80) : byte)))
  }
  return text
}

/**
 * Western text in 1252 has fewer accented letters than plain ones, and no symbol wedged
 * inside a word. Cyrillic in KOI8-R or Polish in ISO-8859-2 read as 1252 fail one test or the other.
 */
function readsAsWesternText(text: string): boolean {
  const letters = text.match(/\p{L}/gu)?.length ?? 0
  const accented = text.match(/[\u00c0-\u024f]/g)?.length ?? 0
  if (letters > 0 && accented / letters > 0.5) return false
  return !/\p{L}[\u00a1-\u00bf\u00d7\u00f7\u0080-\u009f](?<![\u00ad\u00b7])\p{L}/u.test(text.replace(/[‘’]/g, ''))
}

// Control characters other than tab, newline, carriage return and form feed mean binary data
// (or a mis-decoding: C1 controls never appear in real text).
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/

function checked(text: string, encoding: string, fileName: string): DecodedText {
  const body = text.replace(/^\ufeff/, '')
  if (CONTROL.test(body.slice(0, 65536))) {
    throw new ArchiveError('unsupported_file', `${fileName} is a binary file, not text.`)
  }
  if (!body.trim()) throw new ArchiveError('unsupported_file', `${fileName} holds no text.`)
  return { text: body, encoding }
}
