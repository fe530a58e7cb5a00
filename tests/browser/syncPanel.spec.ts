import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { seriousViolations } from './axeViolations'
import { expect, repoRoot, screenshots, test } from './servedApp'

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

test('in a shared library each highlight and note says which machine made it, by the name set in the Sync panel', async ({ page, served }) => {
  await page.goto(served.url)
  await page.getByRole('button', { name: 'Settings' }).click()
  const nameField = page.getByLabel('Name shown on your highlights and notes')
  await nameField.fill('Anna’s laptop')
  await page.getByRole('button', { name: 'Save name' }).click()
  await expect(page.getByText('This machine is now shown as “Anna’s laptop”.')).toBeVisible()
  await page.getByTestId('sync-panel').screenshot({ path: join(screenshots, 'sync-panel-device-name.png') })

  // This machine highlights; a co-author's machine (its own annotation file arrived through the sync tool) wrote a note and named itself.
  const item = await call<{ id: string }>(served.url, 'addSampleArticle', {})
  await call(served.url, 'addHighlight', { id: item.id, quote: 'een nieuw tijdperk van vrede' })
  const note = (id: string, text: string, device?: string) => ({
    id: `urn:scriptorium:annotation:${id}`,
    type: 'Annotation',
    motivation: 'commenting',
    created: '2026-11-30T09:00:00.000Z',
    modified: '2026-11-30T09:00:00.000Z',
    body: [{ type: 'TextualBody', value: text, format: 'text/markdown', purpose: 'commenting' }],
    target: { source: `urn:scriptorium:item:${item.id}` },
    ...(device ? { 'scriptorium:device': device } : {}),
  })
  const folder = join(served.library, 'items', item.id)
  await writeFile(join(folder, 'annotations.ben-desktop.json'), JSON.stringify({ schemaVersion: 1, annotations: [note('BENN2345', 'Ben: check the date in the Yonhap report.', 'ben-desktop')] }, null, 2))
  // A note written before devices were recorded (in the one annotations.json of older versions) stays valid, shown without a maker.
  await writeFile(join(folder, 'annotations.json'), JSON.stringify({ schemaVersion: 1, annotations: [note('OLDN2345', 'A note from before.')] }, null, 2))
  await mkdir(join(served.library, 'devices'), { recursive: true })
  await writeFile(join(served.library, 'devices', 'ben-desktop.json'), JSON.stringify({ format: 'scriptorium-device', device: 'ben-desktop', name: 'Ben (desktop)' }))

  await page.goto(served.url)
  await page.getByRole('row', { name: /Noord- en Zuid-Korea/ }).click()
  const highlight = page.locator('.card[data-highlight-id]')
  await expect(highlight.getByTestId('made-by')).toHaveText('by Anna’s laptop')
  const notes = page.locator('.card[data-note-id]')
  await expect(notes).toHaveCount(2)
  await expect(notes.filter({ hasText: 'Ben: check' }).getByTestId('made-by')).toHaveText('by Ben (desktop)')
  await expect(notes.filter({ hasText: 'Ben: check' }).getByTestId('made-by')).toHaveAttribute('title', 'Made on the machine ben-desktop')
  await expect(notes.filter({ hasText: 'A note from before.' }).getByTestId('made-by')).toHaveCount(0)
  await page.mouse.move(0, 0)
  await page.screenshot({ path: join(screenshots, 'annotations-made-by.png') })

  // The name is this device's own: cleared, the machine's own name shows again.
  const status = await call<{ device: string }>(served.url, 'getSyncStatus', {})
  await call(served.url, 'setDeviceName', { name: '' })
  await page.reload()
  await expect(page.locator('.card[data-highlight-id]').getByTestId('made-by')).toHaveText(`by ${status.device}`)
})

test('a collection made on another machine appears in the open window\'s sidebar, with no reload', async ({ page, served }) => {
  await call(served.url, 'addSampleArticle', {})
  await page.goto(served.url)
  const sidebar = page.getByRole('navigation', { name: 'Library' })
  await expect(page.getByRole('row')).toHaveCount(2)
  // The laptop: its own device, so its own catalog; only collections.json changes in the shared folder.
  const run = spawnSync(process.execPath, ['bin/scriptorium.js', '--library', served.library, 'collection', 'create', 'Made on the laptop'], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, SCRIPTORIUM_DEVICE: 'laptop' } })
  expect(run.status, run.stderr).toBe(0)
  // The window asks for the library's revision every few seconds.
  await expect(sidebar.getByRole('button', { name: /^Made on the laptop\s*0$/ })).toBeVisible({ timeout: 15_000 })
  await page.screenshot({ path: join(screenshots, 'collection-from-another-machine.png') })
})

test('the Sync panel opens the README\'s own section on setting up Syncthing, in the app, with no network', async ({ page, served }) => {
  const readme = await readFile(join(repoRoot, 'README.md'), 'utf8')
  const requests: string[] = []
  page.on('request', (request) => requests.push(request.url()))
  await page.goto(served.url)
  await page.getByRole('button', { name: 'Settings' }).click()
  const link = page.getByRole('button', { name: 'How to set up Syncthing' })
  await link.click()
  const dialog = page.getByRole('dialog', { name: 'Syncing a library between machines' })
  await expect(dialog).toBeVisible()
  // The README's words, whatever they say today: its bold lead-ins of that section.
  const section = readme.split('## Syncing a library between machines')[1].split('\n## ')[0]
  const leadIns = [...section.matchAll(/^\*\*([^*]+)\*\*/gm)].map((match) => match[1])
  expect(leadIns.length).toBeGreaterThan(2)
  for (const leadIn of leadIns) await expect(dialog.locator('strong', { hasText: leadIn.replace(/`/g, '') })).toBeVisible()
  // Not the next section, whatever it is called.
  const next = readme.split('## Syncing a library between machines')[1].match(/^## (.+)$/m)![1]
  await expect(dialog).not.toContainText(next)
  await page.screenshot({ path: join(screenshots, 'sync-readme.png') })
  expect(await seriousViolations(page)).toEqual([])
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  await expect(link).toBeFocused()
  expect(requests.filter((url) => !url.startsWith(new URL(served.url).origin))).toEqual([])
})

test('an items folder a sync tool turned into a link while the app runs: the Sync panel says changes from elsewhere are not taken in, and why', async ({ page, served }) => {
  test.skip(process.platform === 'win32', 'a link needs no special rights only on Linux and macOS')
  await call(served.url, 'addSampleArticle', {})
  const items = join(served.library, 'items')
  const outside = await mkdtemp(join(tmpdir(), 'scriptorium-outside-'))
  try {
    await rename(items, join(outside, 'items'))
    await symlink(join(outside, 'items'), items)
    await page.goto(served.url)
    await page.getByRole('button', { name: 'Settings' }).click()
    // The folder's watcher sees the link arrive at the library's top; the panel asks again every few seconds.
    const problem = page.getByTestId('sync-problem')
    await expect(problem).toHaveText(`Scriptorium could not take in the changes made elsewhere in ${served.library}: ${items} is a link, which Scriptorium does not follow out of the library; remove it.`, { timeout: 15_000 })
    await page.getByTestId('sync-panel').screenshot({ path: join(screenshots, 'sync-panel-link.png') })
    // Put back, the next change clears it.
    await rm(items)
    await rename(join(outside, 'items'), items)
    await expect(problem).toHaveCount(0, { timeout: 15_000 })
  } finally {
    await rm(outside, { recursive: true, force: true })
  }
})
