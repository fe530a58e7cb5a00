import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseDeepLink } from '../../electron/core/shellRequest'
import { gunzipSync } from 'node:zlib'
import { repoRoot, screenshots } from './servedApp'

// The extension of extension/, loaded unpacked in Debian's Chromium, against a real `scriptorium serve`
// on its fixed port, saving a real page (Mozilla Readability's test page of an ACLU article) from a
// local server. Playwright cannot click the browser's own toolbar or context menu: the popup is opened
// in a tab of its own, naming the page's tab, and does what the toolbar button's popup does.
// The WebExtension API, as the extension's service worker sees it (no @types/chrome here).
declare const chrome: { tabs: { query(filter: { url: string }): Promise<{ id: number }[]> }; storage: { local: { get(key: string): Promise<Record<string, unknown>>; clear(): Promise<void> } } }
// A real preprint (CC BY 4.0; see tests/fixtures/pdfs/SOURCES.md), served as a PDF tab shows it.
const PDF = join(repoRoot, 'tests/fixtures/pdfs/souza-junior-2023-micromag-euler-preprint-draft.pdf')
const PDF_PATH = '/papers/micromag-euler.pdf'

const CHROMIUM = '/usr/bin/chromium'
const EXTENSION = join(repoRoot, 'extension')
const PAGE_URL_PATH = '/blog/free-future/facebook-tracking-me-even-though-im-not-facebook'

let temp: string
let serve: ChildProcess
let origin: string
let servedUrl: string
let site: Server
let siteOrigin: string
let context: BrowserContext

const scriptorium = (...args: string[]) =>
  spawnSync(process.execPath, [join(repoRoot, 'bin/scriptorium.js'), '--library', join(temp, 'library'), ...args], {
    env: { ...process.env, SCRIPTORIUM_STATE_DIR: join(temp, 'state'), SCRIPTORIUM_LOG_DIR: join(temp, 'logs') },
    encoding: 'utf8',
  })

test.skip(!existsSync(CHROMIUM), 'Debian’s Chromium (/usr/bin/chromium) loads the unpacked extension here; Playwright’s own build is not used for this test.')

test.beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'scriptorium-extension-'))
  // No --port: the connector's fixed port, or the next free one, which the extension looks for too.
  serve = spawn(process.execPath, [join(repoRoot, 'bin/scriptorium.js'), '--library', join(temp, 'library'), '--json', 'serve'], {
    env: { ...process.env, SCRIPTORIUM_STATE_DIR: join(temp, 'state'), SCRIPTORIUM_LOG_DIR: join(temp, 'logs'), SCRIPTORIUM_PORT: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const printed = await new Promise<string>((resolve, reject) => {
    let output = ''
    serve.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('\n')) resolve(output)
    })
    serve.once('exit', (code) => reject(new Error(`serve exited with ${code}`)))
  })
  servedUrl = (JSON.parse(printed) as { url: string }).url
  origin = new URL(servedUrl).origin
  expect(Number(new URL(origin).port)).toBeGreaterThanOrEqual(23120)

  const page = gunzipSync(await readFile(join(repoRoot, 'tests/fixtures/pages/real/aclu.html.gz')))
  const pdf = await readFile(PDF)
  site = createServer((request, response) =>
    request.url === PDF_PATH ? response.writeHead(200, { 'Content-Type': 'application/pdf' }).end(pdf) : response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page),
  )
  await new Promise<void>((done) => site.listen(0, '127.0.0.1', done))
  siteOrigin = `http://127.0.0.1:${(site.address() as { port: number }).port}`

  context = await chromium.launchPersistentContext(join(temp, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [`--load-extension=${EXTENSION}`, `--disable-extensions-except=${EXTENSION}`, '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync', '--disable-component-update'],
  })
})

test.afterAll(async () => {
  await context?.close()
  site?.close()
  serve?.kill('SIGTERM')
  await new Promise((done) => (serve.exitCode !== null ? done(null) : serve.once('exit', done)))
  await rm(temp, { recursive: true, force: true })
})

async function extensionId(): Promise<string> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'))
  return new URL(worker.url()).host
}

/** The popup of the toolbar button, in a tab of its own, for the page in `tab`. */
async function openPopup(tab: Page): Promise<Page> {
  const tabId = await (context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'))).evaluate(async (url) => (await chrome.tabs.query({ url }))[0].id, tab.url())
  const popup = await context.newPage()
  await popup.setViewportSize({ width: 360, height: 260 })
  await popup.goto(`chrome-extension://${await extensionId()}/popup.html?tab=${tabId}`)
  return popup
}

/** Selects the first words of the article's first long paragraph, through the DOM, and returns them. */
async function selectPassage(tab: Page): Promise<string> {
  return tab.evaluate(() => {
    const paragraph = [...document.querySelectorAll('p')].find((p) => p.textContent!.trim().length > 200 && p.firstChild?.nodeType === Node.TEXT_NODE)!
    const text = paragraph.firstChild as Text
    const words = text.data.trimStart()
    const start = text.data.length - words.length
    const end = start + words.slice(0, 80).lastIndexOf(' ')
    const range = document.createRange()
    range.setStart(text, start)
    range.setEnd(text, end)
    getSelection()!.removeAllRanges()
    getSelection()!.addRange(range)
    return getSelection()!.toString()
  })
}

test('pairs with a code the user approves, saves the page with its selection as a highlight, and offers to keep a duplicate', async () => {
  const tab = await context.newPage()
  await tab.goto(`${siteOrigin}${PAGE_URL_PATH}`)

  // Not paired: the connector refuses a made-up token, and a web page cannot ask to pair.
  const refused = await fetch(`${origin}/connector/save`, { method: 'POST', headers: { Authorization: `Bearer ${'0'.repeat(64)}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ url: siteOrigin, html: '<p>x</p>' }) })
  expect(refused.status).toBe(401)
  const fromSite = await fetch(`${origin}/connector/pair`, { method: 'POST', headers: { Origin: siteOrigin, 'Content-Type': 'application/json' }, body: '{}' })
  expect(fromSite.status).toBe(403)

  let popup = await openPopup(tab)
  await expect(popup.locator('#message')).toContainText('Pair this browser with Scriptorium once')
  await popup.getByRole('button', { name: 'Pair with Scriptorium' }).click()
  const code = popup.locator('#code')
  await expect(code).toHaveText(/^[2-9A-Z]{3}-[2-9A-Z]{3}$/)
  await popup.screenshot({ path: join(screenshots, 'extension-pairing.png') })
  const shown = (await code.textContent())!

  const listed = scriptorium('pair')
  expect(listed.stdout).toContain(shown)
  expect(listed.stdout).toMatch(/chrome-extension:\/\//)
  expect(scriptorium('pair', 'approve', 'nope-00').stderr).toContain('No pairing request with the code NOP-E00 is waiting.')
  const approved = scriptorium('pair', 'approve', shown.toLowerCase().replace('-', ''))
  expect(approved.status).toBe(0)
  expect(approved.stdout).toContain('can now save pages to Scriptorium, and nothing else')

  // The popup saw the approval, kept its token and saved the page: the paired token opens nothing else.
  await expect(popup.locator('#message')).toContainText('Saved “', { timeout: 20_000 })
  const token = await (context.serviceWorkers()[0]).evaluate(async () => (await chrome.storage.local.get('token')).token as string)
  const api = await fetch(`${origin}/api/listItems`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{}' })
  expect(api.status).toBe(401)

  // Again, with a passage selected: a duplicate, then both kept, the selection highlighted.
  const passage = await selectPassage(tab)
  await popup.close()
  popup = await openPopup(tab)
  await expect(popup.locator('#message')).toContainText('is already in the library')
  await popup.getByRole('button', { name: 'Keep both' }).click()
  await expect(popup.locator('#message')).toContainText('Your selection is highlighted.', { timeout: 20_000 })
  await popup.screenshot({ path: join(screenshots, 'extension-saved.png') })

  const items = JSON.parse(scriptorium('--json', 'list').stdout) as { id: string }[]
  expect(items).toHaveLength(2)
  const highlighted = items.map((item) => JSON.parse(scriptorium('--json', 'show', item.id).stdout) as { URL?: string; highlights: { quote: string }[] }).find((item) => item.highlights.length)!
  expect(highlighted.highlights.map((highlight) => highlight.quote)).toEqual([passage.trim()])

  // Revoked: the extension's token no longer saves, and the popup asks to pair again.
  const pairedId = /as ([0-9a-f]{8}):/.exec(approved.stdout)![1]
  expect(scriptorium('pair', 'revoke', pairedId).status).toBe(0)
  await popup.close()
  popup = await openPopup(tab)
  await expect(popup.getByRole('button', { name: 'Pair with Scriptorium' })).toBeVisible()
})

test('is approved in the app, which shows the code the extension shows', async () => {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'))
  await worker.evaluate(() => chrome.storage.local.clear())
  const tab = await context.newPage()
  await tab.goto(`${siteOrigin}${PAGE_URL_PATH}`)
  const popup = await openPopup(tab)
  await popup.getByRole('button', { name: 'Pair with Scriptorium' }).click()
  const code = (await popup.locator('#code').textContent())!

  const app = await context.newPage()
  await app.goto(servedUrl)
  const request = app.getByTestId('pairing-request')
  await expect(request).toContainText(code)
  await expect(request).toContainText('Chromium extension asks to save pages to Scriptorium.')
  await app.screenshot({ path: join(screenshots, 'extension-approve-in-app.png') })
  await request.getByRole('button', { name: 'Approve' }).click()
  await expect(app.getByText('Chromium extension can now save pages to this library.')).toBeVisible()
  await expect(request).toHaveCount(0)

  // The popup, still open, took its token and saved: the page is in the library already, from the first test or not.
  await expect(popup.locator('#message')).toContainText(/Saved “|is already in the library/, { timeout: 20_000 })
})

test('opens the item already in the library from the duplicate prompt: the served app\'s reader here, the app\'s deep link elsewhere', async () => {
  // Paired by the test before; the page is in the library already.
  const tab = await context.newPage()
  await tab.goto(`${siteOrigin}${PAGE_URL_PATH}`)
  for (const open of context.pages()) if (open.url().startsWith(`${origin}/`)) await open.close()
  const app = await context.newPage()
  await app.goto(servedUrl)
  await expect(app.getByRole('heading', { name: 'Library' })).toBeVisible()

  const popup = await openPopup(tab)
  await expect(popup.locator('#message')).toContainText('is already in the library', { timeout: 20_000 })
  await popup.screenshot({ path: join(screenshots, 'extension-duplicate.png') })
  await popup.getByRole('button', { name: 'Open existing' }).click()
  // The served app's own tab, which holds its session, shows the item's reader.
  await expect(app).toHaveURL(new RegExp(`^${origin}/#/item/[\\w-]+$`))
  const id = /#\/item\/([\w-]+)$/.exec(app.url())![1]
  const item = JSON.parse(scriptorium('--json', 'show', id).stdout) as { csl: { URL: string; title: string } }
  expect(item.csl.URL).toBe(`${siteOrigin}${PAGE_URL_PATH}`)
  await expect(app.getByRole('heading', { level: 1 })).toContainText(item.csl.title.slice(0, 30))

  // Against the desktop app the same button opens the item's deep link, which the app's parser takes.
  // (A page of the extension's origin that runs nothing of its own imports the module.)
  const extensionPage = await context.newPage()
  await extensionPage.goto(`chrome-extension://${await extensionId()}/manifest.json`)
  const link = await extensionPage.evaluate(
    async ({ itemId, module }) => (await import(module)).existingItemAddress(itemId, { port: 23120, servesApp: false }) as string,
    { itemId: id, module: `chrome-extension://${await extensionId()}/connector.js` },
  )
  expect(parseDeepLink(link)).toEqual({ kind: 'open-item', id })
})

test('saves a tab that shows a PDF: its bytes, imported as the PDF it is', async () => {
  const tab = await context.newPage()
  await tab.goto(`${siteOrigin}${PDF_PATH}`)
  // Chromium shows it in its PDF viewer: the tab's document is the PDF, not a page to read.
  expect(await tab.evaluate(() => document.contentType)).toBe('application/pdf')
  const popup = await openPopup(tab)
  await expect(popup.locator('#message')).toContainText('Saved “Full vector inversion of magnetic microscopy images', { timeout: 30_000 })

  const items = JSON.parse(scriptorium('--json', 'list').stdout) as { id: string }[]
  const saved = items.map((entry) => JSON.parse(scriptorium('--json', 'show', entry.id).stdout) as { id: string; csl: { URL?: string }; pdf?: { pageCount: number } }).find((entry) => entry.csl.URL === `${siteOrigin}${PDF_PATH}`)!
  expect(saved.pdf?.pageCount).toBe(5)
  expect(await readFile(join(temp, 'library', 'items', saved.id, 'source.pdf'))).toEqual(await readFile(PDF))
})
