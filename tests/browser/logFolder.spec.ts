import { join } from 'node:path'
import { resolveLogFolder } from '../../electron/node/log/logFolder'
import { expect, screenshots, test } from './servedApp'

test('Settings names the log folder, which a browser can copy but not open', async ({ page, served }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.origin })
  await page.goto(served.url)
  await page.getByRole('button', { name: 'Settings' }).click()
  const section = page.getByTestId('log-folder')
  // `serve` runs with this test's environment, so it logs where this machine's logs go.
  await expect(section.getByTestId('log-folder-path')).toHaveText(resolveLogFolder(process.env))
  await expect(section.getByRole('button', { name: 'Open log folder' })).toHaveCount(0)
  await section.getByRole('button', { name: 'Copy the path' }).click()
  await expect(section.getByRole('button', { name: 'Copied' })).toBeVisible()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(resolveLogFolder(process.env))
  await page.screenshot({ path: join(screenshots, 'settings-logs.png') })
})
