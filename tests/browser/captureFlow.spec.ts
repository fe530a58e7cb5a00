import { join } from 'node:path'
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
