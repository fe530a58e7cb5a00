import { chromium } from '@playwright/test'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { fakeArticle } from './fakeArticle'
import { summarize } from './summarize'

export const PDF_FIRST_PAGE_TARGET = 300
const PAGES = 300
const RUNS = 10

/** A book of `PAGES` pages of set text, as a word processor writes one (Helvetica, 10 pt, A4). */
async function bookPdf(): Promise<Uint8Array> {
  const document = await PDFDocument.create()
  const font = await document.embedFont(StandardFonts.Helvetica)
  document.setTitle('A book of three hundred pages')
  for (let page = 0; page < PAGES; page++) {
    const words = fakeArticle(7000 + page).body.replace(/[^\x20-\x7e\u00a0-\u00ff]/g, ' ').split(/\s+/)
    const sheet = document.addPage([595, 842])
    let line = ''
    let y = 790
    for (const word of words) {
      if (font.widthOfTextAtSize(`${line} ${word}`, 10) <= 480) line = line ? `${line} ${word}` : word
      else {
        sheet.drawText(line, { x: 56, y, size: 10, font })
        line = word
        if ((y -= 13) < 60) break
      }
    }
  }
  return document.save()
}

/** `scriptorium serve` on a library of its own, as the browser tests run it; resolves with the address it prints. */
function serve(library: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [resolve('bin/scriptorium.js'), '--library', library, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((done, fail) => {
    let output = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const url = /http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+/.exec(output)?.[0]
      if (url) done({ url, stop: () => child.kill('SIGTERM') })
    })
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => fail(new Error(`scriptorium serve exited with ${code}:\n${output}`)))
  })
}

/**
 * Opening a 300-page PDF in the reader (Chromium against `scriptorium serve`), from the click on its
 * row to its first page's canvas painted, as the page itself times it: a mark at the click and the
 * reader's mark when pdf.js reports page 1 rendered. Wall time, on whatever load the machine has.
 */
export async function measurePdfFirstPage(): Promise<{ operation: string; median: number; p95: number; target: number }> {
  const library = await mkdtemp(join(tmpdir(), 'scriptorium-bench-pdfview-'))
  const server = await serve(library)
  const browser = await chromium.launch({
    executablePath: ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path)),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(server.url)
    await page.getByTestId('file-input').first().setInputFiles([{ name: 'book.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await bookPdf()) }])
    const row = page.getByRole('row', { name: /A book of three hundred pages/ }).getByText('A book of three hundred pages')
    await row.waitFor({ timeout: 120_000 })
    await page.evaluate(() => document.addEventListener('click', () => performance.mark('pdf-click'), { capture: true }))
    const samples: number[] = []
    for (let run = 0; run <= RUNS; run++) {
      await row.click()
      await page.waitForFunction((count) => performance.getEntriesByName('pdf-first-page').length > count, run, { timeout: 60_000 })
      const took = await page.evaluate(() => performance.getEntriesByName('pdf-first-page').at(-1)!.startTime - performance.getEntriesByName('pdf-click').at(-1)!.startTime)
      // The first opening also loads pdf.js and its worker once for the session; it is timed apart from the rest.
      if (process.env.PDF_BENCH_MARKS) console.error(await page.evaluate(() => ['pdf-open', 'pdf-bytes', 'pdf-document', 'pdf-first-page'].map((name) => `${name} +${(performance.getEntriesByName(name).at(-1)!.startTime - performance.getEntriesByName('pdf-click').at(-1)!.startTime).toFixed(0)}`).join(' ')))
      if (run > 0) samples.push(took)
      else console.error(`first opening in a fresh session (pdf.js loaded): ${took.toFixed(0)} ms`)
      await page.getByRole('button', { name: /^← Library/ }).click()
    }
    return { operation: `first page of a ${PAGES}-page PDF drawn after opening (Chromium)`, ...summarize(samples), target: PDF_FIRST_PAGE_TARGET }
  } finally {
    await browser.close()
    server.stop()
    await rm(library, { recursive: true, force: true })
  }
}
