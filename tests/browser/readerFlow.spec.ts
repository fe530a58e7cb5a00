import { join } from 'node:path'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { expect, repoRoot, screenshots, test } from './servedApp'


test('add the sample from the empty state, read paragraph 3, edit the title and keep it over a reload', async ({ page, served }) => {
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`))
  page.on('request', (request) => {
    if (!request.url().startsWith(served.origin)) problems.push(`request left the app: ${request.url()}`)
  })

  await page.goto(served.url)
  await expect(page.getByRole('heading', { name: 'Your archive is empty' })).toBeVisible()
  await expect(page).toHaveURL(/#\/$/) // the token left the address bar
  await page.screenshot({ path: join(screenshots, 'empty-library.png') })

  await page.getByRole('button', { name: 'Add the sample article' }).click()

  const content = page.getByTestId('article-content')
  const paragraph3 = content.locator('p[data-para="3"]')
  await expect(paragraph3).toContainText('“een nieuw tijdperk van vrede”')
  await expect(content.getByRole('heading', { name: 'Derde top Kim en Moon' })).toBeVisible()
  await page.getByRole('tab', { name: 'Info' }).click()
  await expect(page.locator('[data-field="language"]')).toContainText('(nl)')
  await expect(page.locator('[data-field="issued"]')).toHaveText('2018-09')

  await page.getByRole('button', { name: 'Edit', exact: true }).click()
  const title = page.locator('textarea[name="title"]')
  await title.fill('Noord- en Zuid-Korea openen verbindingsbureau')
  await page.getByPlaceholder('YYYY-MM-DD').fill('2018-09-14')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.locator('[data-field="title"]')).toHaveText('Noord- en Zuid-Korea openen verbindingsbureau')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Noord- en Zuid-Korea openen verbindingsbureau')

  await page.reload()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Noord- en Zuid-Korea openen verbindingsbureau')
  await page.getByRole('tab', { name: 'Info' }).click()
  await expect(page.locator('[data-field="issued"]')).toHaveText('2018-09-14')
  await expect(paragraph3).toBeVisible()
  await page.screenshot({ path: join(screenshots, 'reader.png') })

  await page.getByRole('button', { name: '← Library' }).click()
  const row = page.getByRole('row', { name: /Noord- en Zuid-Korea openen verbindingsbureau/ })
  await expect(row).toBeVisible()

  expect(problems).toEqual([])
})

test('Escape leaves the reader for the library, and a row opens with Enter', async ({ page, served }) => {
  await page.goto(served.url)
  await page.getByRole('button', { name: 'Add the sample article' }).click()
  await expect(page.getByTestId('article-content')).toBeVisible()
  await page.keyboard.press('Escape')
  const row = page.getByRole('row', { name: /Noord- en Zuid-Korea/ })
  await expect(row).toBeVisible()
  await row.focus()
  await page.keyboard.press('Enter')
  await expect(page.locator('p[data-para="3"]')).toBeVisible()
})

test('changes made with the CLI while the window is open appear when the window comes back', async ({ page, served }) => {
  await page.goto(served.url)
  await page.getByRole('button', { name: 'Add the sample article' }).click()
  await expect(page.getByText('Select a passage in the article and pick a colour')).toBeVisible()
  const itemId = new URL(page.url()).hash.split('/').pop()!
  const cli = (...args: string[]) => promisify(execFile)(process.execPath, ['bin/scriptorium.js', '--library', served.library, ...args], { cwd: repoRoot })
  await cli('edit', itemId, '--title', 'Verbindingsbureau geopend')
  await cli('highlight', itemId, '--quote', 'een nieuw tijdperk van vrede')
  await page.evaluate(() => window.dispatchEvent(new Event('focus')))
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Verbindingsbureau geopend')
  await expect(page.locator('p[data-para="3"] mark')).toHaveText('een nieuw tijdperk van vrede')
})
