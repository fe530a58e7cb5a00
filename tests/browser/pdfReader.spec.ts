import { readFile, readdir } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { annotationsOnDisk } from '../support/libraryFiles'
import { hostile, withPageLabels } from '../support/makePdfs'
import { expect, repoRoot, screenshots, test } from './servedApp'

// Printed by this very browser: two pages of front matter (i, ii), then pages 12 and 13.
const PAPER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><style>section { break-after: page } h1 { font-size: 26pt } body { font: 12pt/1.5 serif }</style></head><body>
<section><h1>Tidal Clocks of the North Sea</h1><p>Anna de Vries</p></section>
<section><p>Preface. The harbours kept their own hours until the railways came.</p></section>
<section><p>The harbour of Vlissingen rang its bell at high water, and the ships waited for it.</p><div style="margin-top:2cm;height:5cm;border:2px solid #357;background:#cde">Figure 1</div></section>
<section><p>Café owners and naïve sailors trusted the bell over the almanac.</p></section></body></html>`

const REAL_PAPER = join(repoRoot, 'tests/fixtures/pdfs/souza-junior-2023-micromag-euler-preprint-draft.pdf')

async function printPaper(page: Page): Promise<Uint8Array> {
  await page.setContent(PAPER)
  return withPageLabels(await page.pdf({ format: 'A5' }), [{ from: 0, style: 'r' }, { from: 2, style: 'D', start: 12 }])
}

/** Adds PDFs through the file picker and opens the one whose row names `title`. */
async function addAndOpen(page: Page, url: string, files: { name: string; bytes: Uint8Array }[], title: RegExp) {
  await page.goto(url)
  await page.getByTestId('file-input').first().setInputFiles(files.map(({ name, bytes }) => ({ name, mimeType: 'application/pdf', buffer: Buffer.from(bytes) })))
  // Each PDF is read in a worker of its own, which takes seconds on a busy machine.
  await page.getByRole('row', { name: title }).first().getByText(title).first().click({ timeout: 30_000 })
  await expect(page.locator('.page[data-page-number="1"] canvas')).toBeVisible({ timeout: 30_000 })
}

/**
 * Selects a phrase in a page's text layer by its characters, never by pixels: the text of the
 * layer's spans is read in order, the phrase found in it, and the browser's selection set over those
 * exact characters (the browser then fires selectionchange, as after a drag).
 */
async function selectInTextLayer(page: Page, pageNumber: number, phrase: string) {
  // Pages are drawn when they come near the viewport: bring this one there first.
  await page.locator(`.page[data-page-number="${pageNumber}"]`).scrollIntoViewIfNeeded()
  const layer = page.locator(`.page[data-page-number="${pageNumber}"] .textLayer`)
  await expect(layer.locator('span[role="presentation"]').first()).toBeAttached({ timeout: 30_000 })
  await layer.evaluate((root, phrase) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    const nodes: { node: Text; start: number }[] = []
    let text = ''
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      nodes.push({ node, start: text.length })
      text += node.data
    }
    const at = text.indexOf(phrase)
    if (at < 0) throw new Error(`"${phrase}" is not in the text layer: ${text}`)
    const end = at + phrase.length
    const first = nodes.find(({ node, start }) => start <= at && at < start + node.data.length)!
    const last = nodes.find(({ node, start }) => start < end && end <= start + node.data.length)!
    first.node.parentElement!.scrollIntoView({ block: 'center' })
    document.getSelection()!.setBaseAndExtent(first.node, at - first.start, last.node, end - last.start)
  }, phrase)
}

/** The marks painted on a page's text layer for one highlight, their text joined. */
async function paintedText(page: Page, pageNumber: number): Promise<string> {
  return page.locator(`.page[data-page-number="${pageNumber}"] .textLayer mark[data-annotation-id]`).evaluateAll((marks) => marks.map((mark) => mark.textContent).join(''))
}

/** The highlights of the library's one annotated item, as its annotation files on disk hold them. */
async function highlightsOnDisk(library: string): Promise<{ target: { selector: { type: string; value?: string; refinedBy?: unknown }[] } }[]> {
  for (const id of await readdir(join(library, 'items'))) {
    const annotations = await annotationsOnDisk(library, id)
    if (annotations.length) return annotations as unknown as { target: { selector: { type: string; value?: string; refinedBy?: unknown }[] } }[]
  }
  return []
}

test('a PDF is drawn by pdf.js; a selection in its text layer becomes a highlight on its page, painted again after a reload, and copied with "p. 12"', async ({ page, served }) => {
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()))
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.origin })
  const paper = await printPaper(page)
  await addAndOpen(page, served.url, [{ name: 'tidal-clocks.pdf', bytes: paper }], /Tidal Clocks of the North Sea/)

  await selectInTextLayer(page, 3, 'rang its bell at high water')
  await page.getByRole('toolbar', { name: 'Highlight the selection' }).getByRole('button', { name: 'Highlight as Key point' }).click()
  const card = page.locator('.card[data-highlight-id]')
  await expect(card.locator('.locator')).toHaveText('p. 12')
  await expect(card.locator('.quote')).toHaveText('rang its bell at high water')
  await expect.poll(() => paintedText(page, 3)).toBe('rang its bell at high water')

  // Stored as today's PDF highlights: the page, refined by a quote and a position over that page's text.
  const [stored] = await highlightsOnDisk(served.library)
  expect(stored.target.selector[2]).toMatchObject({ type: 'FragmentSelector', value: 'page=3', refinedBy: [{ type: 'TextQuoteSelector', exact: 'rang its bell at high water' }, { type: 'TextPositionSelector' }] })

  // After a reload the reader opens at page i; the card in the panel goes to the highlight's page, where it is painted again.
  await page.reload()
  await page.locator('.card[data-highlight-id] .quote').click({ timeout: 30_000 })
  await expect(page.getByTestId('pdf-page-box')).toHaveValue('12')
  await expect.poll(() => paintedText(page, 3), { timeout: 30_000 }).toBe('rang its bell at high water')

  // Copy with citation, from the text layer's selection inside the highlight: the page label, not the page's number.
  await page.evaluate(() => navigator.clipboard.writeText(''))
  await selectInTextLayer(page, 3, 'its bell')
  await page.keyboard.press('c')
  await expect(page.getByRole('status').filter({ hasText: 'Copied the quote with its citation' })).toBeVisible()
  const copied = await page.evaluate(() => navigator.clipboard.readText())
  expect(copied).toContain('“rang its bell at high water”')
  expect(copied).toContain('p. 12')
  expect(problems).toEqual([])
  await page.screenshot({ path: join(screenshots, 'pdf-reader.png') })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: join(screenshots, 'pdf-reader-dark.png') })
})

test('the page box takes a printed label or a number, J and K step through pages, and zoom keeps the text layer over the page', async ({ page, served }) => {
  const paper = await printPaper(page)
  await addAndOpen(page, served.url, [{ name: 'tidal-clocks.pdf', bytes: paper }], /Tidal Clocks of the North Sea/)
  const box = page.getByTestId('pdf-page-box')
  await expect(box).toHaveValue('i')
  await box.fill('13')
  await box.press('Enter')
  await expect(box).toHaveValue('13')
  await expect(page.getByText('(4) of 4')).toBeVisible()
  await expect(page.locator('.page[data-page-number="4"] .textLayer')).toContainText('trusted the bell over the almanac')

  await box.fill('ii')
  await box.press('Enter')
  await expect(box).toHaveValue('ii')
  await box.fill('xiv')
  await box.press('Enter')
  await expect(page.getByRole('alert')).toHaveText('There is no page “xiv” in this PDF.')
  await expect(box).toHaveAttribute('aria-invalid', 'true')

  await page.getByTestId('pdf-viewer').focus()
  await page.keyboard.press('j')
  await expect(box).toHaveValue('12')
  await page.keyboard.press('k')
  await expect(box).toHaveValue('ii')

  const zoom = page.getByTestId('pdf-zoom')
  const before = await zoom.textContent()
  await page.getByRole('button', { name: 'Zoom in' }).click()
  await expect(zoom).not.toHaveText(before!)
  // The text layer is laid out over the page at every zoom: its box is the page's box.
  const pageBox = await page.locator('.page[data-page-number="2"] .canvasWrapper').boundingBox()
  const layerBox = await page.locator('.page[data-page-number="2"] .textLayer').boundingBox()
  expect(Math.abs(pageBox!.width - layerBox!.width)).toBeLessThan(2)
  await page.getByRole('button', { name: 'Fit width' }).click()

  // The contents panel narrows the pages' column: a page fitted to the width is fitted again.
  const fitted = (await page.locator('.page[data-page-number="2"] .canvasWrapper').boundingBox())!.width
  await page.getByTestId('pdf-contents-toggle').click()
  await page.getByTestId('pdf-contents').getByRole('button', { name: 'p. 12' }).click()
  await expect(box).toHaveValue('12')
  await expect(page.getByRole('alert')).toHaveCount(0)
  await expect.poll(async () => (await page.locator('.page[data-page-number="3"] .canvasWrapper').boundingBox())!.width).toBeLessThan(fitted - 100)
  await page.screenshot({ path: join(screenshots, 'pdf-reader-contents.png') })
})

test('an area drawn with the mouse on a page is kept as xywh= in PDF points, listed with its page, and drawn again at another zoom', async ({ page, served }) => {
  const paper = await printPaper(page)
  await addAndOpen(page, served.url, [{ name: 'tidal-clocks.pdf', bytes: paper }], /Tidal Clocks of the North Sea/)
  await page.getByTestId('pdf-page-box').fill('12')
  await page.getByTestId('pdf-page-box').press('Enter')
  await page.getByTestId('pdf-viewer').focus()
  await page.keyboard.press('a')
  await expect(page.getByTestId('pdf-area-toggle')).toHaveAttribute('aria-pressed', 'true')

  // Measured against the drawn page's own box (inside the gutter pdf.js keeps round it), which does not depend on fonts.
  const sheet = page.locator('.page[data-page-number="3"] .canvasWrapper')
  await sheet.scrollIntoViewIfNeeded()
  const box = (await sheet.boundingBox())!
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.2)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.3, { steps: 5 })
  await page.mouse.move(box.x + box.width * 0.9, box.y + box.height * 0.5, { steps: 5 })
  await page.mouse.up()

  const card = page.locator('.card[data-highlight-id]')
  await expect(card.locator('.quote')).toHaveText('Area on p. 12')
  await expect(card.locator('.locator')).toHaveText('p. 12')
  const [stored] = await highlightsOnDisk(served.library)
  const [selector] = stored.target.selector
  expect(selector).toMatchObject({ type: 'FragmentSelector', conformsTo: 'http://tools.ietf.org/rfc/rfc8118', value: 'page=3', refinedBy: { type: 'FragmentSelector', conformsTo: 'http://www.w3.org/TR/media-frags/' } })
  // A5 is 419.5 × 595.3 points: the rectangle is the same fraction of it that was dragged over the page.
  const [x, y, width, height] = /^xywh=([\d.]+),([\d.]+),([\d.]+),([\d.]+)$/.exec((selector.refinedBy as { value: string }).value)!.slice(1).map(Number)
  expect(x).toBeCloseTo(419.5 * 0.1, -0.5)
  expect(y).toBeCloseTo(595.3 * 0.2, -0.5)
  expect(width).toBeCloseTo(419.5 * 0.8, -0.5)
  expect(height).toBeCloseTo(595.3 * 0.3, -0.5)

  // Escape leaves the area mode and stays in the reader.
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('pdf-area-toggle')).toHaveAttribute('aria-pressed', 'false')
  await expect(page.getByTestId('pdf-viewer')).toBeVisible()

  const area = page.locator('.page[data-page-number="3"] .pdf-area')
  const fraction = async () => {
    const [outer, inner] = [(await sheet.boundingBox())!, (await area.boundingBox())!]
    return [(inner.x - outer.x) / outer.width, (inner.y - outer.y) / outer.height, inner.width / outer.width]
  }
  // The area is drawn on the page once the saved highlight is back from the archive, after its card.
  await expect(area).toBeVisible()
  const atFitWidth = await fraction()
  expect(atFitWidth[0]).toBeCloseTo(0.1, 1)
  await page.getByRole('button', { name: 'Zoom out' }).click()
  await page.getByRole('button', { name: 'Zoom out' }).click()
  await expect(area).toBeVisible()
  const zoomedOut = await fraction()
  for (const [index, value] of atFitWidth.entries()) expect(zoomedOut[index]).toBeCloseTo(value, 2)
  await page.getByRole('button', { name: 'Fit width' }).click()

  await page.reload()
  await page.getByTestId('pdf-page-box').fill('12')
  await page.getByTestId('pdf-page-box').press('Enter')
  await expect(page.locator('.page[data-page-number="3"] .pdf-area')).toBeVisible({ timeout: 30_000 })
  await page.locator('.card[data-highlight-id] .quote').click()
  await page.screenshot({ path: join(screenshots, 'pdf-area.png') })
})

test('on a real CC BY paper, a selection in the text layer is stored over the same page text the importer extracted', async ({ page, served }) => {
  const bytes = new Uint8Array(await readFile(REAL_PAPER))
  await addAndOpen(page, served.url, [{ name: 'micromag.pdf', bytes }], /Full vector inversion/)
  await page.getByTestId('pdf-page-box').fill('2')
  await page.getByTestId('pdf-page-box').press('Enter')
  const phrase = 'magnetic microscopy techniques opened'
  await selectInTextLayer(page, 2, phrase)
  await page.keyboard.press('h')
  const card = page.locator('.card[data-highlight-id]')
  await expect(card.locator('.quote')).toHaveText(phrase)
  await expect(card.locator('.locator')).toHaveText('p. 2')
  await expect.poll(() => paintedText(page, 2)).toBe(phrase)

  // Over a line break where LaTeX hyphenated a word: the importer joined it, and so does the stored quote.
  await selectInTextLayer(page, 2, 'allowing signif-icant advances')
  await page.keyboard.press('2')
  await expect(card).toHaveCount(2)
  await expect(card.locator('.quote')).toContainText(['allowing significant advances', phrase])
  const stored = (await highlightsOnDisk(served.library)).map((annotation) => annotation.target.selector[2] as { value: string; refinedBy: [{ exact: string }, { start: number; end: number }] })
  expect(stored.map((selector) => [selector.value, selector.refinedBy[0].exact])).toEqual([
    ['page=2', phrase],
    ['page=2', 'allowing significant advances'],
  ])
  await page.screenshot({ path: join(screenshots, 'pdf-reader-real-paper.png') })
})

test('a hostile PDF (JavaScript on open, a launch action, a link to a server) runs nothing and contacts nothing in the reader', async ({ page, served }) => {
  const hits: string[] = []
  const beacon: Server = createServer((request, response) => {
    hits.push(request.url ?? '')
    response.end()
  })
  await new Promise<void>((done) => beacon.listen(0, '127.0.0.1', done))
  const beaconUrl = `http://127.0.0.1:${(beacon.address() as AddressInfo).port}`
  try {
    const outside: string[] = []
    const fetched: string[] = []
    page.on('request', (request) => {
      fetched.push(request.url())
      if (!request.url().startsWith(served.origin) && !request.url().startsWith('data:') && !request.url().startsWith('blob:')) outside.push(request.url())
    })
    const popups: string[] = []
    page.on('popup', (popup) => popups.push(popup.url()))
    page.on('dialog', (dialog) => {
      popups.push(`dialog: ${dialog.message()}`)
      void dialog.dismiss()
    })
    const problems: string[] = []
    page.on('console', (message) => /Content Security Policy|Refused/.test(message.text()) && problems.push(message.text()))
    const paper = await printPaper(page)
    await addAndOpen(page, served.url, [{ name: 'hostile.pdf', bytes: await hostile(paper, beaconUrl) }], /Tidal Clocks of the North Sea/)
    await expect(page.locator('.page[data-page-number="1"] .textLayer span[role="presentation"]').first()).toBeAttached()
    // pdf.js runs a PDF's scripts only in its scripting sandbox (pdf.sandbox.mjs, in a frame): never loaded here.
    expect(fetched.filter((url) => /sandbox|scripting/i.test(url))).toEqual([])
    expect(await page.locator('iframe').count()).toBe(0)
    // The launch action and the link cover the page's bottom-left corner (PDF points 0–200 and 200–400 up): click there.
    const sheet = (await page.locator('.page[data-page-number="1"] .canvasWrapper').boundingBox())!
    const perPoint = sheet.width / 419.5
    await page.mouse.click(sheet.x + 100 * perPoint, sheet.y + sheet.height - 100 * perPoint)
    await page.mouse.click(sheet.x + 100 * perPoint, sheet.y + sheet.height - 300 * perPoint)
    await expect(page.locator('.page[data-page-number="1"] .annotationLayer a')).toHaveCount(0)
    await page.waitForTimeout(500) // give any stray request time to leave; there is no event for one that never comes
    expect(outside).toEqual([])
    expect(hits).toEqual([])
    expect(popups).toEqual([])
    expect(problems).toEqual([])
    expect(page.url()).toContain(served.origin)
  } finally {
    beacon.close()
  }
})
