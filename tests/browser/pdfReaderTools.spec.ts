import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, repoRoot, screenshots, test } from './servedApp'

// A real CC BY preprint (tests/fixtures/pdfs/SOURCES.md), five pages.
const REAL_PAPER = join(repoRoot, 'tests/fixtures/pdfs/souza-junior-2023-micromag-euler-preprint-draft.pdf')
const TITLE = /Full vector inversion/

async function addRealPaper(page: Page, url: string) {
  await page.goto(url)
  const bytes = await readFile(REAL_PAPER)
  await page.getByTestId('file-input').first().setInputFiles([{ name: 'micromag.pdf', mimeType: 'application/pdf', buffer: bytes }])
  // Each PDF is read in a worker of its own, which takes seconds on a busy machine.
  await expect(page.getByRole('row', { name: TITLE }).first()).toBeVisible({ timeout: 30_000 })
}

async function openRealPaper(page: Page, url: string) {
  await addRealPaper(page, url)
  await page.getByRole('row', { name: TITLE }).first().getByText(TITLE).first().click()
  await expect(page.locator('.page[data-page-number="1"] canvas')).toBeVisible({ timeout: 30_000 })
}

test('with a PDF open, the app sidebar keeps to its column: the title row and the toolbar start right of it, at 1280×800 and 1024×700', async ({ page, served }) => {
  await openRealPaper(page, served.url)
  for (const [width, height] of [[1280, 800], [1024, 700]]) {
    await page.setViewportSize({ width, height })
    const sidebar = (await page.getByRole('navigation', { name: 'Library' }).first().boundingBox())!
    const title = (await page.locator('.pdf-head h1').boundingBox())!
    const toolbar = (await page.getByRole('toolbar', { name: 'PDF pages' }).boundingBox())!
    expect(sidebar.x + sidebar.width).toBeLessThanOrEqual(toolbar.x)
    expect(sidebar.x + sidebar.width).toBeLessThan(title.x)
    // The title's first letter is not under anything else: the element at its left edge is the title row.
    expect(await page.evaluate(([x, y]) => Boolean(document.elementFromPoint(x, y)?.closest('.pdf-head')), [title.x + 2, title.y + title.height / 2])).toBe(true)
    await page.screenshot({ path: join(screenshots, `pdf-layout-${width}x${height}.png`) })
  }
})

/** The text of the marks of one kind on a page's text layer, joined. */
function markedText(page: Page, pageNumber: number, selector: string): Promise<string> {
  return page.locator(`.page[data-page-number="${pageNumber}"] .textLayer ${selector}`).evaluateAll((marks) => marks.map((mark) => mark.textContent).join(''))
}

test('a search hit in a PDF opens the reader at its page, with the matched word marked on that page’s text layer as a search match', async ({ page, served }) => {
  await addRealPaper(page, served.url)
  await page.keyboard.press('Control+k')
  await page.getByRole('combobox', { name: 'Search' }).fill('monazite')
  const hit = page.getByTestId('search-hit')
  await expect(hit).toHaveCount(1)
  await expect(hit.locator('[data-source="page"]')).toHaveText('p. 4')
  await hit.click()

  await expect(page.getByTestId('pdf-page-box')).toHaveValue('4', { timeout: 30_000 })
  const mark = page.locator('.page[data-page-number="4"] .textLayer mark.search-match')
  await expect(mark.first()).toBeInViewport({ timeout: 30_000 })
  // Opened at page 4 straight away: page 1, far out of view, was never drawn on the way.
  await expect(page.locator('.page[data-page-number="1"] canvas')).toHaveCount(0)
  await expect.poll(() => markedText(page, 4, 'mark.search-match')).toBe('monazite')
  // A search mark, not a highlight: nothing is stored, no card is listed.
  await expect(page.locator('.textLayer mark[data-annotation-id]')).toHaveCount(0)
  await expect(page.locator('.card[data-highlight-id]')).toHaveCount(0)
  await page.screenshot({ path: join(screenshots, 'pdf-search-hit.png') })

  // Looking for something else takes the mark away.
  await page.keyboard.press('Control+k')
  await page.getByRole('combobox', { name: 'Search' }).fill('zircon')
  await page.keyboard.press('Escape')
  await expect(mark).toHaveCount(0)
})

test('Ctrl+F finds in a PDF’s text: Enter steps through the matches page after page, each scrolled to and marked on its page’s text layer', async ({ page, served }) => {
  await openRealPaper(page, served.url)
  await page.getByTestId('pdf-viewer').focus()
  await page.keyboard.press('Control+f')
  const bar = page.getByRole('search', { name: 'Find in the PDF' })
  await expect(bar).toBeVisible()
  // "Weiss" is cited 3 times on page 2, once on page 4 and 4 times on page 5 (read with pdf.js on its own).
  await bar.getByRole('searchbox').fill('weiss')
  const status = page.getByTestId('find-status')
  await expect(status).toHaveText('1 of 8')
  const box = page.getByTestId('pdf-page-box')
  await expect(box).toHaveValue('2')
  const current = (pageNumber: number) => page.locator(`.page[data-page-number="${pageNumber}"] .textLayer mark.find-match.current`)
  await expect(current(2).first()).toBeInViewport({ timeout: 30_000 })
  await expect.poll(() => markedText(page, 2, 'mark.find-match.current')).toBe('Weiss')

  for (let step = 0; step < 3; step++) await bar.getByRole('searchbox').press('Enter')
  await expect(status).toHaveText('4 of 8')
  await expect(box).toHaveValue('4')
  await expect(current(4).first()).toBeInViewport({ timeout: 30_000 })
  await expect.poll(() => markedText(page, 4, 'mark.find-match.current')).toBe('Weiss')
  await expect(current(2)).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Find in the PDF' })).toHaveAttribute('aria-expanded', 'true')
  await page.screenshot({ path: join(screenshots, 'pdf-find.png') })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: join(screenshots, 'pdf-find-dark.png') })
  await page.emulateMedia({ colorScheme: 'light' })

  await bar.getByRole('searchbox').press('Shift+Enter')
  await expect(status).toHaveText('3 of 8')
  await expect(box).toHaveValue('2')
  await expect(current(2).first()).toBeInViewport({ timeout: 30_000 })

  // Escape closes the bar and takes every mark away; the keyboard is back on the pages.
  await bar.getByRole('searchbox').press('Escape')
  await expect(bar).toHaveCount(0)
  await expect(page.locator('.textLayer mark.find-match')).toHaveCount(0)
  await expect(page.getByTestId('pdf-viewer')).toBeFocused()
})

test('the contents panel shows the pages as thumbnails, drawn as they come into view; a click on the third goes to page 3, which is then marked', async ({ page, served }) => {
  await openRealPaper(page, served.url)
  await page.getByTestId('pdf-contents-toggle').click()
  await page.getByTestId('pdf-thumbnails-view').click()
  const thumbnails = page.getByTestId('pdf-thumbnails').getByRole('button')
  await expect(thumbnails).toHaveCount(5)
  await expect(thumbnails.nth(0)).toHaveAttribute('aria-current', 'page')
  // Drawn by pdf.js on a canvas of the thumbnail's size.
  await expect(thumbnails.nth(0).locator('canvas[data-drawn]')).toBeAttached({ timeout: 30_000 })
  expect(await thumbnails.nth(0).locator('canvas').evaluate((canvas: HTMLCanvasElement) => canvas.width)).toBeGreaterThan(0)

  await thumbnails.nth(2).click()
  await expect(page.getByTestId('pdf-page-box')).toHaveValue('3')
  await expect(thumbnails.nth(2)).toHaveAttribute('aria-current', 'page')
  await expect(thumbnails.nth(0)).not.toHaveAttribute('aria-current', 'page')
  await expect(page.locator('.page[data-page-number="3"]')).toBeInViewport()
  await expect(thumbnails.nth(2).locator('canvas[data-drawn]')).toBeAttached({ timeout: 30_000 })
  await page.screenshot({ path: join(screenshots, 'pdf-thumbnails.png') })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: join(screenshots, 'pdf-thumbnails-dark.png') })
  await page.emulateMedia({ colorScheme: 'light' })
  await page.setViewportSize({ width: 1024, height: 700 })
  await page.screenshot({ path: join(screenshots, 'pdf-thumbnails-1024x700.png') })

  // The keyboard steps through the pages, and the mark follows.
  await page.getByTestId('pdf-viewer').focus()
  await page.keyboard.press('j')
  await expect(page.getByTestId('pdf-page-box')).toHaveValue('4')
  await expect(thumbnails.nth(3)).toHaveAttribute('aria-current', 'page')

  // Closed and opened again, the panel shows the thumbnails it was left at.
  await page.getByTestId('pdf-contents-toggle').click()
  await expect(page.getByTestId('pdf-contents')).toHaveCount(0)
  await page.getByTestId('pdf-contents-toggle').click()
  await expect(thumbnails.nth(3)).toHaveAttribute('aria-current', 'page')
})

test('? lists the PDF reader’s keys, and the keys it lists do what it says', async ({ page, served }) => {
  await openRealPaper(page, served.url)
  await page.getByTestId('pdf-viewer').focus()
  await page.keyboard.press('?')
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  const group = sheet.getByRole('region', { name: 'PDF reader' })
  await expect(group).toBeVisible()
  const keysOf = (action: string) => group.locator('.entry', { has: page.getByText(action, { exact: true }) }).locator('kbd').allTextContents()
  expect(await keysOf('Next page')).toEqual(['J'])
  expect(await keysOf('Previous page')).toEqual(['K'])
  expect(await keysOf('Go to a page (its number or printed label)')).toEqual(['G'])
  expect(await keysOf('Fit the page to the width')).toEqual(['0', 'Ctrl', '0'])
  expect(await keysOf('Highlight an area: move a rectangle with the keys below, or drag one')).toEqual(['A'])
  expect(await keysOf('Area mode: move the rectangle')).toEqual(['← → ↑ ↓'])
  expect(await keysOf('Area mode: resize the rectangle')).toEqual(['Shift', '← → ↑ ↓'])
  expect(await keysOf('Area mode: move or resize it by one point')).toEqual(['Ctrl', '← → ↑ ↓'])
  expect(await keysOf('Area mode: take it to the next or previous page')).toEqual(['J', 'K'])
  expect(await keysOf('Area mode: highlight the rectangle')).toEqual(['Enter'])
  expect(await keysOf('Area mode: cancel')).toEqual(['Esc'])
  for (const action of ['Zoom in', 'Zoom out', 'Find in the PDF']) await expect(group.getByText(action, { exact: true })).toBeVisible()
  await page.screenshot({ path: join(screenshots, 'shortcut-sheet-pdf.png') })
  await page.keyboard.press('Escape')
  await expect(sheet).toHaveCount(0)

  await page.getByTestId('pdf-viewer').focus()
  await page.keyboard.press('j')
  await expect(page.getByTestId('pdf-page-box')).toHaveValue('2')
  await page.keyboard.press('a')
  await expect(page.getByTestId('pdf-area-toggle')).toHaveAttribute('aria-pressed', 'true')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('pdf-area-toggle')).toHaveAttribute('aria-pressed', 'false')
  await page.keyboard.press('g')
  await expect(page.getByTestId('pdf-page-box')).toBeFocused()
})

test('in a long PDF only the thumbnails near the panel’s view are drawn; scrolling the panel draws the others', async ({ page, served }) => {
  // Printed by this very browser: 40 pages, one short paragraph each.
  const sections = Array.from({ length: 40 }, (_, index) => `<section><h1>Chapter ${index + 1}</h1><p>The tide table of harbour ${index + 1}.</p></section>`).join('')
  await page.setContent(`<!doctype html><html lang="en"><head><meta charset="utf-8"><style>section { break-after: page }</style><title>Forty Tide Tables</title></head><body>${sections}</body></html>`)
  const bytes = await page.pdf({ format: 'A5' })
  await page.goto(served.url)
  await page.getByTestId('file-input').first().setInputFiles([{ name: 'forty-tide-tables.pdf', mimeType: 'application/pdf', buffer: Buffer.from(bytes) }])
  await page.getByRole('row', { name: /Forty Tide Tables/ }).first().getByText(/Forty Tide Tables/).first().click({ timeout: 30_000 })
  await expect(page.locator('.page[data-page-number="1"] canvas')).toBeVisible({ timeout: 30_000 })
  await page.getByTestId('pdf-contents-toggle').click()
  await page.getByTestId('pdf-thumbnails-view').click()
  const thumbnails = page.getByTestId('pdf-thumbnails').getByRole('button')
  await expect(thumbnails).toHaveCount(40)
  for (const index of [0, 1, 2, 3]) await expect(thumbnails.nth(index).locator('canvas[data-drawn]')).toBeAttached({ timeout: 30_000 })
  // Far below the panel's view: not drawn until it comes near it.
  await expect(thumbnails.nth(39).locator('canvas')).not.toHaveAttribute('data-drawn')
  await thumbnails.nth(39).scrollIntoViewIfNeeded()
  await expect(thumbnails.nth(39).locator('canvas[data-drawn]')).toBeAttached({ timeout: 30_000 })
  await thumbnails.nth(39).click()
  await expect(page.getByTestId('pdf-page-box')).toHaveValue('40')
  await expect(thumbnails.nth(39)).toHaveAttribute('aria-current', 'page')
})
