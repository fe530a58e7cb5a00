import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, screenshots, test } from './servedApp'

/** Calls the served app's bridge as the page does, with the session token. */
async function call<T>(url: string, method: string, arg: unknown): Promise<T> {
  const token = new URL(url).hash.replace('#token=', '')
  const response = await fetch(`${new URL(url).origin}/api/${method}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(arg) })
  const envelope = (await response.json()) as { ok: boolean; value: T; error?: { message: string } }
  if (!envelope.ok) throw new Error(envelope.error?.message)
  return envelope.value
}

test('a title changed on two machines: the running app merges the conflict copy, and "Keep this version" puts the other title back', async ({ page, served }) => {
  const item = await call<{ id: string }>(served.url, 'addSampleArticle', {})
  await call(served.url, 'updateItem', { id: item.id, patch: { title: 'Verbindingsbureau in Kaesong geopend' } })

  // The laptop's version, as Syncthing leaves it beside the record: its own title change, made before this machine's, never seen here.
  const recordPath = join(served.library, 'items', item.id, 'item.json')
  const record = JSON.parse(await readFile(recordPath, 'utf8'))
  const device = Object.keys(record.changes.versions)[0]
  record.item.csl.title = 'Liaison office opens in Kaesong'
  record.changes = { versions: { [device]: 1, laptop: 1 }, changes: { 'csl.title': { at: '2026-01-01T10:00:00.000Z', by: 'laptop', n: 1 } } }
  await writeFile(join(served.library, 'items', item.id, 'item.sync-conflict-20260101-100000-LAPTOP7.json'), JSON.stringify(record, null, 2))

  await page.goto(served.url)
  await page.getByRole('button', { name: 'Settings' }).click()
  const kept = page.getByTestId('kept-version')
  // The panel asks again every few seconds.
  await expect(kept).toContainText('Liaison office opens in Kaesong', { timeout: 15_000 })
  await expect(kept.locator('dt')).toHaveText('title')
  await expect(page.getByTestId('sync-panel')).toContainText('Conflict copies merged: 1')
  await page.screenshot({ path: join(screenshots, 'sync-panel.png') })

  await kept.getByRole('button', { name: 'Keep this version' }).click()
  await expect(kept).toHaveCount(0)
  expect((await call<{ csl: { title: string } }>(served.url, 'getItem', { id: item.id })).csl.title).toBe('Liaison office opens in Kaesong')
})
