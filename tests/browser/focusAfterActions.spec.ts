import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import type { Page } from '@playwright/test'
import { expect, repoRoot, test } from './servedApp'

const QUOTE = 'een nieuw tijdperk van vrede'

/** Where the keyboard is: never the page's body after an action. */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120) ?? 'nothing')

test('after adding the sample, saving notes and editing, the keyboard is on what comes next, never on the page body', async ({ page, served }) => {
  await page.goto(served.url)
  await page.getByRole('button', { name: 'Add the sample article' }).click()
  // The sample opens in the reader with the keyboard on its title.
  await expect(page.getByRole('heading', { level: 1, name: /^Noord- en Zuid-Korea/ })).toBeFocused()

  const itemId = new URL(page.url()).hash.split('/').pop()!
  await promisify(execFile)(process.execPath, ['bin/scriptorium.js', '--library', served.library, 'highlight', itemId, '--quote', QUOTE], { cwd: repoRoot })
  await page.reload()
  const card = page.locator('.card[data-highlight-id]')
  await expect(card).toHaveCount(1)

  // A note on a highlight: saved from the keyboard, the keyboard goes to the button that edits it again.
  await card.getByRole('button', { name: `Add note: “${QUOTE}”` }).click()
  await expect(page.getByLabel('Note in Markdown')).toBeFocused()
  await page.getByLabel('Note in Markdown').fill('Cho spreekt van een nieuw tijdperk.')
  await page.keyboard.press('Control+Enter')
  await expect(card.locator('.note')).toHaveText('Cho spreekt van een nieuw tijdperk.')
  await expect(card.getByRole('button', { name: `Edit note: “${QUOTE}”` })).toBeFocused()

  // Escape closes the editor (the draft kept) and leaves the keyboard on the same button.
  await page.keyboard.press('Enter')
  await expect(page.getByLabel('Note in Markdown')).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(card.getByRole('button', { name: `Edit note: “${QUOTE}”` })).toBeFocused()
  await expect(page.getByTestId('article-content')).toBeVisible() // Escape did not leave the reader

  // A new note on the article: the keyboard lands on the new note's Edit button.
  await page.getByRole('button', { name: '+ Add note' }).click()
  await page.getByLabel('Note in Markdown').fill('Vergelijk met de top van april.')
  await page.locator('.note-editor').getByRole('button', { name: 'Add note' }).click()
  const note = page.locator('.card.item-note', { hasText: 'Vergelijk met de top van april.' })
  await expect(note.getByRole('button', { name: 'Edit', exact: true })).toBeFocused()

  // Edit in Info: into the title; after Save, back on Edit.
  await page.getByRole('tab', { name: 'Info' }).click()
  await page.getByRole('button', { name: 'Edit', exact: true }).click()
  await expect(page.locator('textarea[name="title"]')).toBeFocused()
  await page.locator('textarea[name="title"]').fill('Verbindingsbureau geopend')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.locator('[data-field="title"]')).toHaveText('Verbindingsbureau geopend')
  await expect(page.getByRole('button', { name: 'Edit', exact: true }), await focused(page)).toBeFocused()
  // Cancelled with Escape: the same.
  await page.keyboard.press('Enter')
  await expect(page.locator('textarea[name="title"]')).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('button', { name: 'Edit', exact: true })).toBeFocused()
})

test('Restore, in the reader and in the trash, leaves the keyboard on something sensible', async ({ page, served }) => {
  await page.goto(served.url)
  await page.getByRole('button', { name: 'Add the sample article' }).click()
  await expect(page.getByTestId('article-content')).toBeVisible()
  await page.getByRole('button', { name: 'Move to trash' }).click()
  await page.getByRole('button', { name: /^Trash/ }).click()
  await page.getByRole('row', { name: /Noord- en Zuid-Korea/ }).click()

  // In the reader, Restore goes away with the item's trashed state: the keyboard goes to the way back.
  await page.getByRole('button', { name: 'Restore' }).click()
  await expect(page.getByRole('button', { name: 'Move to trash' })).toBeVisible()
  await expect(page.getByRole('button', { name: '← Library' }), await focused(page)).toBeFocused()

  // In the trash table, the last row restored: the keyboard stays on the Trash, where the user is.
  await page.getByRole('button', { name: 'Move to trash' }).click()
  await page.getByRole('button', { name: /^Trash/ }).click()
  await page.getByRole('row', { name: /Noord- en Zuid-Korea/ }).getByRole('button', { name: 'Restore' }).click()
  await expect(page.getByText('The trash is empty.')).toBeVisible()
  await expect(page.getByRole('button', { name: /^Trash/ }), await focused(page)).toBeFocused()
})

test('Tab stays inside the open search palette, and Escape gives the keyboard back where it was', async ({ page, served }) => {
  await page.goto(served.url)
  await page.getByRole('button', { name: 'Add the sample article' }).click()
  await expect(page.getByTestId('article-content')).toBeVisible()
  await page.keyboard.press('Escape')
  const opener = page.getByTestId('open-search')
  await opener.focus()
  await page.keyboard.press('Enter')
  const palette = page.getByRole('dialog', { name: 'Search the library' })
  const field = palette.getByRole('combobox', { name: 'Search' })
  await expect(field).toBeFocused()
  await field.fill('Kaesong')
  await expect(palette.getByRole('button', { name: /^Show all 1 in the library$/ })).toBeVisible()

  const insidePalette = () => page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')))
  for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key)
    expect(await insidePalette(), `after ${key}: ${await focused(page)}`).toBe(true)
  }
  // Escape from the palette's button as from its field.
  await palette.getByRole('button', { name: /^Show all/ }).focus()
  await page.keyboard.press('Escape')
  await expect(palette).toHaveCount(0)
  await expect(opener).toBeFocused()

  // Opened with Ctrl+K from a row, it gives the keyboard back to the row.
  const row = page.getByRole('row', { name: /Noord- en Zuid-Korea/ })
  await row.focus()
  await page.keyboard.press('Control+k')
  await expect(field).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(row).toBeFocused()
})
