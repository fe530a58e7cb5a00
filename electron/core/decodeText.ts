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

/**
 * Decodes a text file as UTF-8 (with or without BOM), UTF-16 (with BOM) or, failing UTF-8,
 * Windows-1252. Anything else is refused rather than stored garbled.
 */
export function decodeText(bytes: Uint8Array, fileName: string): DecodedText {
  if (bytes.length === 0) throw new ArchiveError('unsupported_file', `${fileName} is empty.`)
  const utf16 = utf16Encoding(bytes)
  if (utf16) return checked(new TextDecoder(utf16).decode(bytes), utf16, fileName)
  if (looksBinary(bytes)) {
    throw new ArchiveError('unsupported_file', `${fileName} is a binary file, not text.`)
  }
  try {
    return checked(new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'utf-8', fileName)
  } catch (error) {
    if (error instanceof ArchiveError) throw error
  }
  if (bytes.some((byte) => UNDEFINED_IN_1252.has(byte))) {
    throw new ArchiveError(
      'unsupported_file',
      `${fileName} is neither UTF-8 nor Windows-1252 text; convert it to UTF-8 and add it again.`,
    )
  }
  return checked(decodeWindows1252(bytes), 'windows-1252', fileName)
}

function decodeWindows1252(bytes: Uint8Array): string {
  let text = ''
  for (let start = 0; start < bytes.length; start += 0x8000) {
    const chunk = bytes.subarray(start, start + 0x8000)
    text += String.fromCharCode(...Array.from(chunk, (byte) => (byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH.charCodeAt(byte - 0x80) : byte)))
  }
  return text
}

function utf16Encoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be'
  return undefined
}

function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192)
  return sample.includes(0)
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
