import type { Page } from '@playwright/test'
import { createRequire } from 'node:module'
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { selectPhrase } from './selectPhrase'
import { expect, repoRoot, screenshots, test } from './servedApp'

const QUOTE = 'een nieuw tijdperk van vrede'
const TITLE = 'Noord- en Zuid-Korea hebben vrijdag een verbindingsbureau geopend aan de grens'

/** Both flavours the copy put on the clipboard, read back as a pasting application would. */
async function readClipboard(page: Page): Promise<{ text: string; html: string | null }> {
  return page.evaluate(async () => {
    // A read that overlaps the end of a write is refused ("Clipboard data has changed"): read again.
    for (let attempt = 0; ; attempt++) {
      try {
        const [item] = await navigator.clipboard.read()
        const read = async (type: string) => (item.types.includes(type) ? (await item.getType(type)).text() : null)
        return { text: (await read('text/plain')) ?? '', html: await read('text/html') }
      } catch (error) {
        if (attempt > 20 || (error as Error).name !== 'InvalidStateError') throw error
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    }
  })
}

async function emptyClipboard(page: Page) {
  await page.evaluate(() => navigator.clipboard.writeText(''))
}

async function openSample(page: Page, url: string) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin })
  await page.goto(url)
  await page.getByRole('button', { name: 'Add the sample article' }).click()
  await expect(page.getByText('Select a passage in the article and pick a colour')).toBeVisible()
  await emptyClipboard(page) // the browser's clipboard outlives a test
  for (const close of await page.getByRole('button', { name: 'Dismiss' }).all()) await close.click()
}

test('a highlight is copied with its citation from the panel, in the chosen language and in other formats', async ({ page, served }) => {
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  await openSample(page, served.url)
  await selectPhrase(page, 3, QUOTE)
  await page.keyboard.press('h')
  const card = page.locator('.card[data-highlight-id]')
  await expect(card).toHaveCount(1)

  const copy = card.getByRole('button', { name: /^Copy with citation: “een nieuw tijdperk van vrede”$/ })
  await expect(copy).toHaveAttribute('title', /\(C or Ctrl\+Shift\+C\)/)
  await emptyClipboard(page)
  await copy.click()
  await expect(page.getByRole('status').filter({ hasText: 'Copied the quote with its citation' })).toBeVisible()
  const rich = await readClipboard(page)
  expect(rich.text).toContain(`“${QUOTE}”`)
  expect(rich.text).toContain('para. 3')
  expect(rich.text).toContain(TITLE)
  expect(rich.html).toContain(QUOTE)
  expect(rich.html).toContain('para. 3')
  expect(rich.html).toMatch(/<i>Noord- en Zuid-Korea/)

  // The other formats sit in a menu beside the button, reachable from the keyboard.
  const more = card.getByRole('button', { name: /^Other formats for/ })
  await more.focus()
  await page.keyboard.press('Enter')
  const menu = page.getByRole('menu', { name: 'Copy with citation as' })
  await expect(menu.getByRole('menuitem')).toHaveText(['Copy as Markdown', 'Copy as Pandoc citation', 'Copy as LaTeX (csquotes, biblatex)'])
  await page.screenshot({ path: join(screenshots, 'cite-panel.png') })
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(menu).toHaveCount(0)
  await expect(more).toBeFocused()
  await expect.poll(async () => (await readClipboard(page)).text).toBe(`“${QUOTE}” [@noord2018zuidkorea, para. 3]`)
  await more.click()
  await menu.getByRole('menuitem', { name: 'Copy as LaTeX (csquotes, biblatex)' }).click()
  await expect.poll(async () => (await readClipboard(page)).text).toBe(`\\textcquote[para.~3]{noord2018zuidkorea}{${QUOTE}}`)

  await page.emulateMedia({ colorScheme: 'dark' })
  await card.screenshot({ path: join(screenshots, 'cite-card-dark.png') })
  await page.emulateMedia({ colorScheme: 'light' })

  // Dutch as the default language: the locator becomes "par.", and stays so after a reload.
  await page.getByRole('button', { name: 'Citations…' }).click()
  const settings = page.getByRole('dialog', { name: 'Citations' })
  await expect(settings).toBeVisible()
  await expect(settings.getByTestId('citation-preview')).toContainText(TITLE)
  await settings.getByRole('combobox', { name: 'Default language' }).selectOption('nl-NL')
  await expect(settings.getByRole('combobox', { name: 'Default language' })).toHaveValue('nl-NL')
  await page.keyboard.press('Escape')
  await expect(settings).toHaveCount(0)
  await expect(page).toHaveURL(/#\/item\//) // Escape closed the dialog only, not the reader
  await page.reload()
  await emptyClipboard(page)
  await card.getByRole('button', { name: /^Copy with citation: / }).click()
  await expect.poll(async () => (await readClipboard(page)).text).toContain('par. 3')
  const dutch = await readClipboard(page)
  expect(dutch.text).not.toContain('para. 3')
  // The official nl-NL locale quotes with single marks.
  expect(dutch.text).toContain(`‘${QUOTE}’`)
  expect(dutch.html).toContain('par. 3')
  expect(problems).toEqual([])
})

test('C copies the highlight the selection is in, and a fresh selection is highlighted first', async ({ page, served }) => {
  await openSample(page, served.url)

  // A fresh selection: C makes it a highlight, then copies it.
  await selectPhrase(page, 3, QUOTE)
  await page.keyboard.press('c')
  const mark = page.locator('p[data-para="3"] mark[data-annotation-id]')
  await expect(mark).toHaveText(QUOTE)
  await expect(page.locator('.card[data-highlight-id]')).toHaveCount(1)
  await expect.poll(async () => (await readClipboard(page)).text).toContain(`“${QUOTE}”`)
  expect((await readClipboard(page)).text).toContain('para. 3')

  // A selection inside an existing highlight copies that highlight, and adds none.
  await emptyClipboard(page)
  await selectPhrase(page, 3, 'tijdperk')
  await page.keyboard.press('Control+Shift+C')
  await expect.poll(async () => (await readClipboard(page)).text).toContain(`“${QUOTE}”`)
  await expect(page.locator('.card[data-highlight-id]')).toHaveCount(1)

  // A highlight in another paragraph, clicked in the article, is the one C copies.
  await selectPhrase(page, 4, 'langeafstandraketten.')
  await page.keyboard.press('h')
  await expect(page.locator('.card[data-highlight-id]')).toHaveCount(2)
  await page.locator('p[data-para="4"] mark').click()
  await emptyClipboard(page)
  await page.keyboard.press('C')
  await expect.poll(async () => (await readClipboard(page)).text).toContain('“langeafstandraketten.”')
  expect((await readClipboard(page)).text).toContain('para. 4')
  // Ctrl+C stays the browser's plain copy.
  await selectPhrase(page, 2, 'Pyongyang')
  await page.keyboard.press('Control+c')
  await expect.poll(async () => (await readClipboard(page)).text).toBe('Pyongyang')
  await expect(page.locator('.card[data-highlight-id]')).toHaveCount(2)
  await page.keyboard.press('Escape')

  // From the selection toolbar: a button does the same as C.
  await selectPhrase(page, 2, 'Pyongyang en Seoul')
  await page.getByRole('toolbar', { name: 'Highlight the selection' }).getByRole('button', { name: 'Highlight and copy with citation' }).click()
  await expect(page.locator('.card[data-highlight-id]')).toHaveCount(3)
  await expect.poll(async () => (await readClipboard(page)).text).toContain('“Pyongyang en Seoul”')
})

test('references export as BibTeX for the whole library, and as a bibliography for one item', async ({ page, served }) => {
  await openSample(page, served.url)
  await page.getByRole('tab', { name: 'Info' }).click()
  await page.getByRole('button', { name: 'Edit', exact: true }).click()
  await page.getByLabel('Tags').fill('korea')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await page.getByRole('button', { name: '← Library' }).click()
  for (const close of await page.getByRole('button', { name: 'Dismiss' }).all()) await close.click()
  await page.getByRole('button', { name: 'Export references…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export references' })
  await expect(dialog.getByLabel('BibTeX')).toBeChecked()
  await expect(dialog.getByLabel(/The whole library/)).toBeChecked()
  await expect(dialog.getByText('1 reference', { exact: true })).toBeVisible()
  await expect(dialog.getByRole('combobox', { name: 'Style' })).toHaveCount(0) // only bibliographies have a style
  await page.screenshot({ path: join(screenshots, 'cite-export.png') })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: join(screenshots, 'cite-export-dark.png') })
  await page.emulateMedia({ colorScheme: 'light' })

  const download = page.waitForEvent('download')
  await dialog.getByRole('button', { name: 'Export', exact: true }).click()
  const bibtex = await readFile(await (await download).path(), 'utf8')
  expect(bibtex).toContain('@misc{noord2018zuidkorea,')
  expect(bibtex).toContain('Noord- en {Zuid}-{Korea}')
  await expect(dialog).toHaveCount(0)

  // The items with a tag, as RIS.
  await page.getByRole('button', { name: 'Export references…' }).click()
  await dialog.getByLabel('RIS').check()
  await dialog.getByRole('combobox', { name: 'Tag' }).selectOption('korea')
  await expect(dialog.getByLabel('Items tagged')).toBeChecked()
  const third = page.waitForEvent('download')
  await dialog.getByRole('button', { name: 'Export', exact: true }).click()
  const ris = await readFile(await (await third).path(), 'utf8')
  expect(ris).toMatch(/^TY {2}- /m)
  expect(ris).toContain(TITLE)

  // One item, from its Info panel, as a Dutch bibliography in HTML.
  await page.locator('tr[data-id]').first().click()
  await page.getByRole('tab', { name: 'Info' }).click()
  await page.getByRole('button', { name: 'Export reference…' }).click()
  await expect(dialog.getByLabel(/This item/)).toBeChecked()
  await dialog.getByLabel('Bibliography (HTML)').check()
  await dialog.getByRole('combobox', { name: 'Language' }).selectOption('nl-NL')
  const second = page.waitForEvent('download')
  await dialog.getByRole('button', { name: 'Export', exact: true }).click()
  const file = await second
  const html = await readFile(await file.path(), 'utf8')
  expect(html).toContain('lang="nl-NL"')
  expect(html).toContain(TITLE)
})

test('rows picked with Ctrl-click, Shift-click and Space export only their references', async ({ page, served }) => {
  await page.goto(served.url)
  await page.getByTestId('file-input').first().setInputFiles(['maastricht-1992.txt', 'cafe-windows-1252.txt'].map((name) => join(repoRoot, 'tests', 'fixtures', name)))
  await expect(page.locator('tbody tr[data-id]')).toHaveCount(2)
  await page.getByTestId('file-input').first().setInputFiles(join(repoRoot, 'resources', 'samples', 'korea-liaison-office-2018.txt'))
  await expect(page.locator('tbody tr[data-id]')).toHaveCount(3)
  const row = (title: RegExp) => page.getByRole('row', { name: title })

  await row(/Verdrag van Maastricht/).click({ modifiers: ['ControlOrMeta'] })
  await expect(page).not.toHaveURL(/#\/item\//) // a picked row does not open
  await row(/Noord- en Zuid-Korea/).focus()
  await page.keyboard.press('Space')
  await expect(page.getByRole('status').filter({ hasText: '2 selected' })).toBeVisible()
  await expect(row(/Verdrag van Maastricht/)).toHaveAttribute('aria-selected', 'true')
  await expect(row(/Café crème/)).toHaveAttribute('aria-selected', 'false')
  await page.mouse.move(0, 0)
  await page.screenshot({ path: join(screenshots, 'cite-selection.png'), clip: { x: 0, y: 0, width: 1280, height: 240 } })

  await page.getByRole('button', { name: 'Export references…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export references' })
  await expect(dialog.getByLabel(/The selected items/)).toBeChecked()
  await dialog.getByLabel('CSL-JSON').check()
  const download = page.waitForEvent('download')
  await dialog.getByRole('button', { name: 'Export', exact: true }).click()
  const exported = JSON.parse(await readFile(await (await download).path(), 'utf8')) as { id: string; title: string }[]
  expect(exported.map((entry) => entry.id).sort()).toEqual(['jansen1992verdrag', 'noord2018zuidkorea'].sort())

  // Shift-click picks the range; Clear selection empties it, and the export goes back to the whole library.
  await page.getByRole('button', { name: 'Clear selection' }).click()
  await expect(page.getByRole('status').filter({ hasText: /selected$/ })).toHaveCount(0)
  await expect(row(/Verdrag van Maastricht/)).toHaveAttribute('aria-selected', 'false')
  const rows = page.locator('tbody tr[data-id]')
  await rows.nth(0).click({ modifiers: ['ControlOrMeta'] })
  await rows.nth(2).click({ modifiers: ['Shift'] })
  await expect(page.getByRole('status').filter({ hasText: '3 selected' })).toBeVisible()
})

// A folder outside the library for the auto-exported file.
const exportTest = test.extend<{ outside: string }>({
  outside: async ({}, use) => {
    const folder = await mkdtemp(join(tmpdir(), 'thesis-'))
    await use(folder)
    await rm(folder, { recursive: true, force: true })
  },
})

exportTest('a malformed .csl file is refused with its reason and changes nothing; a good one can be chosen and removed', async ({ page, served, outside }) => {
  await page.goto(served.url)
  await page.getByRole('button', { name: 'Add the sample article' }).click()
  await page.getByRole('button', { name: '← Library' }).click()
  for (const close of await page.getByRole('button', { name: 'Dismiss' }).all()) await close.click()
  await page.getByRole('button', { name: 'Citations…' }).click()
  const settings = page.getByRole('dialog', { name: 'Citations' })
  const styles = settings.getByRole('combobox', { name: 'Default style' })
  await expect(styles).toHaveValue('apa')
  const before = await styles.locator('option').allTextContents()

  await settings.getByTestId('style-input').setInputFiles({
    name: 'broken.csl',
    mimeType: 'application/xml',
    buffer: Buffer.from('<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><info><title>Broken</title></info><citation><layout>'),
  })
  await expect(settings.getByRole('alert')).toHaveText('broken.csl is not a usable CSL style: it ends before its closing </style> tag.')
  expect(await styles.locator('option').allTextContents()).toEqual(before)
  await expect(settings.getByText('Add a CSL style file')).toBeVisible() // still no style of the user's own
  expect(await readdir(served.library)).not.toContain('styles')

  // A real style (citation-js's Vancouver file) under a name of the user's own.
  const require = createRequire(import.meta.url)
  const vancouver: string = require('@citation-js/plugin-csl/lib/styles.json').vancouver
  await settings.getByTestId('style-input').setInputFiles({ name: 'My Vancouver.csl', mimeType: 'application/xml', buffer: Buffer.from(vancouver) })
  await expect(settings.getByRole('alert')).toHaveCount(0)
  const own = settings.locator('.entry').filter({ hasText: 'my-vancouver' })
  await expect(own).toBeVisible()
  await styles.selectOption('my-vancouver')
  await expect(styles).toHaveValue('my-vancouver')
  await expect(settings.getByTestId('citation-preview')).toContainText(TITLE)

  // Auto-export: a relative path is refused in words; a full one is kept current and listed.
  const path = settings.getByLabel('File (its full path)')
  await path.fill('thesis/library.bib')
  await settings.getByRole('button', { name: 'Keep current' }).click()
  await expect(settings.getByRole('alert')).toHaveText('"thesis/library.bib" is not a full path; auto-export needs the whole path of the file to keep current.')
  const target = join(outside, 'library.bib')
  await path.fill(target)
  await settings.getByRole('button', { name: 'Keep current' }).click()
  const entry = settings.locator(`.entry[data-path="${target}"]`)
  await expect(entry).toContainText('BibTeX · Written')
  await expect(entry).toContainText('1 reference')
  expect(await readFile(target, 'utf8')).toContain('@misc{noord2018zuidkorea,')

  await page.mouse.move(0, 0)
  await page.screenshot({ path: join(screenshots, 'cite-settings.png') })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: join(screenshots, 'cite-settings-dark.png') })
  await page.emulateMedia({ colorScheme: 'light' })

  await entry.getByRole('button', { name: /^Stop keeping/ }).click()
  await expect(entry).toHaveCount(0)
  await own.getByRole('button', { name: /^Remove the style/ }).click()
  await expect(own).toHaveCount(0)
  expect(await styles.locator('option').allTextContents()).toEqual(before)
  await expect(styles).toHaveValue('apa')
})
