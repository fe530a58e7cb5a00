import { spawnSync } from 'node:child_process'
import type { Page } from '@playwright/test'
import { join } from 'node:path'
import { readItemRecords } from '../support/libraryFiles'
import { expect, repoRoot, screenshots, test, type ServedApp } from './servedApp'

// Four real references (biblatex's examples as pandoc ships them) and the bundled Dutch news article.
const AVERROES = join(repoRoot, 'tests', 'fixtures', 'references', 'real', 'pandoc-averroes.bib')
const SAMPLE = join(repoRoot, 'resources', 'samples', 'korea-liaison-office-2018.txt')

async function dismissNotices(page: Page) {
  const dismiss = page.getByRole('button', { name: 'Dismiss' })
  while ((await dismiss.count()) > 0) await dismiss.first().click()
}

/** Fills the served library through the real CLI, beside the running server, as a user's other window would. */
function addThroughCli(served: ServedApp, ...files: string[]) {
  const run = spawnSync(process.execPath, ['bin/scriptorium.js', '--library', served.library, 'add', ...files], { cwd: repoRoot, encoding: 'utf8' })
  if (run.status !== 0) throw new Error(run.stderr)
}

test('collections nest, take rows by drag and drop or by the menu, and open with their subcollections', async ({ page, served }) => {
  addThroughCli(served, SAMPLE, AVERROES)
  await page.goto(served.url)
  const row = (title: RegExp) => page.getByRole('row', { name: title })
  const sidebar = page.getByRole('navigation', { name: 'Library' })
  await expect(page.getByRole('row')).toHaveCount(6)

  // A new collection, from the + in the sidebar.
  await sidebar.getByRole('button', { name: 'New collection' }).click()
  await sidebar.getByRole('textbox', { name: 'Name of the new collection' }).fill('Thesis')
  await sidebar.getByRole('textbox', { name: 'Name of the new collection' }).press('Enter')
  const thesis = sidebar.getByRole('button', { name: /^Thesis\s*0$/ })
  await expect(thesis).toBeVisible()

  // By the menu: pick two rows, then "Add to collection".
  await row(/Noord- en Zuid-Korea/).click({ modifiers: ['ControlOrMeta'] })
  await row(/De natura deorum/).click({ modifiers: ['ControlOrMeta'] })
  await page.getByRole('combobox', { name: 'Add the selected items to a collection' }).selectOption({ label: 'Thesis' })
  await expect(page.getByRole('status').or(page.getByRole('alert')).filter({ hasText: 'Added 2 items to “Thesis”.' }).first()).toBeVisible()
  await expect(sidebar.getByRole('button', { name: /^Thesis\s*2$/ })).toBeVisible()

  // A subcollection, from the collection's actions.
  await sidebar.getByRole('button', { name: 'Actions for the collection “Thesis”' }).click()
  await sidebar.getByRole('menuitem', { name: 'New subcollection…' }).click()
  await sidebar.getByRole('textbox', { name: 'Name of the new collection in “Thesis”' }).fill('Averroes')
  await sidebar.getByRole('textbox', { name: 'Name of the new collection in “Thesis”' }).press('Enter')
  const averroes = sidebar.getByRole('button', { name: /^Averroes\s*0$/ })
  await expect(averroes).toBeVisible()

  // By drag and drop: a row onto the subcollection.
  await page.getByRole('button', { name: 'Clear selection' }).click()
  await row(/The Epistle on the Possibility/).dragTo(averroes)
  await expect(sidebar.getByRole('button', { name: /^Averroes\s*1$/ })).toBeVisible()
  // The parent counts the items of its subcollections.
  await expect(sidebar.getByRole('button', { name: /^Thesis\s*3$/ })).toBeVisible()

  await sidebar.getByRole('button', { name: /^Thesis\s*3$/ }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Thesis' })).toBeVisible()
  await expect(page.getByRole('row')).toHaveCount(4)
  await page.mouse.move(0, 0)
  await dismissNotices(page)
  await page.screenshot({ path: join(screenshots, 'collections.png') })

  // The membership is in each item's own record.
  const records = await readItemRecords(served.library)
  expect(records.filter((item) => item.collections?.length).length).toBe(3)

  // Renaming and deleting a collection never deletes an item.
  await sidebar.getByRole('button', { name: 'Actions for the collection “Averroes”' }).click()
  await sidebar.getByRole('menuitem', { name: 'Rename…' }).click()
  await sidebar.getByRole('textbox', { name: 'New name for “Averroes”' }).fill('Commentaries')
  await sidebar.getByRole('textbox', { name: 'New name for “Averroes”' }).press('Enter')
  await expect(sidebar.getByRole('button', { name: /^Commentaries\s*1$/ })).toBeVisible()
  await sidebar.getByRole('button', { name: 'Actions for the collection “Thesis”' }).click()
  await sidebar.getByRole('menuitem', { name: 'Delete…' }).click()
  await expect(sidebar.getByText('Delete “Thesis” and its 1 subcollection? Its items stay in the library.')).toBeVisible()
  await sidebar.getByRole('menuitem', { name: 'Delete collection' }).click()
  await expect(sidebar.getByRole('button', { name: /^Thesis/ })).toHaveCount(0)
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible()
  await expect(page.getByRole('row')).toHaveCount(6)
})

test('tags: many rows tagged at once, a tag pane with counts that filters, several tags combined, and rename', async ({ page, served }) => {
  addThroughCli(served, SAMPLE, AVERROES)
  await page.goto(served.url)
  const row = (title: RegExp) => page.getByRole('row', { name: title })
  const sidebar = page.getByRole('navigation', { name: 'Library' })
  await expect(page.getByRole('row')).toHaveCount(6)

  // Shift-click picks the range: every row.
  await page.locator('tbody tr').first().click({ modifiers: ['ControlOrMeta'] })
  await page.locator('tbody tr').last().click({ modifiers: ['Shift'] })
  await expect(page.getByRole('status').filter({ hasText: '5 selected' })).toBeVisible()
  await page.getByRole('combobox', { name: 'Tag for the selected items' }).fill('reading')
  await page.getByRole('button', { name: 'Add tag', exact: true }).click()
  await expect(sidebar.getByRole('button', { name: /^#?reading\s*5$/ })).toBeVisible()

  await page.getByRole('button', { name: 'Clear selection' }).click()
  await row(/The Epistle on the Possibility/).click({ modifiers: ['ControlOrMeta'] })
  await row(/De natura deorum/).click({ modifiers: ['ControlOrMeta'] })
  await page.getByRole('combobox', { name: 'Tag for the selected items' }).fill('latin')
  await page.getByRole('button', { name: 'Add tag', exact: true }).click()
  const latin = sidebar.getByRole('button', { name: /^#?latin\s*2$/ })
  await expect(latin).toBeVisible()

  // Clicking tags filters; two combine.
  await page.getByRole('button', { name: 'Clear selection' }).click()
  await latin.click()
  await expect(latin).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByRole('row')).toHaveCount(3)
  await sidebar.getByRole('button', { name: /^#?reading\s*5$/ }).click()
  await expect(page.getByRole('row')).toHaveCount(3)
  await page.mouse.move(0, 0)
  await dismissNotices(page)
  await page.screenshot({ path: join(screenshots, 'tags.png') })
  await page.getByRole('button', { name: 'Clear filters' }).click()
  await expect(page.getByRole('row')).toHaveCount(6)

  // Renaming a tag into one that exists merges them.
  await sidebar.getByRole('button', { name: 'Rename the tag “latin”' }).click()
  await sidebar.getByRole('textbox', { name: 'New name for the tag “latin”' }).fill('reading')
  await sidebar.getByRole('textbox', { name: 'New name for the tag “latin”' }).press('Enter')
  await expect(sidebar.getByRole('button', { name: /^#?latin/ })).toHaveCount(0)
  await expect(sidebar.getByRole('button', { name: /^#?reading\s*5$/ })).toBeVisible()
})

test('the table filters by a query as it is typed, a query is saved as a live list, and search shows all its hits in the table', async ({ page, served }) => {
  addThroughCli(served, SAMPLE, AVERROES)
  await page.goto(served.url)
  const sidebar = page.getByRole('navigation', { name: 'Library' })
  await expect(page.getByRole('row')).toHaveCount(6)

  const filter = page.getByRole('searchbox', { name: 'Filter the library' })
  await filter.pressSequentially('averr')
  await expect(page.getByRole('row')).toHaveCount(4)
  await filter.fill('year:19')
  await expect(page.getByRole('alert').filter({ hasText: 'year: takes a year' })).toBeVisible()
  await filter.fill('averroes type:book')
  await expect(page.getByRole('row')).toHaveCount(4)
  // Sortable by any column, the date included.
  await page.getByRole('button', { name: 'Date' }).click()
  await expect(page.getByRole('columnheader', { name: 'Date' })).toHaveAttribute('aria-sort', /ascending|descending/)

  await page.getByRole('button', { name: 'Save search…' }).click()
  await page.getByRole('textbox', { name: 'Name of the saved search' }).fill('Averroes books')
  await page.getByRole('button', { name: 'Save search', exact: true }).click()
  const saved = sidebar.getByRole('button', { name: 'Averroes books', exact: true })
  await expect(saved).toHaveAttribute('aria-current', 'page')
  await expect(page.getByRole('heading', { level: 1, name: 'Averroes books' })).toBeVisible()
  await expect(page.getByRole('row')).toHaveCount(4)

  // Live: a change made elsewhere (the CLI) shows when the window comes back.
  spawnSync(process.execPath, ['bin/scriptorium.js', '--library', served.library, 'edit', 'averroes/hercz', '--type', 'article-journal'], { cwd: repoRoot })
  await page.evaluate(() => window.dispatchEvent(new Event('focus')))
  await expect(page.getByRole('row')).toHaveCount(3)

  // The search palette hands every hit to the table.
  await sidebar.getByRole('button', { name: /^Library/ }).click()
  await page.keyboard.press('Control+k')
  await page.getByRole('combobox', { name: 'Search' }).fill('averroes')
  await page.getByRole('button', { name: 'Show all 3 in the library' }).click()
  await expect(filter).toHaveValue('averroes')
  await expect(page.getByRole('row')).toHaveCount(4)
  await page.mouse.move(0, 0)
  await dismissNotices(page)
  await page.screenshot({ path: join(screenshots, 'filter.png') })

  await sidebar.getByRole('button', { name: 'Delete the saved search “Averroes books”' }).click()
  await expect(saved).toHaveCount(0)
})
