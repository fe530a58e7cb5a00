import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readItemRecords } from '../support/libraryFiles'
import { expect, screenshots, test } from './servedApp'

test('editors and translators read from a .bib are shown in Info, and edited there like the authors', async ({ page, served }) => {
  await page.goto(served.url)
  const bib = `@incollection{westfahl:space,
  author = {Westfahl, Gary}, title = {The True Frontier}, booktitle = {Space and Beyond},
  editor = {Westfahl, Gary}, translator = {Bland, Kalman P.}, year = 2000, pages = {55--65}
}
`
  const file = join(await mkdtemp(join(tmpdir(), 'scriptorium-bib-')), 'chapter.bib')
  await writeFile(file, bib)
  await page.getByTestId('file-input').first().setInputFiles(file)
  const row = page.getByRole('row', { name: /The True Frontier/ })
  await row.focus()
  await page.keyboard.press('Enter')
  await page.getByRole('tab', { name: 'Info' }).click()
  const info = page.getByRole('region', { name: 'Item information' })
  await expect(info.locator('[data-field="editor"]')).toHaveText('Westfahl, Gary')
  await expect(info.locator('[data-field="translator"]')).toHaveText('Bland, Kalman P.')

  await info.getByRole('button', { name: 'Edit', exact: true }).click()
  await info.getByRole('button', { name: '+ Add editor' }).click()
  await info.getByLabel('Editor 2 family name').fill('Slusser')
  await info.getByLabel('Editor 2 given name').fill('George')
  await info.getByRole('button', { name: 'Remove translator 1' }).click()
  await page.screenshot({ path: join(screenshots, 'edit-editors.png') })
  await info.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(info.locator('[data-field="editor"] .name')).toHaveText(['Westfahl, Gary', 'Slusser, George'])
  await expect(info.locator('[data-field="translator"]')).toHaveCount(0)
  await page.screenshot({ path: join(screenshots, 'edited-editors.png') })

  const [item] = (await readItemRecords(served.library)) as unknown as { citekey: string; csl: Record<string, unknown> }[]
  expect(item.citekey).toBe('westfahl:space')
  expect(item.csl.editor).toEqual([{ family: 'Westfahl', given: 'Gary' }, { family: 'Slusser', given: 'George' }])
  expect(item.csl.translator).toBeUndefined()
})
