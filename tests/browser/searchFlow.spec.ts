import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, repoRoot, screenshots, test } from './servedApp'

const PHRASE = 'een nieuw tijdperk van vrede'

test('Ctrl+K finds the sample as you type and opens it at the match, marked', async ({ page, served }) => {
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`))
  const cli = (...args: string[]) => promisify(execFile)(process.execPath, ['bin/scriptorium.js', '--library', served.library, ...args], { cwd: repoRoot })
  await cli('add', join(repoRoot, 'resources', 'samples', 'korea-liaison-office-2018.txt'))
  await cli('add', join(repoRoot, 'tests', 'browser', 'fixtures', 'peace-talks.txt'))

  await page.goto(served.url)
  await expect(page.getByRole('row', { name: /Noord- en Zuid-Korea/ })).toBeVisible()
  await page.keyboard.press('Control+k')
  const box = page.getByRole('combobox', { name: 'Search' })
  await expect(box).toBeFocused()

  // Typed a key at a time: results come while the last word is still a prefix.
  await box.pressSequentially('tijdperk vre', { delay: 40 })
  const hits = page.getByTestId('search-hit')
  await expect(hits).toHaveCount(1)
  await expect(hits.first()).toContainText('Noord- en Zuid-Korea hebben vrijdag')
  await expect(hits.first().locator('mark')).toHaveText(['tijdperk', 'vrede'])

  await box.fill(`"${PHRASE}"`)
  await expect(hits.first().locator('mark')).toHaveText([PHRASE])
  await expect(page.getByText('1 item', { exact: true })).toBeVisible()
  await page.screenshot({ path: join(screenshots, 'search.png') })

  // A malformed query says why, instead of showing nothing.
  await box.fill('"een nieuw')
  await expect(page.getByRole('alert')).toHaveText('The quote opened at character 1 is never closed; add a closing ".')

  // Keyboard: two results, the arrow keys choose, Enter opens.
  await box.fill('vrede OR peace')
  await expect(hits).toHaveCount(2)
  await expect(hits.nth(0)).toHaveAttribute('aria-selected', 'true')
  await box.press('ArrowDown')
  await expect(hits.nth(1)).toHaveAttribute('aria-selected', 'true')
  await box.press('ArrowUp')
  await box.fill(`"${PHRASE}"`)
  await expect(hits).toHaveCount(1)
  await box.press('Enter')

  const match = page.locator('mark.search-match')
  await expect(match).toHaveText(PHRASE)
  await expect(match).toBeInViewport()
  await expect(page.locator('p[data-para="3"] mark.search-match')).toHaveCount(1)
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await page.screenshot({ path: join(screenshots, 'search-opened.png') })
  expect(problems).toEqual([])
})

test('a hit in a note or highlight says so, and Escape closes the search', async ({ page, served }) => {
  await page.goto(served.url)
  await page.getByRole('button', { name: 'Add the sample article' }).click()
  await expect(page.getByTestId('article-content')).toBeVisible()
  const itemId = new URL(page.url()).hash.split('/').pop()!
  const cli = (...args: string[]) => promisify(execFile)(process.execPath, ['bin/scriptorium.js', '--library', served.library, ...args], { cwd: repoRoot })
  await cli('note', itemId, 'Vergelijk met het archief van Yonhap')
  await cli('highlight', itemId, '--quote', 'Kaesong', '--note', 'grensplaats')

  await page.getByTestId('open-search').click()
  const box = page.getByRole('combobox', { name: 'Search' })
  await box.fill('archief ')
  await expect(page.getByTestId('search-hit').locator('[data-source="note"]')).toHaveText('Note')
  await box.fill('grensplaats in:highlights')
  await expect(page.getByTestId('search-hit').locator('[data-source="highlight"]')).toHaveText('Highlight')
  await box.press('Escape')
  await expect(page.getByRole('dialog')).toHaveCount(0)
})
