import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { createArchiveService } from '../electron/core/archiveService'
import type { ExtractPdf } from '../electron/core/pdf/pdfExtraction'
import { readArticleStructure } from '../electron/core/readArticleStructure'
import { createLibraryStore } from '../electron/node/library/libraryStore'
import { ftsSearch } from '../electron/node/library/ftsSearchBinding'
import { extractPdfInWorker } from '../electron/node/pdf/extractPdfInWorker'
import { fakeArticle } from './fakeArticle'
import { measurePdfFirstPage } from './pdfFirstPageBench'
import { summarize } from './summarize'
import { timeRuns } from './timeRuns'

export const PDF_IMPORT_TARGET = 500
export const PDF_SEARCH_TARGET = 5
export const PDF_HIGHLIGHT_TARGET = 10
const IMPORT_RUNS = 10
const SEARCH_RUNS = 40
const LIBRARY_PDFS = 1_000

/** A paper of `pages` pages of set text (Helvetica, 10 pt, about 450 words a page), as a word processor writes one. */
async function paperPdf(n: number, pages: number): Promise<Uint8Array> {
  const document = await PDFDocument.create()
  const font = await document.embedFont(StandardFonts.Helvetica)
  document.setTitle(fakeArticle(n).title)
  for (let page = 0; page < pages; page++) {
    const article = fakeArticle(n * 100 + page)
    const words = article.body.replace(/[^\x20-\x7e\u00a0-\u00ff]/g, ' ').split(/\s+/)
    const sheet = document.addPage([595, 842])
    let line = ''
    let y = 790
    for (const word of words) {
      if (font.widthOfTextAtSize(`${line} ${word}`, 10) > 480) {
        sheet.drawText(line, { x: 56, y, size: 10, font })
        y -= 13
        line = word
        if (y < 60) break
      } else line = line ? `${line} ${word}` : word
    }
    if (y >= 60) sheet.drawText(line, { x: 56, y, size: 10, font })
  }
  return document.save()
}

/** As the app opens a library: words of a highlight are indexed right after it is saved, outside the change. */
function service(dir: string, extractPdf: ExtractPdf) {
  const store = createLibraryStore(dir, { search: ftsSearch, indexInBackground: true })
  return Object.assign(createArchiveService({ store, readSample: () => Promise.reject(new Error('no sample in the bench')), extractPdf }), { indexQueued: () => store.indexQueued() })
}

const upload = (name: string, bytes: Uint8Array) => ({ name, dataBase64: Buffer.from(bytes).toString('base64') })

/**
 * The PDF rows: a 20-page paper imported as the app imports it (its own worker thread, text and
 * metadata, record and index written), and search in a library of 1,000 PDFs of four pages.
 */
export async function measurePdf(): Promise<{ operation: string; median: number; p95: number; target?: number }[]> {
  const dir = await mkdtemp(join(tmpdir(), 'scriptorium-bench-pdf-'))
  try {
    const paper = await paperPdf(1, 20)
    const app = service(join(dir, 'import'), extractPdfInWorker())
    const imports = await timeRuns(IMPORT_RUNS, async () => {
      const report = await app.importFiles({ files: [upload('paper.pdf', paper)], allowDuplicate: true })
      if (report.added[0]?.pdf?.pageCount !== 20) throw new Error(`the paper was not imported: ${JSON.stringify(report.failed)}`)
    })

    // Through the worker too, as the app reads PDFs: pdf.js's legacy build, loaded in-process, replaces the
    // global JSON.stringify with a slower polyfill, and every later write of the bench would pay for it.
    const library = service(join(dir, 'library'), extractPdfInWorker())
    const ids: string[] = []
    for (let n = 0; n < LIBRARY_PDFS; n++) {
      const report = await library.importFiles({ files: [upload(`paper-${n}.pdf`, await paperPdf(1000 + n, 4))], allowDuplicate: true })
      if (!report.added.length) throw new Error(`paper-${n}.pdf was not imported: ${JSON.stringify(report.failed)}`)
      ids.push(report.added[0].id)
    }
    const word = fakeArticle(1234).body.split(/\s+/)[3].replace(/\W/g, '')
    const phrase = fakeArticle(1234 * 100 + 1).body.split(/\s+/).slice(5, 8).join(' ').replace(/[^\w\s]/g, '')
    const searches = await timeRuns(SEARCH_RUNS, (run) => library.search({ query: run % 2 ? `"${phrase}"` : word }))
    // A selection in the reader: its offsets in the archived text, stored with its page's selectors and indexed.
    const highlighted = ids[ids.length >> 1]
    const { text } = await readArticleStructure(await readFile(join(dir, 'library', 'items', highlighted, 'content.html'), 'utf8'))
    const selection = (run: number) => {
      const start = text.indexOf(' ', (run * 97) % (text.length - 200)) + 1
      return { id: highlighted, quote: text.slice(start, text.indexOf(' ', start + 20)), start, end: text.indexOf(' ', start + 20) }
    }
    // A reader highlights seconds apart: each run starts once the last one's words are indexed.
    const highlights: number[] = []
    for (let run = 0; run < SEARCH_RUNS; run++) {
      await library.indexQueued()
      const [took] = await timeRuns(1, async () => {
        const highlight = await library.addHighlight(selection(run))
        if (!highlight.pages) throw new Error('the highlight on the PDF has no page')
      })
      highlights.push(took)
    }
    await library.indexQueued()
    // The same, until its words are in the index: the item's whole text is indexed again with them.
    const indexed = await timeRuns(SEARCH_RUNS, async (run) => {
      await library.addHighlight(selection(SEARCH_RUNS + run))
      await library.indexQueued()
    })
    const found = await library.search({ query: `in:highlights "${selection(2 * SEARCH_RUNS - 1).quote.replace(/[^\p{L}\p{N}\s]/gu, ' ').trim()}"` })
    if (!found.hits.some((hit) => hit.id === highlighted)) throw new Error('the last highlight is not found by a search for its words')
    return [
      { operation: 'import a 20-page PDF paper, text and metadata (worker)', ...summarize(imports), target: PDF_IMPORT_TARGET },
      { operation: `search in ${LIBRARY_PDFS.toLocaleString('en')} PDFs (a word, a phrase)`, ...summarize(searches), target: PDF_SEARCH_TARGET },
      { operation: 'highlight on a PDF page, persisted (its words indexed right after)', ...summarize(highlights), target: PDF_HIGHLIGHT_TARGET },
      { operation: 'highlight on a PDF page, until its words are indexed', ...summarize(indexed) },
      await measurePdfFirstPage(),
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
