import { join } from 'node:path'
import { withPageLabels } from '../support/makePdfs'
import { expect, screenshots, test } from './servedApp'

// Printed by this very browser: two pages of front matter (i, ii), then pages 12 and 13.
const PAPER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><style>section { break-after: page } h1 { font-size: 26pt }</style></head><body>
<section><h1>Tidal Clocks of the North Sea</h1><p>Anna de Vries</p></section>
<section><p>Preface. The harbours kept their own hours until the railways came.</p></section>
<section><p>The harbour of Vlissingen rang its bell at high water, and the ships waited for it.</p></section>
<section><p>Café owners and naïve sailors trusted the bell over the almanac.</p></section></body></html>`

test('a PDF chosen in the picker is added, its text searched, each passage naming its page, and a scan says it has no text', async ({ page, served }) => {
  await page.setContent(PAPER)
  const printed = await page.pdf({ format: 'A5' })
  const paper = await withPageLabels(printed, [{ from: 0, style: 'r' }, { from: 2, style: 'D', start: 12 }])
  await page.setContent('<!doctype html><body style="margin:0"><div style="width:10cm;height:14cm;background:#cba"></div></body>')
  const scan = await page.pdf({ format: 'A5' })

  await page.goto(served.url)
  await page.getByTestId('file-input').first().setInputFiles([
    { name: 'tidal-clocks.pdf', mimeType: 'application/pdf', buffer: Buffer.from(paper) },
    { name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from(scan) },
  ])
  // Each PDF is read in a worker of its own, which takes seconds on a busy machine.
  await expect(page.getByRole('row', { name: /Tidal Clocks of the North Sea/ })).toBeVisible({ timeout: 30_000 })
  await expect(page.getByText('scan.pdf has no text layer (it holds only images of its pages): it is archived and can be opened, but there is no text to search or quote.', { exact: false })).toBeVisible({ timeout: 30_000 })

  await page.keyboard.press('Control+k')
  const box = page.getByRole('combobox', { name: 'Search' })
  await box.fill('almanac')
  const hits = page.getByTestId('search-hit')
  await expect(hits).toHaveCount(1)
  await expect(hits.first().locator('[data-source="page"]')).toHaveText('p. 13')
  await box.fill('harbours')
  await expect(hits.first().locator('[data-source="page"]')).toHaveText('p. ii')
  await page.screenshot({ path: join(screenshots, 'pdf-search.png') })
})

// The reader itself (pages drawn by pdf.js, selection in the text layer, highlights and citations with the
// page label, area highlights, the hostile PDF) is tested in pdfReader.spec.ts.
