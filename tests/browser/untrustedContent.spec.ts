import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, screenshots, test } from './servedApp'

/**
 * content.html is a file in the library folder, which a synced folder, a co-author or a restored
 * backup can change after the page was sanitized at import. The reader must hold it to the same rule
 * again: nothing in it runs, nothing loads from a server, and its text is still shown.
 */
test('a content.html changed on disk runs nothing and loads nothing in the reader, and its text is shown', async ({ page, served }) => {
  // A server of our own that any remote load in the article would reach.
  const requests: string[] = []
  const trap = createServer((request, response) => {
    requests.push(request.url ?? '')
    response.writeHead(200, { 'Content-Type': 'image/png', 'Access-Control-Allow-Origin': '*' })
    response.end()
  })
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve))
  const remote = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`
  try {
    await page.goto(served.url)
    await page.getByRole('button', { name: 'Add the sample article' }).click()
    await expect(page.getByText('Select a passage in the article and pick a colour')).toBeVisible()
    const itemId = new URL(page.url()).hash.split('/').pop()!

    const hostile = [
      `<p data-para="1">The words of a changed file are still shown.<script>window.__pwned = 'script'</script></p>`,
      `<p data-para="2">An image <img src="x" onerror="window.__pwned = 'onerror'"> with an error handler,`,
      ` an SVG <svg onload="window.__pwned = 'svg'"><image href="${remote}/svg-image.png"></image></svg>,`,
      ` a <a href="javascript:window.__pwned = 'link'">javascript link</a> and a <a href="${remote}/page" onclick="window.__pwned = 'click'">plain one</a>.</p>`,
      `<p data-para="3" onmouseover="window.__pwned = 'hover'" style="background: url(${remote}/background.png)">Remote loads:`,
      ` <img src="${remote}/remote.png" alt="a remote picture"> <img src="${remote}/srcset.png" srcset="${remote}/srcset-2x.png 2x">`,
      ` <iframe src="${remote}/frame"></iframe><object data="${remote}/object"></object><video poster="${remote}/poster.png"></video>`,
      ` <link rel="stylesheet" href="${remote}/style.css"><style>p { background: url(${remote}/style-background.png) }</style> end here.</p>`,
      `<details open ontoggle="window.__pwned = 'toggle'"><summary>more</summary>hidden</details>`,
      `<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+" alt="svg data">`,
    ].join('')
    await writeFile(join(served.library, 'items', itemId, 'content.html'), hostile)
    await page.reload()

    const content = page.getByTestId('article-content')
    await expect(content.locator('p[data-para="1"]')).toHaveText('The words of a changed file are still shown.')
    await expect(content.locator('p[data-para="3"]')).toContainText('Remote loads:')
    // Give every handler its chance: hover everything, click the paragraphs and the details, tab through.
    // (A click on a web link would rightly open it, outside the reader.)
    for (const element of await content.locator('a').all()) await element.hover()
    for (const element of await content.locator('p, details, summary').all()) {
      await element.hover()
      await element.click({ position: { x: 2, y: 2 } })
    }
    for (let step = 0; step < 10; step++) await page.keyboard.press('Tab')

    // The app's CSP would stop a script or a load that got through; the article must not hold one at all.
    const traces = await page.evaluate(() => {
      const article = document.querySelector('[data-testid="article-content"]')!
      return {
        pwned: (window as unknown as { __pwned?: string }).__pwned ?? null,
        active: [...article.querySelectorAll('script, iframe, object, embed, svg, link, style, video, meta, base')].map((element) => element.tagName),
        handlers: [...article.querySelectorAll('*')].flatMap((element) => [...element.attributes].filter((attribute) => /^on/i.test(attribute.name)).map((attribute) => attribute.name)),
        styles: article.querySelectorAll('[style]').length,
        links: [...article.querySelectorAll('a')].map((link) => link.getAttribute('href')),
        images: [...article.querySelectorAll('img')].map((image) => image.getAttribute('src')),
      }
    })
    expect(traces).toEqual({ pwned: null, active: [], handlers: [], styles: 0, links: [null, `${remote}/page`], images: [null, null, null, null] })
    expect(requests).toEqual([])
    await page.screenshot({ path: join(screenshots, 'reader-untrusted-content.png') })
  } finally {
    await new Promise((resolve) => trap.close(resolve))
  }
})
