import { execFile } from 'node:child_process'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { promisify } from 'node:util'
import { ownAnnotationsPath } from '../support/libraryFiles'
import { expect, repoRoot, screenshots, test } from './servedApp'

const QUOTE = 'een nieuw tijdperk van vrede'

test('a damaged entry of annotations.json is named in the panel, and the rest is shown', async ({ page, served }) => {
  await page.goto(served.url)
  await page.getByRole('button', { name: 'Add the sample article' }).click()
  await expect(page.getByText('Select a passage in the article and pick a colour')).toBeVisible()
  // A highlight made by the CLI, then an entry broken by hand (a sync conflict, an editor).
  await promisify(execFile)(process.execPath, ['bin/scriptorium.js', '--library', served.library, 'highlight', 'noord2018zuidkorea', '--quote', QUOTE], { cwd: repoRoot })
  const [id] = await readdir(join(served.library, 'items'))
  const path = ownAnnotationsPath(served.library, id)
  const file = JSON.parse(await readFile(path, 'utf8'))
  file.annotations.push({ ...file.annotations[0], id: 'urn:scriptorium:annotation:BROKEN22', target: { source: file.annotations[0].target.source } })
  await writeFile(path, JSON.stringify(file))

  await page.reload()
  const alert = page.locator('.damaged[role="alert"]')
  await expect(alert).toContainText("1 damaged entry of this item's annotations.json could not be shown")
  await expect(alert.getByRole('listitem')).toHaveText([`Entry 2 (BROKEN22) of ${basename(path)} has no TextQuoteSelector; it was set aside and is kept in the file.`])
  await expect(page.locator('.card[data-highlight-id]')).toHaveCount(1)
  await expect(page.locator('p[data-para="3"] mark[data-annotation-id]')).toHaveText(QUOTE)
  await alert.screenshot({ path: join(screenshots, 'damaged-annotations.png') })
})
