import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { ArchiveError } from '../../core/archiveError'
import type { PdfExtraction, PdfFile, PdfPageText } from '../../core/pdf/pdfExtraction'

/** pdf.js's package folder, whose standard fonts and character maps are read from disk, never the network. */
const PDFJS_FOLDER = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))

interface TextItem {
  str: string
  hasEOL: boolean
  height: number
  transform: number[]
}

/**
 * Reads a PDF's text layer page by page, its metadata and its page labels with pdf.js. Nothing in the
 * file runs: eval and scripting are off, fonts are not loaded into the page, XFA forms are ignored,
 * and no URL is fetched. A PDF pdf.js cannot open is refused in one sentence.
 */
export async function extractPdfText({ name, bytes }: PdfFile): Promise<PdfExtraction> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const task = getDocument({
    // pdf.js takes the buffer over; a copy leaves the caller's bytes alone.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    enableXfa: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
    standardFontDataUrl: `${pathToFileURL(join(PDFJS_FOLDER, 'standard_fonts'))}/`,
    cMapUrl: `${pathToFileURL(join(PDFJS_FOLDER, 'cmaps'))}/`,
    cMapPacked: true,
  })
  try {
    let document
    try {
      document = await task.promise
    } catch (error) {
      // pdf.js names its refusals rather than exporting every class of them.
      const kind = (error as Error).name
      if (kind === 'PasswordException') throw new ArchiveError('unsupported_file', `${name} is encrypted with a password; remove the password (print it to a new PDF) and add it again.`)
      if (kind === 'InvalidPDFException') throw new ArchiveError('unsupported_file', `${name} is damaged or cut short and cannot be read as a PDF; nothing was added.`)
      throw new ArchiveError('unsupported_file', `${name} cannot be read as a PDF (${(error as Error).message}); nothing was added.`)
    }
    if (document.numPages === 0) throw new ArchiveError('unsupported_file', `${name} is a PDF without pages; nothing was added.`)
    const labels = await document.getPageLabels().catch(() => null)
    const pages: PdfPageText[] = []
    let largestText: string | null = null
    for (let number = 1; number <= document.numPages; number++) {
      let items: TextItem[]
      try {
        const page = await document.getPage(number)
        items = (await page.getTextContent({ disableNormalization: false })).items.flatMap((item) => ('str' in item ? [item as TextItem] : []))
        page.cleanup()
      } catch (error) {
        throw new ArchiveError('unsupported_file', `${name} is damaged: page ${number} cannot be read (${(error as Error).message}); nothing was added.`)
      }
      pages.push({ label: labels?.[number - 1]?.trim() || String(number), paragraphs: paragraphsOf(items) })
      if (number === 1) largestText = largestRun(items)
    }
    const { info, metadata } = await document.getMetadata().catch(() => ({ info: {}, metadata: null }))
    return { pageCount: document.numPages, pages, info: textFields(info), xmp: xmpFields(metadata), largestText }
  } finally {
    await task.destroy()
  }
}

interface Line {
  text: string
  y: number
  height: number
}

/**
 * A page's text as paragraphs: its items joined into lines (pdf.js marks each line's end), lines
 * joined into a paragraph until the gap to the next line is clearly wider than the page's usual one
 * (so a double-spaced preprint keeps its paragraphs), or the size of the type changes. A word broken
 * at a line's end ("signif-" / "icant") is joined again, so that it can be found and quoted.
 */
function paragraphsOf(items: TextItem[]): string[] {
  const lines: Line[] = []
  let current: Line | undefined
  for (const item of items) {
    if (item.str) {
      current ??= { text: '', y: item.transform[5], height: 0 }
      current.text += item.str
      current.height = Math.max(current.height, item.height)
    }
    if (item.hasEOL && current) {
      lines.push(current)
      current = undefined
    }
  }
  if (current) lines.push(current)
  const written = lines.map((line) => ({ ...line, text: line.text.replace(/\s+/g, ' ').trim() })).filter((line) => line.text)

  const gaps = written.slice(1).map((line, index) => Math.abs(written[index].y - line.y)).filter((gap) => gap > 0).sort((a, b) => a - b)
  // The spacing of lines within a paragraph is the commonest gap; a page of a few lines has none to tell.
  const usualGap = gaps.length >= 3 ? gaps[Math.floor(gaps.length / 4)] : 0
  const paragraphs: string[] = []
  let paragraph = ''
  let previous: Line | undefined
  for (const line of written) {
    const gap = previous ? Math.abs(previous.y - line.y) : 0
    const sizeChanged = previous && Math.abs(previous.height - line.height) > 0.2 * line.height
    const wideGap = previous && gap > Math.max(usualGap * 1.3, 1.5 * Math.max(previous.height, line.height))
    if ((sizeChanged || wideGap) && paragraph) {
      paragraphs.push(paragraph)
      paragraph = ''
    }
    if (!paragraph) paragraph = line.text
    else if (/\p{Ll}-$/u.test(paragraph) && /^\p{Ll}/u.test(line.text)) paragraph = paragraph.slice(0, -1) + line.text
    else paragraph = `${paragraph} ${line.text}`
    previous = line
  }
  if (paragraph) paragraphs.push(paragraph)
  return paragraphs
}

/** The text set in the largest type on the page, when it is larger than the rest and reads like a title. */
function largestRun(items: TextItem[]): string | null {
  const sized = items.filter((item) => item.str.trim())
  if (!sized.length) return null
  const largest = Math.max(...sized.map((item) => item.height))
  // The size most of the rest of the page is set in: a title must stand out from it.
  const rest = sized.filter((item) => item.height < largest * 0.95).sort((a, b) => a.height - b.height)
  if (!rest.length) return null
  const half = rest.reduce((total, item) => total + item.str.length, 0) / 2
  let counted = 0
  const typical = rest.find((item) => (counted += item.str.length) >= half)!.height
  if (largest < typical * 1.15) return null
  const run = sized.filter((item) => item.height >= largest * 0.95).map((item) => item.str)
  const text = run.join(' ').replace(/\s+/g, ' ').trim()
  return text.length >= 4 && text.length <= 300 ? text : null
}

function textFields(info: unknown): Record<string, string> {
  const fields: Record<string, string> = {}
  if (info && typeof info === 'object') {
    for (const [key, value] of Object.entries(info)) if (typeof value === 'string' && value.trim()) fields[key] = value.trim()
  }
  return fields
}

function xmpFields(metadata: { [Symbol.iterator](): Iterator<[string, unknown]> } | null): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {}
  if (!metadata) return fields
  for (const [key, value] of metadata) {
    if (typeof value === 'string' && value.trim()) fields[key.toLowerCase()] = value.trim()
    else if (Array.isArray(value)) fields[key.toLowerCase()] = value.filter((entry): entry is string => typeof entry === 'string')
  }
  return fields
}
