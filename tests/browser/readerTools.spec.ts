import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Page } from '@playwright/test'
import { expect, repoRoot, screenshots, test } from './servedApp'

test.use({ viewport: { width: 1024, height: 700 } })

/** The reader's find marks: how many matches are drawn, and the text of the current one. */
const painted = (page: Page) =>
  page.evaluate(() => {
    const marks = [...document.querySelectorAll<HTMLElement>('[data-testid="article-content"] mark.find-match')]
    return { matches: new Set(marks.map((mark) => mark.dataset.find)).size, current: marks.filter((mark) => mark.classList.contains('current')).map((mark) => mark.textContent).join('') }
  })

/** Whether the current match lies inside the visible part of the article's scroller. */
const currentInView = (page: Page) =>
  page.evaluate(() => {
    const mark = document.querySelector('mark.find-match.current')!
    const box = mark.getBoundingClientRect()
    const view = mark.closest('.scroll')!.getBoundingClientRect()
    return box.height > 0 && box.top >= view.top && box.bottom <= view.bottom
  })

async function addSample(page: Page, url: string) {
  await page.goto(url)
  await page.getByRole('button', { name: 'Add the sample article' }).click()
  // The first article a fresh server opens can take a while on a busy machine.
  await expect(page.getByText('Select a passage in the article and pick a colour')).toBeVisible({ timeout: 20_000 })
}

test('Ctrl+F finds a word in the article: Enter and Shift+Enter go through the matches with a count, the current one in view', async ({ page, served }) => {
  await addSample(page, served.url)
  // The largest text, so that the article runs over several screens.
  await page.getByRole('button', { name: 'Reading settings' }).click()
  // One more than the largest size: it stays at the largest.
  for (let step = 0; step < 10; step++) await page.getByRole('button', { name: 'Larger text' }).click()
  await expect(page.getByTestId('reader-font-size')).toHaveText('28 px')
  await page.keyboard.press('Escape')

  const content = page.getByTestId('article-content')
  const text = await content.textContent()
  const expected = (text ?? '').match(/korea/gi)!.length
  expect(expected).toBeGreaterThan(3)

  await content.focus()
  await page.keyboard.press('Control+f')
  const field = page.getByRole('searchbox', { name: 'Find in the article' })
  await expect(field).toBeFocused()
  await field.fill('KOREA')
  const status = page.getByTestId('find-status')
  await expect(status).toHaveText(`1 of ${expected}`)
  expect(await painted(page)).toEqual({ matches: expected, current: 'Korea' })
  // The marks add elements, never text: the article reads the same.
  expect(await content.textContent()).toBe(text)

  await field.press('Enter')
  await expect(status).toHaveText(`2 of ${expected}`)
  expect(await currentInView(page)).toBe(true)
  // Back past the first: round to the last, far down the article.
  await field.press('Shift+Enter')
  await field.press('Shift+Enter')
  await expect(status).toHaveText(`${expected} of ${expected}`)
  expect(await currentInView(page)).toBe(true)
  expect(await page.locator('.scroll').evaluate((scroller) => scroller.scrollTop)).toBeGreaterThan(0)
  await field.press('Enter')
  await expect(status).toHaveText(`1 of ${expected}`)
  expect(await currentInView(page)).toBe(true)
  await field.press('Enter')
  await field.press('Enter')
  await expect(status).toHaveText(`3 of ${expected}`)
  expect(await currentInView(page)).toBe(true)
  await page.screenshot({ path: join(screenshots, 'reader-find.png') })

  await field.fill('no such word anywhere')
  await expect(status).toHaveText('No matches')
  expect(await painted(page)).toEqual({ matches: 0, current: '' })

  // Escape closes the bar, takes its marks away and leaves the reader where it was, the article focused.
  await field.fill('korea')
  await field.press('Escape')
  await expect(page.getByTestId('find-bar')).toHaveCount(0)
  expect(await painted(page)).toEqual({ matches: 0, current: '' })
  await expect(content).toBeFocused()
  await expect(page).toHaveURL(/#\/item\//)
  expect(await content.textContent()).toBe(text)
})

test('the mark of a search result is not a highlight, and it goes when the query changes or find is used', async ({ page, served }) => {
  await addSample(page, served.url)
  const itemId = new URL(page.url()).hash.split('/').pop()!
  await promisify(execFile)(process.execPath, ['bin/scriptorium.js', '--library', served.library, 'highlight', itemId, '--quote', 'een nieuw tijdperk van vrede'], { cwd: repoRoot })
  await page.reload()
  const highlight = page.locator('mark.highlight')
  await expect(highlight).toHaveText('een nieuw tijdperk van vrede')

  const searchFor = async (query: string) => {
    await page.keyboard.press('Control+k')
    await page.getByRole('combobox', { name: 'Search' }).fill(query)
    await expect(page.getByTestId('search-hit').first()).toBeVisible()
  }
  await searchFor('verbindingsbureau')
  await page.keyboard.press('Enter')
  const searchMark = page.locator('mark.search-match')
  await expect(searchMark.first()).toBeVisible()
  const look = (locator: typeof highlight) => locator.first().evaluate((mark) => {
    const style = getComputedStyle(mark)
    return { background: style.backgroundColor, outline: style.outlineStyle }
  })
  const [matchLook, highlightLook] = [await look(searchMark), await look(highlight)]
  expect(matchLook.background).toBe('rgba(0, 0, 0, 0)')
  expect(matchLook.outline).toBe('dashed')
  expect(highlightLook.background).not.toBe('rgba(0, 0, 0, 0)')
  expect(highlightLook.outline).not.toBe('dashed')
  await page.screenshot({ path: join(screenshots, 'reader-search-mark.png') })

  // Another query in the palette: the old mark goes at once, even before a result is opened.
  await page.keyboard.press('Control+k')
  await page.getByRole('combobox', { name: 'Search' }).fill('Kaesong')
  await expect(searchMark).toHaveCount(0)
  await page.keyboard.press('Escape')

  // A result opened again, then a word looked for with find: the search mark goes.
  await searchFor('verbindingsbureau')
  await page.keyboard.press('Enter')
  await expect(searchMark.first()).toBeVisible()
  await page.keyboard.press('Control+f')
  await page.getByRole('searchbox', { name: 'Find in the article' }).fill('Moon')
  await expect(searchMark).toHaveCount(0)
  // The article's text and its highlight are untouched by both kinds of mark.
  await expect(highlight).toHaveText('een nieuw tijdperk van vrede')
})

test('reading settings and folded panels are kept over a reload, and give the column the room at 1024×700', async ({ page, served }) => {
  await addSample(page, served.url)
  const content = page.getByTestId('article-content')
  const columnWidth = () => content.evaluate((element) => element.getBoundingClientRect().width)
  const style = () => content.evaluate((element) => ({ size: getComputedStyle(element).fontSize, family: getComputedStyle(element).fontFamily }))
  const before = await columnWidth()
  expect((await style()).size).toBe('19px')
  await page.screenshot({ path: join(screenshots, 'reader-1024-panels.png') })

  await page.getByRole('button', { name: 'Reading settings' }).click()
  await page.getByRole('button', { name: 'Larger text' }).click()
  await page.getByRole('button', { name: 'Larger text' }).click()
  await page.getByRole('radio', { name: 'Wide' }).check()
  await page.getByRole('radio', { name: 'Sans serif' }).check()
  await expect(page.getByTestId('reader-font-size')).toHaveText('21 px')
  await page.screenshot({ path: join(screenshots, 'reader-settings.png') })
  await page.keyboard.press('Escape')
  await expect(page.getByRole('button', { name: 'Reading settings' })).toBeFocused()

  // One panel with its button, the other with its key.
  await page.getByRole('button', { name: 'Sidebar', exact: true }).click()
  await expect(page.getByRole('navigation', { name: 'Library' })).toBeHidden()
  await content.focus()
  await page.keyboard.press(']')
  await expect(page.getByRole('complementary', { name: 'Highlights and information' })).toBeHidden()
  await expect(page.getByRole('button', { name: 'Highlights panel' })).toHaveAttribute('aria-pressed', 'false')
  const folded = await columnWidth()
  expect(folded).toBeGreaterThan(before)
  await page.screenshot({ path: join(screenshots, 'reader-1024-folded.png') })

  await page.reload()
  await expect(content).toBeVisible()
  expect(await style()).toEqual({ size: '21px', family: expect.stringMatching(/^system-ui/) })
  await expect(page.getByRole('navigation', { name: 'Library' })).toBeHidden()
  await expect(page.getByRole('complementary', { name: 'Highlights and information' })).toBeHidden()
  expect(await columnWidth()).toBe(folded)

  // The library always has its sidebar; the reader folds it again on the way back.
  await page.keyboard.press('Escape')
  await expect(page.getByRole('navigation', { name: 'Library' })).toBeVisible()
  await page.getByRole('row', { name: /Noord- en Zuid-Korea/ }).click()
  await expect(page.getByRole('navigation', { name: 'Library' })).toBeHidden()
  await page.getByRole('button', { name: 'Sidebar', exact: true }).click()
  await page.getByRole('button', { name: 'Highlights panel' }).click()
  await expect(page.getByRole('navigation', { name: 'Library' })).toBeVisible()
  await expect(page.getByRole('complementary', { name: 'Highlights and information' })).toBeVisible()
})

test('? shows every shortcut, but not when typed into a field', async ({ page, served }) => {
  await addSample(page, served.url)
  await page.keyboard.press('?')
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(sheet).toBeVisible()
  for (const action of ['Search the library', 'Find in the article', 'Next and previous match', 'Highlight the selection', 'Copy the highlight with its citation', 'Hide or show the sidebar', 'Hide or show the highlights panel', 'Save the note', 'Move to the trash', 'Back to the library']) {
    await expect(sheet.getByText(action, { exact: true })).toBeVisible()
  }
  await page.screenshot({ path: join(screenshots, 'shortcut-sheet.png') })
  await page.keyboard.press('Escape')
  await expect(sheet).toHaveCount(0)
  // Escape closed the sheet alone: the reader is still open.
  await expect(page.getByTestId('article-content')).toBeVisible()

  await page.keyboard.press('Control+k')
  const field = page.getByRole('combobox', { name: 'Search' })
  await field.press('?')
  await expect(field).toHaveValue('?')
  await expect(sheet).toHaveCount(0)
})

test('with the panels folded, the article gets its full chosen width at 1024×700 and 1440×900, light and dark', async ({ page, served }) => {
  await addSample(page, served.url)
  const itemId = new URL(page.url()).hash.split('/').pop()!
  await promisify(execFile)(process.execPath, ['bin/scriptorium.js', '--library', served.library, 'highlight', itemId, '--quote', 'een nieuw tijdperk van vrede', '--note', 'Een *nieuw tijdperk*.'], { cwd: repoRoot })
  await page.reload()
  await expect(page.locator('mark.highlight')).toHaveCount(1)
  const article = page.locator('article.article')
  /** The column's width against the widest the reading settings allow it. */
  const column = () => article.evaluate((element) => ({ width: element.getBoundingClientRect().width, max: parseFloat(getComputedStyle(element).maxWidth) }))

  for (const [width, height] of [[1024, 700], [1440, 900]]) {
    await page.setViewportSize({ width, height })
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme })
      await page.screenshot({ path: join(screenshots, `reader-${width}x${height}-${colorScheme}.png`) })
      await page.getByRole('button', { name: 'Sidebar', exact: true }).click()
      await page.getByRole('button', { name: 'Highlights panel' }).click()
      const folded = await column()
      expect(folded.width, `${width}×${height}`).toBe(folded.max)
      await page.getByTestId('article-content').focus()
      await page.keyboard.press('Control+f')
      await page.getByRole('searchbox', { name: 'Find in the article' }).fill('korea')
      await page.getByRole('searchbox', { name: 'Find in the article' }).press('Enter')
      await page.screenshot({ path: join(screenshots, `reader-${width}x${height}-${colorScheme}-folded-find.png`) })
      await page.keyboard.press('Escape')
      await page.getByRole('button', { name: 'Sidebar', exact: true }).click()
      await page.getByRole('button', { name: 'Highlights panel' }).click()
    }
  }
})
