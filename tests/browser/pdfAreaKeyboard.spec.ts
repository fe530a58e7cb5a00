import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { PDFDocument } from 'pdf-lib'
import { AREA_FINE_STEP, AREA_STEP } from '../../renderer/src/pdf/moveArea'
import { annotationsOnDisk } from '../support/libraryFiles'
import { withPageLabels } from '../support/makePdfs'
import { seriousViolations } from './axeViolations'
import { expect, screenshots, test } from './servedApp'

// Printed by this very browser: a title page (i), then pages 12 and 13, one with a figure, one with a table.
const PAPER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour Bells of Zeeland</title><style>
section { break-after: page } body { font: 12pt/1.5 serif } h1 { font-size: 26pt }
figure { margin: 1cm 0; height: 6cm; border: 2px solid #357; background: #cde } td, th { border: 1px solid #555; padding: 4px 8px }
</style></head><body>
<section><h1>Harbour Bells of Zeeland</h1><p>Anna de Vries</p></section>
<section><p>The bell of Vlissingen rang at high water, and the ships waited for it.</p><figure>Figure 1. The bell tower of Vlissingen.</figure></section>
<section><p>Table 1 lists when the bells rang.</p><table><tr><th>Harbour</th><th>Bell</th></tr><tr><td>Vlissingen</td><td>high water</td></tr><tr><td>Veere</td><td>noon</td></tr></table></section>
</body></html>`
const TITLE = /Harbour Bells of Zeeland/

/** Prints the paper, adds it through the file picker and opens it; answers the size of its page 12 in points, as the PDF gives it. */
async function openPaper(page: Page, url: string): Promise<{ width: number; height: number }> {
  await page.setContent(PAPER)
  const bytes = await withPageLabels(await page.pdf({ format: 'A5' }), [{ from: 0, style: 'r' }, { from: 1, style: 'D', start: 12 }])
  await page.goto(url)
  await page.getByTestId('file-input').first().setInputFiles([{ name: 'harbour-bells.pdf', mimeType: 'application/pdf', buffer: Buffer.from(bytes) }])
  // Each PDF is read in a worker of its own, which takes seconds on a busy machine.
  await page.getByRole('row', { name: TITLE }).first().getByText(TITLE).first().click({ timeout: 30_000 })
  await expect(page.locator('.page[data-page-number="1"] canvas')).toBeVisible({ timeout: 30_000 })
  return (await PDFDocument.load(bytes)).getPage(1).getSize()
}

/** G, the printed page label, Enter: the page box takes the keyboard back to the pages. */
async function goToPageByKeys(page: Page, label: string) {
  await page.keyboard.press('g')
  await expect(page.getByTestId('pdf-page-box')).toBeFocused()
  await page.keyboard.type(label)
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('pdf-viewer')).toBeFocused()
  await expect(page.getByTestId('pdf-page-box')).toHaveValue(label)
}

const rectOf = (xywh: string | null) => {
  const [x, y, width, height] = (xywh ?? '').split(',').map(Number)
  return { x, y, width, height }
}

async function storedAnnotations(library: string): Promise<{ target: { selector: { type: string; value?: string; refinedBy?: { value: string } }[] } }[]> {
  // Every device's annotation file, folded as Scriptorium reads them.
  for (const id of await readdir(join(library, 'items'))) {
    const annotations = await annotationsOnDisk(library, id)
    if (annotations.length) return annotations as unknown as Awaited<ReturnType<typeof storedAnnotations>>
  }
  return []
}

test('with the keyboard alone: A puts a rectangle on the page in view, the arrows move it, Shift+arrows resize it, Enter saves it as page=N and xywh= on that page, listed in the panel and drawn again after a reload', async ({ page, served }) => {
  const pageSize = await openPaper(page, served.url)
  await goToPageByKeys(page, '12')
  await page.keyboard.press('a')
  await expect(page.getByTestId('pdf-area-toggle')).toHaveAttribute('aria-pressed', 'true')
  const draft = page.getByTestId('pdf-area-draft')
  await expect(draft).toBeFocused()
  // On the page in view, named by its printed label, with its keys told to a screen reader.
  await expect(page.locator('.page[data-page-number="2"]').getByTestId('pdf-area-draft')).toHaveCount(1)
  await expect(draft).toHaveAccessibleName('Area to highlight on p. 12')
  await expect(draft).toHaveAccessibleDescription(/^Arrow keys move it, with Shift they resize it/)
  const status = page.getByTestId('pdf-area-status')
  await expect(status).toHaveText(/^p\. 12: 25% from the left, \d+% from the top, 50% wide, 25% high$/)
  const start = rectOf(await draft.getAttribute('data-xywh'))

  for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowDown', 'Shift+ArrowRight', 'Shift+ArrowRight', 'Shift+ArrowUp', 'Control+ArrowRight']) await page.keyboard.press(key)
  const moved = rectOf(await draft.getAttribute('data-xywh'))
  expect(moved.x).toBeCloseTo(start.x + 3 * AREA_STEP + AREA_FINE_STEP, 1)
  expect(moved.y).toBeCloseTo(start.y + 2 * AREA_STEP, 1)
  expect(moved.width).toBeCloseTo(start.width + 2 * AREA_STEP, 1)
  expect(moved.height).toBeCloseTo(start.height - AREA_STEP, 1)
  const percent = (value: number, whole: number) => Math.round((100 * value) / whole)
  await expect(status).toHaveText(`p. 12: ${percent(moved.x, pageSize.width)}% from the left, ${percent(moved.y, pageSize.height)}% from the top, ${percent(moved.width, pageSize.width)}% wide, ${percent(moved.height, pageSize.height)}% high`)
  // Drawn where it is said to be: the same fractions of the drawn page.
  const sheet = (await page.locator('.page[data-page-number="2"] .canvasWrapper').boundingBox())!
  const drawn = (await draft.boundingBox())!
  expect((drawn.x - sheet.x) / sheet.width).toBeCloseTo(moved.x / pageSize.width, 1)
  expect((drawn.y - sheet.y) / sheet.height).toBeCloseTo(moved.y / pageSize.height, 1)
  await page.screenshot({ path: join(screenshots, 'pdf-area-keyboard.png') })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: join(screenshots, 'pdf-area-keyboard-dark.png') })
  await page.emulateMedia({ colorScheme: 'light' })

  await page.keyboard.press('Enter')
  const card = page.locator('.card[data-highlight-id]')
  await expect(card.locator('.quote')).toHaveText('Area on p. 12')
  await expect(card.locator('.locator')).toHaveText('p. 12')
  await expect(status).toHaveText('Highlighted the area on p. 12.')
  await expect(draft).toHaveCount(0)
  await expect(page.getByTestId('pdf-area-toggle')).toHaveAttribute('aria-pressed', 'false')
  await expect(page.getByTestId('pdf-viewer')).toBeFocused()

  const [stored] = await storedAnnotations(served.library)
  const [selector] = stored.target.selector
  expect(selector).toMatchObject({ type: 'FragmentSelector', conformsTo: 'http://tools.ietf.org/rfc/rfc8118', value: 'page=2', refinedBy: { type: 'FragmentSelector', conformsTo: 'http://www.w3.org/TR/media-frags/' } })
  const saved = rectOf(/^xywh=(.*)$/.exec(selector.refinedBy!.value)![1])
  expect(saved).toEqual(moved)
  expect(saved.x).toBeGreaterThanOrEqual(0)
  expect(saved.y).toBeGreaterThanOrEqual(0)
  expect(saved.x + saved.width).toBeLessThanOrEqual(pageSize.width)
  expect(saved.y + saved.height).toBeLessThanOrEqual(pageSize.height)
  const area = page.locator('.page[data-page-number="2"] .pdf-area')
  await expect(area).toHaveAttribute('data-xywh', `${saved.x},${saved.y},${saved.width},${saved.height}`)

  await page.reload()
  await expect(page.locator('.page[data-page-number="1"] canvas')).toBeVisible({ timeout: 30_000 })
  await goToPageByKeys(page, '12')
  await expect(area).toBeVisible({ timeout: 30_000 })
  await expect(area).toHaveAttribute('data-xywh', `${saved.x},${saved.y},${saved.width},${saved.height}`)
  await expect(card.locator('.quote')).toHaveText('Area on p. 12')
})

test('the keyboard’s rectangle: J carries it to the next page, zoom keeps it and its focus, Escape gives it up with nothing saved; the area button pressed with Enter starts one, a click does not', async ({ page, served }) => {
  await openPaper(page, served.url)
  await goToPageByKeys(page, '12')
  await page.keyboard.press('a')
  const draft = page.getByTestId('pdf-area-draft')
  const status = page.getByTestId('pdf-area-status')
  await expect(draft).toBeFocused()
  const before = await draft.getAttribute('data-xywh')

  await page.keyboard.press('j')
  await expect(page.locator('.page[data-page-number="3"]').getByTestId('pdf-area-draft')).toHaveCount(1)
  await expect(draft).toHaveAccessibleName('Area to highlight on p. 13')
  await expect(draft).toBeFocused()
  await expect(draft).toHaveAttribute('data-xywh', before!)
  await expect(status).toHaveText(/^p\. 13: /)
  await expect(page.getByTestId('pdf-page-box')).toHaveValue('13')

  // pdf.js draws the page anew at another zoom: the rectangle stays on it, the same fraction of it, and keeps the keyboard.
  const zoom = page.getByTestId('pdf-zoom')
  const zoomBefore = await zoom.textContent()
  await page.keyboard.press('Control+=')
  await expect(zoom).not.toHaveText(zoomBefore!)
  await expect(page.locator('.page[data-page-number="3"] canvas')).toBeVisible()
  await expect(draft).toBeFocused()
  await expect(draft).toHaveAttribute('data-xywh', before!)
  await page.keyboard.press('ArrowDown')
  await expect(draft).not.toHaveAttribute('data-xywh', before!)

  await page.keyboard.press('Escape')
  await expect(draft).toHaveCount(0)
  await expect(status).toHaveText('No area highlighted.')
  await expect(page.getByTestId('pdf-area-toggle')).toHaveAttribute('aria-pressed', 'false')
  await expect(page.getByTestId('pdf-viewer')).toBeFocused()
  await expect(page.locator('.card[data-highlight-id]')).toHaveCount(0)
  // Escape is the rectangle's: the reader stays open.
  await expect(page.getByTestId('pdf-viewer')).toBeVisible()

  // A again, and A once more: the area mode ends, and its rectangle with it.
  await page.keyboard.press('a')
  await expect(draft).toBeFocused()
  await page.keyboard.press('a')
  await expect(draft).toHaveCount(0)
  await expect(page.getByTestId('pdf-area-toggle')).toHaveAttribute('aria-pressed', 'false')

  const button = page.getByTestId('pdf-area-toggle')
  await button.focus()
  await page.keyboard.press('Enter')
  await expect(draft).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(draft).toHaveCount(0)
  await button.click()
  await expect(button).toHaveAttribute('aria-pressed', 'true')
  await expect(draft).toHaveCount(0)
  expect(await storedAnnotations(served.library)).toEqual([])
})

for (const locale of ['en-GB', 'nl-NL']) {
  test.describe(locale, () => {
    test.use({ locale })

    test(`axe finds no serious or critical violation in the PDF reader with the keyboard’s rectangle, light and dark (${locale})`, async ({ page, served }) => {
      await openPaper(page, served.url)
      await goToPageByKeys(page, '12')
      await page.keyboard.press('a')
      await expect(page.getByTestId('pdf-area-draft')).toBeFocused()
      await page.keyboard.press('ArrowDown')
      await expect(page.getByTestId('pdf-area-status')).toHaveText(/^p\. 12: /)
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme })
        expect(await seriousViolations(page), `${locale}, ${colorScheme}`).toEqual([])
      }
      // The contents panel open beside it, at the narrowest window.
      await page.setViewportSize({ width: 1024, height: 700 })
      await page.getByTestId('pdf-contents-toggle').click()
      await page.getByTestId('pdf-viewer').getByTestId('pdf-area-draft').focus()
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme })
        expect(await seriousViolations(page), `${locale}, ${colorScheme}, 1024×700, contents open`).toEqual([])
      }
    })

    test(`the PDF toolbar keeps every control on one row, each with its name, at 1024×700 and 1280×800, with the contents panel open and closed (${locale})`, async ({ page, served }) => {
      await openPaper(page, served.url)
      // A printed label beside the page's number ("12", "(2) of 3") makes the page box's part widest.
      await goToPageByKeys(page, '12')
      const toolbar = page.getByRole('toolbar').first()
      const buttons = toolbar.getByRole('button')
      const names = await buttons.evaluateAll((found) => found.map((button) => button.getAttribute('aria-label') ?? button.textContent!.trim()))
      expect(names).toHaveLength(8)
      for (const [width, height] of [[1024, 700], [1280, 800]]) {
        await page.setViewportSize({ width, height })
        for (const open of [false, true]) {
          const toggle = page.getByTestId('pdf-contents-toggle')
          if ((await toggle.getAttribute('aria-pressed')) !== String(open)) await toggle.click()
          await expect(page.getByTestId('pdf-contents')).toHaveCount(open ? 1 : 0)
          // One row: the buttons and the page box (of different heights, centred) all share a band; a second row would start below the first one's bottom.
          const controls = await toolbar.evaluate((bar) => [...bar.querySelectorAll<HTMLElement>('button, input')].map((control) => ({ top: control.offsetTop, bottom: control.offsetTop + control.offsetHeight })))
          const described = `${width}×${height}, contents ${open ? 'open' : 'closed'}: ${JSON.stringify(controls)}`
          expect(controls, described).toHaveLength(9)
          expect(Math.max(...controls.map(({ top }) => top)), described).toBeLessThan(Math.min(...controls.map(({ bottom }) => bottom)))
          // No control lost: the same buttons, each with the same accessible name, the area button's too.
          for (const [index, name] of names.entries()) await expect(buttons.nth(index)).toHaveAccessibleName(name)
          // Looked at in light and dark; kept in English, where the narrow window has both panel states and the wide one its contents panel.
          if (locale === 'en-GB' && (width === 1024 || open)) {
            for (const colorScheme of ['light', 'dark'] as const) {
              await page.emulateMedia({ colorScheme })
              await page.screenshot({ path: join(screenshots, `pdf-toolbar-${width}x${height}-contents-${open ? 'open' : 'closed'}-${colorScheme}.png`) })
            }
            await page.emulateMedia({ colorScheme: 'light' })
          }
        }
      }
    })
  })
}
