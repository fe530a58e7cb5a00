import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { readArticleStructure } from '../../electron/core/readArticleStructure'
import { placeCaretBefore, selectPhrase, selectText } from './selectPhrase'
import { expect, screenshots, test } from './servedApp'

const QUOTE = 'een nieuw tijdperk van vrede'

test('highlight a selected passage, keep it over a reload, note it, delete it and undo', async ({ page, served }) => {
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  await page.goto(served.url)
  await page.getByRole('button', { name: 'Add the sample article' }).click()
  await expect(page.getByText('Select a passage in the article and pick a colour')).toBeVisible()

  await selectPhrase(page, 3, QUOTE)
  expect(await page.evaluate(() => document.getSelection()?.toString())).toBe(QUOTE)
  const toolbar = page.getByRole('toolbar', { name: 'Highlight the selection' })
  await expect(toolbar).toBeVisible()
  await page.screenshot({ path: join(screenshots, 'reader-selection.png'), clip: { x: 220, y: 380, width: 720, height: 420 } })
  await toolbar.getByRole('button', { name: 'Highlight as Key point' }).click()

  const mark = page.locator('p[data-para="3"] mark[data-annotation-id]')
  await expect(mark).toHaveText(QUOTE)
  const card = page.locator('.card[data-highlight-id]')
  await expect(card).toHaveCount(1)
  await expect(card.locator('.locator')).toHaveText('¶ 3')

  await page.reload()
  await expect(mark).toHaveText(QUOTE)
  await expect(mark).toHaveAttribute('data-color', 'yellow')

  await card.getByRole('button', { name: /^Add note: “/ }).click()
  await page.getByLabel('Note in Markdown').fill('Minister **Cho** speaks of a *new era*.')
  await page.getByRole('tab', { name: 'Preview' }).click()
  await expect(page.locator('.note-editor .preview strong')).toHaveText('Cho')
  await page.getByRole('button', { name: 'Save note' }).click()
  await expect(card.locator('.note em')).toHaveText('new era')

  await card.getByRole('button', { name: 'Disagree' }).click()
  await expect(mark).toHaveAttribute('data-color', 'pink')

  await page.mouse.move(0, 0)
  await page.screenshot({ path: join(screenshots, 'reader-highlights.png') })
  await card.locator('button.quote').click()
  await expect(mark).toHaveClass(/flash/)

  await card.getByRole('button', { name: /^Delete the highlight/ }).click()
  await expect(mark).toHaveCount(0)
  await expect(card).toHaveCount(0)
  await page.getByRole('button', { name: 'Undo' }).click()
  await expect(mark).toHaveText(QUOTE)
  await expect(card.locator('.note em')).toHaveText('new era')

  await page.reload()
  await expect(mark).toHaveText(QUOTE)
  expect(problems).toEqual([])
})

test('a passage selected with the keyboard is highlighted with a number key; a note on the item renders its Markdown', async ({ page, served }) => {
  await page.goto(served.url)
  await page.getByRole('button', { name: 'Add the sample article' }).click()
  await expect(page.getByText('Select a passage in the article and pick a colour')).toBeVisible()

  // Put the caret before "Pyongyang" in paragraph 2, then extend by words with the keyboard.
  await placeCaretBefore(page, 2, 'Pyongyang en Seoul')
  for (let word = 0; word < 3; word++) await page.keyboard.press('Shift+Control+ArrowRight')
  expect((await page.evaluate(() => document.getSelection()?.toString()))?.trim()).toBe('Pyongyang en Seoul')
  await page.keyboard.press('2')
  const mark = page.locator('p[data-para="2"] mark[data-annotation-id]')
  await expect(mark).toHaveText('Pyongyang en Seoul')
  await expect(mark).toHaveAttribute('data-color', 'green')

  await page.getByRole('button', { name: '+ Add note' }).click()
  await page.getByLabel('Note in Markdown').fill('- first point\n- second point')
  await page.locator('.note-editor').getByRole('button', { name: 'Add note' }).click()
  await expect(page.locator('.item-note .note li')).toHaveText(['first point', 'second point'])
})

test('a highlight across two paragraphs is drawn in both and located in both', async ({ page, served }) => {
  await page.goto(served.url)
  await page.getByRole('button', { name: 'Add the sample article' }).click()
  await expect(page.getByText('Select a passage in the article and pick a colour')).toBeVisible()
  await selectText(page, { para: 1, phrase: 'Tweede Wereldoorlog' }, { para: 2, phrase: 'Tot nu toe' })
  await page.keyboard.press('h')
  const id = await page.locator('p[data-para="1"] mark[data-annotation-id]').getAttribute('data-annotation-id')
  await expect(page.locator(`mark[data-annotation-id="${id}"]`)).toHaveText(['Tweede Wereldoorlog.', 'Tot nu toe'])
  await expect(page.locator(`.card[data-highlight-id="${id}"] .locator`)).toHaveText('¶ 1–2')

  // The reader's text, marks and all, is the text the service anchors in.
  const itemId = new URL(page.url()).hash.split('/').pop()!
  const { text } = await readArticleStructure(await readFile(join(served.library, 'items', itemId, 'content.html'), 'utf8'))
  expect(await page.getByTestId('article-content').evaluate((element) => element.textContent)).toBe(text)
})

test('colours can be renamed, annotations download as Markdown, and a highlight whose text is gone shows as an orphan', async ({ page, served }) => {
  await page.goto(served.url)
  await page.getByRole('button', { name: 'Add the sample article' }).click()
  await expect(page.getByText('Select a passage in the article and pick a colour')).toBeVisible()

  await page.getByRole('button', { name: 'Rename colours' }).click()
  await page.getByLabel('Meaning of green').fill('Methods')
  await page.getByRole('button', { name: 'Save colours' }).click()
  await expect(page.locator('.legend-entry[data-color="green"]')).toHaveText('Methods')

  await selectPhrase(page, 4, 'langeafstandraketten.')
  await page.getByRole('toolbar', { name: 'Highlight the selection' }).getByRole('button', { name: 'Highlight as Methods' }).click()
  await expect(page.locator('p[data-para="4"] mark')).toHaveAttribute('data-color', 'green')

  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export Markdown' }).click()
  const file = await download
  expect(file.suggestedFilename()).toBe('noord2018zuidkorea.md')
  const markdown = await readFile(await file.path(), 'utf8')
  expect(markdown).toContain('> langeafstandraketten.\n> — para. 4 · Methods\n')

  // The article is extracted again without that sentence: the highlight stays, as an orphan.
  const itemId = new URL(page.url()).hash.split('/').pop()!
  const contentPath = join(served.library, 'items', itemId, 'content.html')
  await writeFile(contentPath, (await readFile(contentPath, 'utf8')).replace(/ Noord-Korea deed dat jaar[^<]*/, ''))
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Not found in the text 1' })).toBeVisible()
  await expect(page.locator('.card.orphan .quote')).toHaveText('langeafstandraketten.')
  await expect(page.locator('mark[data-annotation-id]')).toHaveCount(0)
})

test('the keyboard alone moves a caret through the article, selects and highlights', async ({ page, served }) => {
  await page.goto(served.url)
  await page.getByRole('button', { name: 'Add the sample article' }).click()
  await expect(page.getByText('Select a passage in the article and pick a colour')).toBeVisible()
  await page.getByTestId('article-content').focus()
  // Down, line by line, into paragraph 2: how many lines paragraph 1 takes depends on the fonts.
  const caretParagraph = () => page.evaluate(() => Number(document.getSelection()?.focusNode?.parentElement?.closest('p')?.dataset.para ?? 0))
  expect(await caretParagraph()).toBe(1)
  for (let line = 0; line < 40 && (await caretParagraph()) < 2; line++) await page.keyboard.press('ArrowDown')
  expect(await caretParagraph()).toBe(2)
  await expect(page.locator('.caret')).toBeVisible() // a caret the user can see, where the selection will start
  for (let word = 0; word < 3; word++) await page.keyboard.press('Shift+Control+ArrowRight')
  const selected = (await page.evaluate(() => document.getSelection()?.toString()))!.trim()
  expect(selected.length).toBeGreaterThan(5)
  await page.keyboard.press('h')
  const mark = page.locator('mark[data-annotation-id]')
  await expect(mark).toHaveText(selected)
  // Polled: the marks are redrawn when the saved highlight comes back, and a resolved element may be the one replaced.
  await expect.poll(() => mark.evaluate((element) => Number(element.closest('p')?.dataset.para))).toBeGreaterThan(1)
})

test('a selection that overlaps an existing highlight becomes a second highlight, and both are drawn', async ({ page, served }) => {
  await page.goto(served.url)
  await page.getByRole('button', { name: 'Add the sample article' }).click()
  await expect(page.getByText('Select a passage in the article and pick a colour')).toBeVisible()
  await selectPhrase(page, 3, 'een nieuw tijdperk')
  await page.keyboard.press('1')
  await expect(page.locator('p[data-para="3"] mark')).toHaveText(['een nieuw tijdperk'])

  // The second selection starts inside the first highlight's mark and runs past it.
  await selectPhrase(page, 3, 'tijdperk van vrede')
  await page.keyboard.press('3')
  await expect(page.locator('.card[data-highlight-id]')).toHaveCount(2)
  const ids = await page.locator('.card[data-highlight-id]').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-highlight-id')!))
  const textOf = (id: string) => page.locator(`mark[data-annotation-id="${id}"]`).allTextContents().then((parts) => parts.join(''))
  expect(await textOf(ids[0])).toBe('een nieuw tijdperk')
  expect(await textOf(ids[1])).toBe('tijdperk van vrede')
  await page.reload()
  await expect(page.locator('mark[data-annotation-id]').first()).toBeVisible()
  expect(await textOf(ids[0])).toBe('een nieuw tijdperk')
  expect(await textOf(ids[1])).toBe('tijdperk van vrede')
})
