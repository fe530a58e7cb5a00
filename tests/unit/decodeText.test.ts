import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ArchiveError } from '../../electron/core/archiveError'
import { decodeText } from '../../electron/core/decodeText'
import { repoRoot, samplePath } from '../support/tempLibrary'

const utf8 = (text: string) => new TextEncoder().encode(text)

function utf16le(text: string): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2)
  bytes.set([0xff, 0xfe])
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    bytes[2 + i * 2] = unit & 0xff
    bytes[3 + i * 2] = unit >> 8
  }
  return bytes
}

/** The ArchiveError decodeText throws, so both its code and its sentence can be checked. */
function refusal(bytes: Uint8Array, fileName: string): ArchiveError {
  try {
    decodeText(bytes, fileName)
  } catch (error) {
    if (error instanceof ArchiveError) return error
    throw error
  }
  throw new Error('decodeText accepted the file')
}

describe('decodeText', () => {
  it('decodes UTF-8', () => {
    expect(decodeText(utf8('Zuid-Korea’s “vrede” — café'), 'a.txt')).toEqual({
      text: 'Zuid-Korea’s “vrede” — café',
      encoding: 'utf-8',
    })
  })

  it('drops a UTF-8 byte order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Hallo wereld')])
    expect(decodeText(bytes, 'bom.txt')).toEqual({ text: 'Hallo wereld', encoding: 'utf-8' })
  })

  it('decodes UTF-16LE with a byte order mark, which otherwise would look binary', () => {
    const bytes = utf16le('Grüße aus Seoul\r\n')
    expect(bytes.includes(0)).toBe(true)
    expect(decodeText(bytes, 'u16.txt')).toEqual({ text: 'Grüße aus Seoul\r\n', encoding: 'utf-16le' })
  })

  it('decodes UTF-16BE with a byte order mark', () => {
    const bytes = new Uint8Array([0xfe, 0xff, 0x00, 0x68, 0x00, 0xe9])
    expect(decodeText(bytes, 'be.txt')).toEqual({ text: 'hé', encoding: 'utf-16be' })
  })

  it('decodes UTF-16 without a byte order mark, known by its NULs, in either byte order', async () => {
    // A real article, as a Windows tool may save it: UTF-16 with no BOM.
    const text = (await readFile(samplePath, 'utf8')).replace(/^\ufeff/, '')
    const little = Buffer.from(text, 'utf16le')
    expect(decodeText(little, 'korea-utf16le.txt')).toEqual({ text, encoding: 'utf-16le' })
    const big = Buffer.from(little).swap16()
    expect(decodeText(big, 'korea-utf16be.txt')).toEqual({ text, encoding: 'utf-16be' })
  })

  it('still refuses as binary a real PNG and a file of 16-bit numbers, whatever their NULs', async () => {
    expect(refusal(await readFile(join(repoRoot, 'tests/fixtures/not-text.png')), 'not-text.png').message).toBe('not-text.png is a binary file, not text.')
    // Small numbers stored as 16-bit little-endian: NULs in every other byte, like UTF-16 text.
    const numbers = new Uint8Array(Uint16Array.from({ length: 500 }, (_, n) => (n % 200) + 1).buffer)
    expect(refusal(numbers, 'samples.raw').message).toBe('samples.raw is a binary file, not text.')
  })

  it('falls back to Windows-1252 for bytes that are not UTF-8', () => {
    // "café à Genève" in Windows-1252: é = 0xE9, à = 0xE0, è = 0xE8, all invalid as UTF-8 here.
    const bytes = new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0xe0, 0x20, 0x47, 0x65, 0x6e, 0xe8, 0x76, 0x65])
    expect(decodeText(bytes, 'legacy.txt')).toEqual({ text: 'café à Genève', encoding: 'windows-1252' })
  })

  it('refuses bytes that Windows-1252 leaves undefined', () => {
    const error = refusal(new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x81]), 'odd.txt')
    expect(error.code).toBe('unsupported_file')
    expect(error.message).toBe('odd.txt is neither UTF-8 nor Windows-1252 text; convert it to UTF-8 and add it again.')
  })

  it('refuses an empty file', () => {
    const error = refusal(new Uint8Array(0), 'empty.txt')
    expect(error.code).toBe('unsupported_file')
    expect(error.message).toBe('empty.txt is empty.')
  })

  it('refuses a file holding only whitespace', () => {
    const error = refusal(utf8(' \n\t\r\n  '), 'blank.txt')
    expect(error.code).toBe('unsupported_file')
    expect(error.message).toBe('blank.txt holds no text.')
  })

  it('refuses a UTF-16 file holding only its byte order mark', () => {
    expect(refusal(new Uint8Array([0xff, 0xfe]), 'bom-only.txt').message).toBe('bom-only.txt holds no text.')
  })

  it('refuses text with NUL bytes as binary', () => {
    const error = refusal(new Uint8Array([...utf8('Hello'), 0, ...utf8('world')]), 'nul.txt')
    expect(error.code).toBe('unsupported_file')
    expect(error.message).toBe('nul.txt is a binary file, not text.')
  })

  it('refuses a PNG, with or without NUL bytes in what was read', () => {
    const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
    const withChunk = new Uint8Array([...signature, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52])
    expect(refusal(withChunk, 'picture.png').message).toBe('picture.png is a binary file, not text.')
    // The signature alone has no NUL, but its 0x1A control character still gives it away.
    expect(refusal(new Uint8Array(signature), 'sig.png').message).toBe('sig.png is a binary file, not text.')
  })

  it('refuses valid UTF-8 that holds control characters', () => {
    expect(refusal(utf8('text\u0007bell'), 'bell.txt').message).toBe('bell.txt is a binary file, not text.')
  })

  it('accepts tabs, form feeds and CRLF line ends', () => {
    expect(decodeText(utf8('a\tb\fc\r\nd'), 'ok.txt').text).toBe('a\tb\fc\r\nd')
  })
})

describe('decodeText: Windows-1252 beyond Latin-1', () => {
  it('maps 0x80–0x9F to the curly quotes, dashes and euro sign they stand for', () => {
    const bytes = Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x96, 0x20, 0x93, 0x71, 0x75, 0x6f, 0x74, 0x65, 0x94, 0x20, 0x80, 0x35])
    expect(decodeText(bytes, 'cafe.txt')).toEqual({ text: 'café – “quote” €5', encoding: 'windows-1252' })
  })

  it('never returns C1 control characters, the mark of a Latin-1 mis-decoding', () => {
    const everyHighByte = Uint8Array.from({ length: 32 }, (_, index) => 0x80 + index).filter((byte) => ![0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(byte))
    // Each byte stands alone between words, as punctuation does in real text.
    const bytes = Uint8Array.from([...everyHighByte].flatMap((byte) => [0x61, 0x20, byte, 0x20, 0x62, 0x20]))
    const { text, encoding } = decodeText(bytes, 'high.txt')
    expect(encoding).toBe('windows-1252')
    expect(text).not.toMatch(/[\u0080-\u009f]/)
    expect(text).toContain('a € b a ‚ b a ƒ b')
    expect(text.endsWith('a Ÿ b ')).toBe(true)
  })
})

describe('decodeText: text that is not Windows-1252 is refused, not stored garbled', () => {
  const refusedAsOtherEncoding = (name: string) => `${name} is neither UTF-8 nor Windows-1252 text; convert it to UTF-8 and add it again.`

  it('refuses Russian in KOI8-R', () => {
    // "Привет, мир. Это короткий текст." in KOI8-R
    const bytes = Uint8Array.from([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4, 0x2c, 0x20, 0xcd, 0xc9, 0xd2, 0x2e, 0x20, 0xfc, 0xd4, 0xcf, 0x20, 0xcb, 0xcf, 0xd2, 0xcf, 0xd4, 0xcb, 0xc9, 0xca, 0x20, 0xd4, 0xc5, 0xcb, 0xd3, 0xd4, 0x2e])
    expect(refusal(bytes, 'ru.txt').message).toBe(refusedAsOtherEncoding('ru.txt'))
  })

  it('refuses Polish in ISO-8859-2, whose letters read as symbols inside words', () => {
    // "Zażółć gęślą jaźń to krótki tekst." in ISO-8859-2
    const bytes = Uint8Array.from([0x5a, 0x61, 0xbf, 0xf3, 0xb3, 0xe6, 0x20, 0x67, 0xea, 0xb6, 0x6c, 0xb1, 0x20, 0x6a, 0x61, 0xbc, 0xf1, 0x20, 0x74, 0x6f, 0x20, 0x6b, 0x72, 0xf3, 0x74, 0x6b, 0x69, 0x20, 0x74, 0x65, 0x6b, 0x73, 0x74, 0x2e])
    expect(refusal(bytes, 'pl.txt').message).toBe(refusedAsOtherEncoding('pl.txt'))
  })

  it('refuses UTF-8 with a damaged byte rather than reading it all as Windows-1252', () => {
    const bytes = Uint8Array.from([...utf8('Het café is zo’n plek '), 0xff, ...utf8('.')])
    expect(refusal(bytes, 'damaged.txt').message).toBe('damaged.txt is damaged UTF-8 text (or mixes two encodings); repair it and add it again.')
  })

  it('refuses malformed UTF-16 instead of inventing replacement characters', () => {
    const bytes = Uint8Array.from([0xff, 0xfe, 0x41, 0x00, 0x00, 0xd8, 0x42, 0x00]) // "A", a lone high surrogate, "B"
    expect(refusal(bytes, 'u16.txt').message).toBe(refusedAsOtherEncoding('u16.txt'))
  })

  it('accepts a DOS file that ends in Ctrl-Z', () => {
    expect(decodeText(Uint8Array.from([...utf8('Plain old text.\r\n'), 0x1a]), 'dos.txt')).toEqual({ text: 'Plain old text.\r\n', encoding: 'utf-8' })
  })
})
