import type { Page } from '@playwright/test'
import { join } from 'node:path'
import { selectPhrase } from './selectPhrase'
import { expect, screenshots, test } from './servedApp'

const QUOTE = 'een nieuw tijdperk van vrede'

async function openSampleWithHighlight(page: Page, url: string) {
  await page.goto(url)
  await page.getByRole('button', { name: 'Add the sample article' }).click()
  await expect(page.getByText('Select a passage in the article and pick a colour')).toBeVisible()
  await selectPhrase(page, 3, QUOTE)
  await page.keyboard.press('h')
  await expect(page.locator('.card[data-highlight-id]')).toHaveCount(1)
}

async function openSampleFromLibrary(page: Page) {
  const row = page.getByRole('row', { name: /Noord- en Zuid-Korea/ })
  await expect(row).toBeVisible()
  await row.focus()
  await page.keyboard.press('Enter')
  await expect(page.locator('p[data-para="3"]')).toBeVisible()
}

/** The drafts this browser keeps, whatever their keys. */
const keptDrafts = (page: Page) =>
  page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('scriptorium-note-draft:')).map((key) => localStorage.getItem(key)))

const card = (page: Page) => page.locator('.card[data-highlight-id]')
const noteField = (page: Page) => page.getByLabel('Note in Markdown')
const restoredHint = (page: Page) => page.getByRole('status').filter({ hasText: 'Unsaved draft restored' })
const openHighlightNote = (page: Page) => card(page).getByRole('button', { name: /^(Add note|Edit note): “/ }).click()

test('a note on a highlight that is being written survives Escape, leaving the reader, a reload and closing the window', async ({ page, served, context }) => {
  await openSampleWithHighlight(page, served.url)
  const readerAddress = page.url()

  // Escape closes the editor and keeps what was typed; the reader stays open.
  await openHighlightNote(page)
  await noteField(page).fill('Cho speaks of a new era, but')
  await page.keyboard.press('Escape')
  await expect(noteField(page)).toHaveCount(0)
  expect(page.url()).toBe(readerAddress)
  await expect(card(page).getByText('Unsaved draft')).toBeVisible()
  await card(page).screenshot({ path: join(screenshots, 'note-draft-kept.png') })
  await openHighlightNote(page)
  await expect(noteField(page)).toHaveValue('Cho speaks of a new era, but')
  await expect(restoredHint(page)).toBeVisible()
  await page.screenshot({ path: join(screenshots, 'note-draft-restored.png') })

  // Back to the library (the editor still open) and into the reader again.
  await noteField(page).fill('Cho speaks of a new era, but the border')
  await page.getByRole('button', { name: '← Library' }).click()
  await openSampleFromLibrary(page)
  await openHighlightNote(page)
  await expect(noteField(page)).toHaveValue('Cho speaks of a new era, but the border')

  // A reload, with the editor open and the last keystroke just made.
  await noteField(page).press('End')
  await page.keyboard.type(' stays')
  await page.reload()
  await openHighlightNote(page)
  await expect(noteField(page)).toHaveValue('Cho speaks of a new era, but the border stays')

  // The window closed, and the app opened in a new one.
  await page.close()
  const again = await context.newPage()
  await again.goto(served.url)
  await openSampleFromLibrary(again)
  await openHighlightNote(again)
  await expect(noteField(again)).toHaveValue('Cho speaks of a new era, but the border stays')
  await expect(restoredHint(again)).toBeVisible()

  // Saved: the draft is gone, and the saved note is what the editor opens with.
  await again.getByRole('button', { name: 'Save note' }).click()
  await expect(card(again).locator('.note')).toHaveText('Cho speaks of a new era, but the border stays')
  await expect(card(again).getByText('Unsaved draft')).toHaveCount(0)
  expect(await keptDrafts(again)).toEqual([])
  await openHighlightNote(again)
  await expect(noteField(again)).toHaveValue('Cho speaks of a new era, but the border stays')
  await expect(restoredHint(again)).toHaveCount(0)
})

test('discarding typed text asks first; Keep writing keeps it, Discard throws the draft away', async ({ page, served }) => {
  await openSampleWithHighlight(page, served.url)
  await openHighlightNote(page)
  await noteField(page).fill('A first note')
  await page.getByRole('button', { name: 'Save note' }).click()
  await expect(card(page).locator('.note')).toHaveText('A first note')

  await openHighlightNote(page)
  await noteField(page).fill('A first note, rewritten')
  await page.getByRole('button', { name: 'Cancel' }).click()
  const question = page.getByRole('alertdialog', { name: 'Discard the unsaved note?' })
  await expect(question).toContainText('Discard what you wrote?')
  await expect(noteField(page)).toHaveValue('A first note, rewritten')
  await card(page).screenshot({ path: join(screenshots, 'note-discard-question.png') })

  // Keep writing, the default: Escape answers so too.
  await page.keyboard.press('Escape')
  await expect(question).toHaveCount(0)
  await expect(noteField(page)).toHaveValue('A first note, rewritten')
  await expect(noteField(page)).toBeFocused()

  await page.getByRole('button', { name: 'Cancel' }).click()
  await question.getByRole('button', { name: 'Discard' }).click()
  await expect(noteField(page)).toHaveCount(0)
  await expect(card(page).locator('.note')).toHaveText('A first note')
  expect(await keptDrafts(page)).toEqual([])
  await openHighlightNote(page)
  await expect(noteField(page)).toHaveValue('A first note')
  await expect(restoredHint(page)).toHaveCount(0)

  // Nothing typed, nothing to ask: Cancel closes at once.
  await page.getByRole('button', { name: 'Cancel' }).click()
  await expect(noteField(page)).toHaveCount(0)
})

test('a new note on the item is kept while it is written, and leaves no draft once added', async ({ page, served }) => {
  await openSampleWithHighlight(page, served.url)
  await page.getByRole('button', { name: '+ Add note' }).click()
  await noteField(page).fill('- to check: the date of the opening')
  // Escape closes the editor, a second Escape leaves the reader.
  await page.keyboard.press('Escape')
  await expect(page.locator('.add-note').getByText('Unsaved draft')).toBeVisible()
  await page.keyboard.press('Escape')
  await openSampleFromLibrary(page)
  await expect(page.locator('.add-note').getByText('Unsaved draft')).toBeVisible()
  await page.reload()
  await page.getByRole('button', { name: '+ Add note' }).click()
  await expect(noteField(page)).toHaveValue('- to check: the date of the opening')
  await expect(restoredHint(page)).toBeVisible()
  await page.locator('.note-editor').getByRole('button', { name: 'Add note' }).click()
  await expect(page.locator('.item-note .note li')).toHaveText(['to check: the date of the opening'])
  expect(await keptDrafts(page)).toEqual([])
  await expect(page.locator('.add-note').getByText('Unsaved draft')).toHaveCount(0)
})

test('a draft comes back when its editor is opened before the item\'s annotations have loaded, as after a reload', async ({ page, served }) => {
  await openSampleWithHighlight(page, served.url)
  await page.getByRole('button', { name: '+ Add note' }).click()
  await noteField(page).fill('Opened before its annotations had loaded')
  await page.keyboard.press('Escape')
  await expect(page.locator('.add-note').getByText('Unsaved draft')).toBeVisible()

  // The item's annotations, whose item the draft is kept under, are held back until the editor was asked for.
  let release = () => {}
  const released = new Promise<void>((resolve) => (release = resolve))
  await page.route('**/api/listAnnotations', async (route) => {
    await released
    await route.continue()
  })
  await page.reload()
  await expect(page.locator('p[data-para="3"]')).toBeVisible()
  await page.getByRole('button', { name: '+ Add note' }).click()
  release()
  await expect(noteField(page)).toHaveValue('Opened before its annotations had loaded')
  await expect(restoredHint(page)).toBeVisible()
  await expect(noteField(page)).toBeFocused()
})
