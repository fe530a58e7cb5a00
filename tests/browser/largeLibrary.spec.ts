import { join } from 'node:path'
import type { Item } from '../../electron/core/archiveApi'
import { writeItemRecords } from '../support/libraryFiles'
import { expect, test } from './servedApp'

const SIZE = 3000

/** The library's records, written directly: adding 3,000 files one by one would dominate the test. */
async function writeCatalog(library: string): Promise<void> {
  const items: Item[] = []
  for (let n = 0; n < SIZE; n++) {
    const id = `T${String(n).padStart(7, '0')}`
    const stamp = new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString()
    items.push({
      id,
      citekey: `jansen${1990 + (n % 30)}item${n}`,
      csl: { id, type: 'article-newspaper', title: `Item ${n} on the history of the border`, author: [{ family: 'Jansen', given: 'Piet' }], issued: { 'date-parts': [[1990 + (n % 30)]] } },
      tags: [],
      addedAt: stamp,
      modifiedAt: stamp,
      trashedAt: null,
      source: { fileName: `item-${n}.txt`, mediaType: 'text/plain', encoding: 'utf-8', byteLength: 100 },
      wordCount: 600,
      paragraphCount: 8,
    })
  }
  await writeItemRecords(library, items)
}

test('a large library keeps only the rows in view in the page, and the keyboard reaches every row', async ({ page, served }) => {
  await writeCatalog(served.library)
  await page.goto(served.url)
  // The records were written behind the running serve's back: its start-up scan takes them in (seconds
  // on a busy machine) while the window shows the catalog as it is meanwhile.
  await expect(page.getByText(`${SIZE.toLocaleString('en')} items`)).toBeVisible({ timeout: 30_000 }) // grouped as the UI language writes numbers
  const rendered = await page.locator('tbody tr[data-index]').count()
  expect(rendered).toBeGreaterThan(10)
  expect(rendered).toBeLessThan(100)
  await expect(page.getByRole('table')).toHaveAttribute('aria-rowcount', String(SIZE + 1))

  // Newest first: the last one added heads the list.
  await expect(page.locator('tbody tr[data-index="0"] td.title')).toHaveText(`Item ${SIZE - 1} on the history of the border`)
  await page.getByRole('button', { name: 'Title' }).click()
  await expect(page.locator('tbody tr[data-index="0"] td.title')).toHaveText('Item 0 on the history of the border')

  await page.locator('tbody tr[data-index="0"]').focus()
  for (let step = 0; step < 60; step++) await page.keyboard.press('ArrowDown')
  await expect(page.locator('tbody tr:focus')).toHaveAttribute('data-index', '60')
  await expect(page.locator('tbody tr:focus td.title')).toHaveText('Item 60 on the history of the border')

  await page.locator('.scroller').evaluate((scroller) => (scroller.scrollTop = scroller.scrollHeight))
  await expect(page.locator(`tbody tr[data-index="${SIZE - 1}"] td.title`)).toHaveText(`Item ${SIZE - 1} on the history of the border`)
})

test('an item whose archived file is missing opens with a clear message', async ({ page, served }) => {
  await writeCatalog(served.library)
  await page.goto(served.url)
  await page.locator('tbody tr[data-index="0"]').press('Enter')
  await expect(page.getByRole('alert')).toHaveText(
    `Scriptorium could not read the archived article ${join(served.library, 'items', `T${String(SIZE - 1).padStart(7, '0')}`, 'content.html')}: the file is missing.`,
  )
})
