import type { Locator, Page } from '@playwright/test'
import { join } from 'node:path'
import { expect, screenshots, test } from './servedApp'

/** Whether a press at the middle of the element reaches it, or something drawn over it. */
function reachable(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect()
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)
    return Boolean(top && (top === element || element.contains(top)))
  })
}

async function refusedEmptyFile(page: Page, name: string) {
  await page.getByTestId('file-input').first().setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.alloc(0) })
  await expect(page.getByRole('alert').filter({ hasText: `${name} is empty.` })).toBeVisible()
}

test('a notice in the Export dialog takes its place above the buttons and never covers Export', async ({ page, served }) => {
  await page.setViewportSize({ width: 1024, height: 700 })
  await page.goto(served.url)
  await page.getByRole('button', { name: 'Add the sample article' }).click()
  await page.getByRole('button', { name: '← Library' }).click()
  // Two refusals that stay until dismissed, then the dialog.
  await refusedEmptyFile(page, 'empty.txt')
  await refusedEmptyFile(page, 'blank.txt')
  await page.getByRole('button', { name: 'Export references…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export references' })
  await dialog.getByRole('radio', { name: /Bibliography \(HTML\)/ }).check()
  await expect(dialog.getByRole('alert').filter({ hasText: /^(empty|blank)\.txt is empty\./ })).toHaveCount(2)
  const exportButton = dialog.getByRole('button', { name: 'Export', exact: true })
  await expect(exportButton).toBeVisible()
  expect(await reachable(exportButton)).toBe(true)
  expect(await reachable(dialog.getByRole('button', { name: 'Close' }))).toBe(true)
  await page.screenshot({ path: join(screenshots, 'export-dialog-with-notices.png') })
})

test('Escape closes a collection’s ⋯ menu and the reading settings wherever focus is', async ({ page, served }) => {
  await page.goto(served.url)
  await page.getByRole('button', { name: 'Add the sample article' }).click()
  await page.getByRole('button', { name: '← Library' }).click()
  const sidebar = page.getByRole('navigation', { name: 'Library' })
  await sidebar.getByRole('button', { name: 'New collection' }).click()
  await sidebar.getByRole('textbox', { name: 'Name of the new collection' }).fill('Korea')
  await sidebar.getByRole('textbox', { name: 'Name of the new collection' }).press('Enter')
  const more = sidebar.getByRole('button', { name: 'Actions for the collection “Korea”' })
  const menu = sidebar.getByRole('menu', { name: /Korea/ })

  // Opened, the menu has focus; Escape gives it back to ⋯.
  await more.click()
  await expect(sidebar.getByRole('menuitem', { name: 'New subcollection…' })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(menu).toHaveCount(0)
  await expect(more).toBeFocused()

  // With focus elsewhere (the filter, reached without a press), Escape still closes it, and focus stays.
  await more.click()
  await expect(menu).toBeVisible()
  const filter = page.getByRole('searchbox', { name: 'Filter the library' })
  await filter.focus()
  await page.keyboard.press('Escape')
  await expect(menu).toHaveCount(0)
  await expect(filter).toBeFocused()
  // A press outside closes it too.
  await more.click()
  await page.getByRole('heading', { level: 1 }).click()
  await expect(menu).toHaveCount(0)

  // The reading settings in the reader: the same.
  await page.getByRole('row', { name: /Noord- en Zuid-Korea/ }).dblclick()
  const settings = page.getByRole('button', { name: 'Reading settings' })
  const panel = page.getByRole('group', { name: 'Reading settings' })
  await settings.click()
  await expect(panel).toBeVisible()
  await page.getByTestId('article-content').focus()
  await page.keyboard.press('Escape')
  await expect(panel).toHaveCount(0)
  await settings.click()
  await expect(panel.getByRole('button').first()).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(panel).toHaveCount(0)
  await expect(settings).toBeFocused()
})
