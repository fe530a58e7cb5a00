import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generatedBib } from '../support/generatedBib'
import { readItemRecords } from '../support/libraryFiles'
import { expect, screenshots, test } from './servedApp'

const ENTRIES = 500

async function bibFile(name: string, text: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'scriptorium-bib-')), name)
  await writeFile(file, text)
  return file
}

async function catalogCount(library: string): Promise<number> {
  return (await readItemRecords(library)).length
}

test('a .bib of 500 entries shows references added with a count; Cancel stops between chunks and keeps what was added', async ({ page, served }) => {
  await page.goto(served.url)
  await page.getByTestId('file-input').first().setInputFiles(await bibFile('whole-library.bib', generatedBib(ENTRIES, { broken: false })))
  const progress = page.getByRole('status', { name: 'Import progress' })
  await expect(progress).toContainText(new RegExp(`Adding \\d+ of ${ENTRIES} references…`))
  await page.screenshot({ path: join(screenshots, 'bulk-references-progress.png') })
  await progress.getByRole('button', { name: 'Cancel' }).click()

  const stopped = page.getByRole('status').filter({ hasText: new RegExp(`Stopped after adding \\d+ of ${ENTRIES} references from whole-library\\.bib; the other \\d+ were not added\\.`) })
  await expect(stopped).toBeVisible()
  await expect(progress).toBeHidden()
  const [, added, rest] = /adding (\d+) of \d+ references from whole-library\.bib; the other (\d+)/.exec((await stopped.textContent())!)!.map(Number)
  expect(added % 100).toBe(0) // whole chunks only
  expect(added).toBeGreaterThanOrEqual(100)
  expect(added).toBeLessThan(ENTRIES)
  expect(added + rest).toBe(ENTRIES)
  await expect(page.locator('.toolbar .count')).toHaveText(`${added} items`)
  expect(await catalogCount(served.library)).toBe(added)
  // Nothing arrives later.
  await page.waitForTimeout(500)
  expect(await catalogCount(served.library)).toBe(added)
  await page.reload()
  await expect(page.locator('.toolbar .count')).toHaveText(`${added} items`)
})

test('a .bib with a malformed entry adds the others and names it, counting the references as they go in', async ({ page, served }) => {
  await page.goto(served.url)
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.getByTestId('file-input').first().setInputFiles(await bibFile('refs.bib', generatedBib(300)))
  const progress = page.getByRole('status', { name: 'Import progress' })
  await expect(progress).toContainText(/Adding (1|101|201) of 300 references…/)
  await expect(progress.getByRole('progressbar', { name: 'References added' })).toBeVisible()
  await page.screenshot({ path: join(screenshots, 'bulk-references-progress-dark.png') })
  await expect(page.getByRole('status').filter({ hasText: 'Added 300 references from refs.bib.' })).toBeVisible()
  await expect(page.getByText('refs.bib: The entry broken300 (line 2701) is not terminated: a closing brace is missing.')).toBeVisible()
  await expect(page.locator('.toolbar .count')).toHaveText('300 items')
  await expect(progress).toBeHidden()
})

test('DOI, volume, issue and pages are corrected in the Info editor; a malformed DOI is refused in words', async ({ page, served }) => {
  await page.goto(served.url)
  const bib = '@article{vries2018,\n  author = {de Vries, Jan},\n  title = {Een Koreaans verbindingsbureau},\n  journal = {Internationale Spectator},\n  year = {2018},\n  volume = {27},\n  pages = {1-2}\n}\n'
  await page.getByTestId('file-input').first().setInputFiles(await bibFile('one.bib', bib))
  const row = page.getByRole('row', { name: /Een Koreaans verbindingsbureau/ })
  await row.focus()
  await page.keyboard.press('Enter')
  await page.getByRole('tab', { name: 'Info' }).click()
  const info = page.getByRole('region', { name: 'Item information' })
  await expect(info.locator('[data-field="locators"]')).toHaveText('vol. 27, pp. 1-2')
  await info.getByRole('button', { name: 'Edit', exact: true }).click()

  await info.getByLabel('DOI').fill('10.1234')
  await info.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(info.getByRole('alert')).toHaveText('"10.1234" is not a DOI; a DOI looks like 10.1000/xyz.')

  await info.getByLabel('DOI').fill('https://doi.org/10.1234/is.2018.4')
  await info.getByLabel('Volume').fill('72')
  await info.getByLabel('Issue').fill('4')
  await info.getByLabel('Pages').fill('45-67')
  await info.getByLabel('Publisher').fill('Clingendael')
  await page.screenshot({ path: join(screenshots, 'edit-bibliographic-fields.png') })
  await info.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(info.locator('[data-field="locators"]')).toHaveText('vol. 72, no. 4, pp. 45-67')
  await expect(info.locator('[data-field="doi"]')).toHaveText('10.1234/is.2018.4')
  await expect(info.locator('[data-field="publisher"]')).toHaveText('Clingendael')
  await page.screenshot({ path: join(screenshots, 'edited-info.png') })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: join(screenshots, 'edited-info-dark.png') })

  const [item] = (await readItemRecords(served.library)) as unknown as { csl: Record<string, unknown> }[]
  expect(item.csl).toMatchObject({ DOI: '10.1234/is.2018.4', volume: '72', issue: '4', page: '45-67', publisher: 'Clingendael' })
})

test('the same .bib again offers to open the existing item or keep both, and Keep both adds only the repeated entries', async ({ page, served }) => {
  await page.goto(served.url)
  const file = await bibFile('three.bib', generatedBib(3, { broken: false }))
  await page.getByTestId('file-input').first().setInputFiles(file)
  await expect(page.locator('.toolbar .count')).toHaveText('3 items')
  await page.getByTestId('file-input').first().setInputFiles(file)
  const prompt = page.getByRole('alertdialog')
  await expect(prompt).toContainText('3 references of three.bib are already in the library and were not added, such as: three.bib: ref0 is already in the library as ref0')
  await expect(page.locator('.toolbar .count')).toHaveText('3 items')
  await prompt.getByRole('button', { name: 'Keep both' }).click()
  await expect(page.locator('.toolbar .count')).toHaveText('6 items')
  const keys = (await readItemRecords(served.library)).map((item) => item.citekey).sort()
  expect(keys).toEqual(['ref0', 'ref0a', 'ref1', 'ref1a', 'ref2', 'ref2a'])
})
