import { ArchiveError } from '../archiveError'
import { decodeWindows1252 } from '../decodeText'

export interface DecodedPage {
  html: string
  encoding: string
}

// Labels that mean Windows-1252 in every browser (the WHATWG Encoding Standard maps Latin-1 to it).
const WINDOWS_1252 = new Set(['windows-1252', 'cp1252', 'iso-8859-1', 'latin1', 'l1', 'iso8859-1', 'us-ascii', 'ascii', 'x-cp1252'])

/**
 * Decodes a web page as a browser would: a BOM first, then the charset of the HTTP header, then the
 * one the page declares in its first 1024 bytes, else UTF-8. Bytes that do not fit the charset are
 * refused rather than archived garbled.
 */
export function decodeHtmlPage(bytes: Uint8Array, name: string, headerCharset?: string): DecodedPage {
  if (!bytes.length) throw new ArchiveError('unsupported_file', `${name} is empty.`)
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeAs(bytes.subarray(3), 'utf-8', name, false)
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return decodeAs(bytes, bytes[0] === 0xff ? 'utf-16le' : 'utf-16be', name, false)
  }
  const declared = headerCharset?.trim() || declaredCharset(bytes)
  if (declared) return decodeAs(bytes, declared, name, true)
  return decodeAs(bytes, 'utf-8', name, false)
}

function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = decodeWindows1252(bytes.subarray(0, 1024))
  const meta = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)
  return meta?.[1]
}

function decodeAs(bytes: Uint8Array, label: string, name: string, declared: boolean): DecodedPage {
  const lower = label.toLowerCase()
  if (WINDOWS_1252.has(lower)) return { html: decodeWindows1252(bytes), encoding: 'windows-1252' }
  let decoder: TextDecoder
  try {
    decoder = new TextDecoder(lower, { fatal: true })
  } catch {
    throw new ArchiveError('unsupported_file', `${name} declares the character set "${label}", which Scriptorium cannot read.`)
  }
  try {
    return { html: decoder.decode(bytes), encoding: decoder.encoding }
  } catch {
    throw new ArchiveError(
      'unsupported_file',
      declared
        ? `${name} is not valid ${decoder.encoding} text although it declares that character set; it was not added.`
        : `${name} is not valid UTF-8 and declares no other character set; it was not added.`,
    )
  }
}
