import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { expect, repoRoot, screenshots, test } from './servedApp'

const pages = join(repoRoot, 'tests', 'fixtures', 'pages')

test('a hostile page opens in the reader with no dialog, no script effect and no request leaving the app', async ({ page, served }) => {
  const problems: string[] = []
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`)
    void dialog.dismiss()
  })
  page.on('popup', (popup) => problems.push(`popup: ${popup.url()}`))
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('request', (request) => {
    if (!request.url().startsWith(served.origin)) problems.push(`request left the app: ${request.url()}`)
  })

  await page.goto(served.url)
  await page.getByTestId('file-input').first().setInputFiles(join(pages, 'hostile.html'))
  const row = page.getByRole('row', { name: /An ordinary looking article/ })
  await expect(row).toBeVisible()
  await row.focus()
  await page.keyboard.press('Enter')

  const content = page.getByTestId('article-content')
  await expect(content.locator('p[data-para="1"]')).toContainText('This page looks like an article')
  await expect(content.getByText('[Image not archived: A remote picture]')).toBeVisible()
  // Give every handler the page carried its chance: hover and click each paragraph, tab through.
  for (const paragraph of await content.locator('p, h1, h2, details, summary').all()) {
    await paragraph.hover()
    await paragraph.click({ position: { x: 2, y: 2 } })
  }
  for (let step = 0; step < 15; step++) await page.keyboard.press('Tab')
  await page.waitForTimeout(300)

  const traces = await page.evaluate(() => {
    const article = document.querySelector('[data-testid="article-content"]')!
    const handlers = [...article.querySelectorAll('*')].flatMap((element) => [...element.attributes].filter((attribute) => /^on/i.test(attribute.name)).map((attribute) => attribute.name))
    return {
      pwned: (window as unknown as { __pwned?: string }).__pwned ?? null,
      scripts: article.querySelectorAll('script, iframe, object, embed, form, svg, math, base, meta, link, style').length,
      handlers,
      badLinks: [...article.querySelectorAll('a')].map((link) => link.getAttribute('href') ?? '').filter((href) => !/^https:\/\/example\.org\//.test(href)),
    }
  })
  expect(traces).toEqual({ pwned: null, scripts: 0, handlers: [], badLinks: [] })
  await page.screenshot({ path: join(screenshots, 'capture-hostile.png') })
  expect(problems).toEqual([])
})

test('a saved news page reads cleanly, light and dark', async ({ page, served }) => {
  await page.goto(served.url)
  await page.getByTestId('file-input').first().setInputFiles(join(pages, 'news-site.html'))
  const row = page.getByRole('row', { name: /Korea's openen verbindingsbureau/ })
  await expect(row).toContainText('de Vries, Jan')
  await row.focus()
  await page.keyboard.press('Enter')
  const content = page.getByTestId('article-content')
  await expect(content.locator('p[data-para="4"]')).toContainText('een nieuw tijdperk van vrede')
  await expect(content).not.toContainText('COOKIEBANNER')
  await page.screenshot({ path: join(screenshots, 'capture-reader.png') })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: join(screenshots, 'capture-reader-dark.png') })
})

test('a page saved by its address opens on Info with what was found; the same page again offers to open it or keep both', async ({ page, served }) => {
  const { createServer } = await import('node:http')
  const { readFile } = await import('node:fs/promises')
  const journal = await readFile(join(pages, 'journal-article.html'), 'utf8')
  const site = createServer((request, response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end(journal))
  await new Promise<void>((done) => site.listen(0, '127.0.0.1', done))
  const address = `http://127.0.0.1:${(site.address() as { port: number }).port}/article/123`
  const problems: string[] = []
  page.on('request', (request) => {
    if (!request.url().startsWith(served.origin)) problems.push(`request left the app: ${request.url()}`)
  })
  try {
    await page.goto(served.url)
    await page.getByLabel('Web address of a page, or a DOI, to save').fill(address)
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await expect(page.getByRole('tab', { name: 'Info' })).toHaveAttribute('aria-selected', 'true')
    await expect(page.locator('[data-field="title"]')).toHaveText('Liaison offices and the management of border incidents on the Korean peninsula')
    await expect(page.locator('[data-field="author"]')).toHaveText(/van der Berg, Anna.*Kim, Min-jun.*de Jong, Pieter/)
    await expect(page.locator('[data-field="container"]')).toHaveText('Journal of Peace Research Letters')
    await expect(page.locator('[data-field="locators"]')).toHaveText('vol. 12, no. 3, pp. 201–219')
    await expect(page.locator('[data-field="doi"]')).toHaveText('10.5555/jprl.2019.0123')
    await expect(page.locator('[data-field="type"]')).toContainText(/journal/i)
    await expect(page.getByRole('status').filter({ hasText: 'Check the details Scriptorium found' })).toBeVisible()
    await page.screenshot({ path: join(screenshots, 'capture-saved-info.png') })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: join(screenshots, 'capture-saved-info-dark.png') })
    await page.emulateMedia({ colorScheme: 'light' })

    // Corrected right there.
    await page.getByRole('button', { name: 'Edit', exact: true }).click()
    await page.locator('textarea[name="title"]').fill('Liaison offices on the Korean peninsula')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect(page.locator('[data-field="title"]')).toHaveText('Liaison offices on the Korean peninsula')

    // The same address, pasted in the library with a tracking parameter and a fragment, is the same work.
    await page.getByRole('button', { name: '← Library' }).click()
    await page.evaluate((text) => {
      const data = new DataTransfer()
      data.setData('text/plain', text)
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }))
    }, `${address}?utm_source=twitter#abstract`)
    const prompt = page.getByRole('alertdialog')
    await expect(prompt).toContainText('is already in the library as berg2019liaison, “Liaison offices on the Korean peninsula” by Anna van der Berg (the same DOI).')
    await page.screenshot({ path: join(screenshots, 'capture-duplicate.png') })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: join(screenshots, 'capture-duplicate-dark.png') })
    await page.emulateMedia({ colorScheme: 'light' })
    await prompt.getByRole('button', { name: 'Open existing' }).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Liaison offices on the Korean peninsula')

    await page.getByRole('button', { name: '← Library' }).click()
    await page.getByLabel('Web address of a page, or a DOI, to save').fill(address)
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await prompt.getByRole('button', { name: 'Keep both' }).click()
    await expect(page.locator('[data-field="title"]')).toHaveText('Liaison offices and the management of border incidents on the Korean peninsula')
    await page.getByRole('button', { name: '← Library' }).click()
    await expect(page.getByRole('row')).toHaveCount(3) // header and both copies
    expect(problems).toEqual([])
  } finally {
    site.closeAllConnections()
    await new Promise((done) => site.close(done))
  }
})

test('the bookmarklet from Settings saves the page being read, from another site', async ({ page, served, context }) => {
  const { createServer } = await import('node:http')
  const { readFile } = await import('node:fs/promises')
  const blog = await readFile(join(pages, 'blog-post.html'), 'utf8')
  const site = createServer((request, response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end(blog))
  await new Promise<void>((done) => site.listen(0, '127.0.0.1', done))
  try {
    await page.goto(served.url)
    await page.getByRole('button', { name: 'Settings' }).click()
    const bookmarklet = page.getByTestId('bookmarklet')
    await expect(bookmarklet).toHaveText('Save to Scriptorium')
    await page.screenshot({ path: join(screenshots, 'capture-settings.png') })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: join(screenshots, 'capture-settings-dark.png') })
    const href = (await bookmarklet.getAttribute('href'))!
    expect(href.startsWith('javascript:')).toBe(true)

    // The user reads the blog on its own site (localhost: another origin than the app) and clicks the bookmark.
    const reading = await context.newPage()
    await reading.goto(`http://localhost:${(site.address() as { port: number }).port}/2021/01/wandelen/`)
    const [answer] = await Promise.all([context.waitForEvent('page'), reading.evaluate(decodeURIComponent(href.slice('javascript:'.length)))])
    await expect(answer.locator('body')).toContainText('Saved “Wandelen langs de Maas in de winter” to Scriptorium.')

    await page.bringToFront()
    await page.getByRole('button', { name: 'Library' }).click()
    await page.reload()
    await expect(page.getByRole('row', { name: /Wandelen langs de Maas in de winter/ })).toContainText('van den Heuvel, Ruud')
  } finally {
    site.closeAllConnections()
    await new Promise((done) => site.close(done))
  }
})

test('a bulk import shows its progress with a count, and Cancel stops it between files', async ({ page, served }) => {
  const { mkdtemp, readFile, writeFile } = await import('node:fs/promises')
  const { tmpdir } = await import('node:os')
  const folder = await mkdtemp(join(tmpdir(), 'scriptorium-bulk-'))
  const template = await readFile(join(pages, 'blog-post.html'), 'utf8')
  const files: string[] = []
  for (let n = 0; n < 60; n++) {
    const file = join(folder, `post-${n}.html`)
    await writeFile(file, template.replace(/wandelen-langs-de-maas/g, `post-${n}`).replace('Vorige week', `Op dag ${n} van de reeks, vorige week`))
    files.push(file)
  }
  await page.goto(served.url)
  // Each file takes a moment longer, so Cancel lands before the last one on any machine.
  await page.route('**/api/importFiles', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 200))
    await route.continue()
  })
  await page.getByTestId('file-input').first().setInputFiles(files)
  const progress = page.getByRole('status', { name: 'Import progress' })
  await expect(progress).toContainText(/Adding \d+ of 60 files…/)
  await page.screenshot({ path: join(screenshots, 'capture-progress.png') })
  await progress.getByRole('button', { name: 'Cancel' }).click()
  const stopped = page.getByRole('status').filter({ hasText: /Stopped after \d+ of 60 files; the other \d+ were not added\./ })
  await expect(stopped).toBeVisible()
  await expect(progress).toBeHidden()
  const added = Number(/Stopped after (\d+)/.exec((await stopped.textContent())!)![1])
  expect(added).toBeGreaterThan(0)
  expect(added).toBeLessThan(60)
  await expect(page.getByRole('row')).toHaveCount(added + 1)
})

test('an Internet-Draft made of preformatted text reads with its blocks numbered as paragraphs', async ({ page, served }) => {
  // A real page (tests/fixtures/pages/SOURCES.md), unpacked into a temporary folder to be picked.
  const file = join(mkdtempSync(join(tmpdir(), 'scriptorium-draft-')), 'draft-dejong-remotestorage-04.html')
  writeFileSync(file, gunzipSync(readFileSync(join(pages, 'real', 'ietf-1.html.gz'))))
  await page.goto(served.url)
  await page.getByTestId('file-input').first().setInputFiles(file)
  const row = page.getByRole('row', { name: /remoteStorage/ })
  // A page of 65 kB of preformatted text takes a few seconds on a busy machine.
  await expect(row).toContainText('Kooman, F.', { timeout: 30_000 })
  await row.focus()
  await page.keyboard.press('Enter')
  const content = page.getByTestId('article-content')
  const abstract = content.locator('pre[data-para="4"]')
  await expect(abstract).toContainText('This draft describes a protocol by which client-side applications,')
  // The paragraph number shows in the margin, as for a paragraph of prose.
  expect(await abstract.evaluate((element) => getComputedStyle(element, '::before').content)).toBe('"4"')
  await abstract.scrollIntoViewIfNeeded()
  await page.screenshot({ path: join(screenshots, 'capture-preformatted.png') })
})
