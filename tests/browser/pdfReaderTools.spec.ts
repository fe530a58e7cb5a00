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
