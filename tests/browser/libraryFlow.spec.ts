import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { readItemRecords } from '../support/libraryFiles'
import { expect, repoRoot, screenshots, test } from './servedApp'

const fixtures = join(repoRoot, 'tests', 'fixtures')

test('files from the picker and from a drop are added; a bad file is reported by name and the rest still land', async ({ page, served }) => {
  await page.goto(served.url)
  await expect(page.getByRole('heading', { name: 'Your archive is empty' })).toBeVisible()

  await page.getByTestId('file-input').first().setInputFiles([
    join(fixtures, 'maastricht-1992.txt'),
    join(fixtures, 'not-text.png'),
    join(fixtures, 'cafe-windows-1252.txt'),
  ])
  await expect(page.getByRole('alert').filter({ hasText: 'not-text.png is a binary file, not text.' })).toBeVisible()
  await expect(page.getByRole('row', { name: /Verdrag van Maastricht/ })).toContainText('Jansen, Pieter; Vries, Anna de')
  await expect(page.getByRole('row', { name: /Café crème/ })).toBeVisible()

  // A drop of a file onto the window, as the OS delivers it.
  const markdown = await readFile(join(fixtures, 'long-peace.md'), 'utf8')
  const dataTransfer = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer()
    transfer.items.add(new File([text], 'long-peace.md', { type: 'text/markdown' }))
    return transfer
  }, markdown)
  await page.locator('.app').dispatchEvent('dragenter', { dataTransfer })
  await expect(page.getByText('Drop text files, saved pages or links to add them to your library')).toBeVisible()
  await page.locator('.app').dispatchEvent('drop', { dataTransfer })
  await expect(page.getByText('Drop text files, saved pages or links to add them to your library')).toBeHidden()
  const longPeace = page.getByRole('row', { name: /The Long Peace Revisited/ })
  await expect(longPeace).toContainText('Gaddis, John Lewis')
  await expect(longPeace).toContainText('International Security')
  await expect(page.getByRole('row')).toHaveCount(4) // header + three items

  // Sorting by each column; the date column puts 1986 before 1992.
  await page.getByRole('button', { name: 'Date' }).click()
  await expect(page.getByRole('columnheader', { name: 'Date' })).toHaveAttribute('aria-sort', 'descending')
  await page.getByRole('button', { name: 'Date' }).click()
  await expect(page.getByRole('columnheader', { name: 'Date' })).toHaveAttribute('aria-sort', 'ascending')
  await expect(page.locator('tbody tr td.title')).toHaveText(['The Long Peace Revisited', 'Verdrag van Maastricht', /Café crème/])
  await page.getByRole('button', { name: 'Title' }).click()
  await expect(page.locator('tbody tr td.title')).toHaveText([/Café crème/, 'The Long Peace Revisited', 'Verdrag van Maastricht'])
  await page.reload() // the sort order is kept
  await expect(page.locator('tbody tr td.title')).toHaveText([/Café crème/, 'The Long Peace Revisited', 'Verdrag van Maastricht'])
  await page.mouse.move(0, 0)
  const dismiss = page.getByRole('button', { name: 'Dismiss' })
  while ((await dismiss.count()) > 0) await dismiss.first().click()
  await page.screenshot({ path: join(screenshots, 'library.png') })

  await page.emulateMedia({ colorScheme: 'dark' })
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(27, 29, 33)')
  await page.screenshot({ path: join(screenshots, 'library-dark.png') })
})

test('delete moves an item to the trash, from where it is restored', async ({ page, served }) => {
  await page.goto(served.url)
  await page.getByRole('button', { name: 'Add the sample article' }).click()
  await expect(page.getByTestId('article-content')).toBeVisible()

  await page.getByRole('button', { name: 'Move to trash' }).click()
  await expect(page.getByRole('heading', { name: 'Your archive is empty' })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'to the trash' })).toBeVisible()

  await page.getByRole('button', { name: /^Trash/ }).click()
  await expect(page.getByRole('columnheader', { name: 'Deleted' })).toBeVisible()
  const row = page.getByRole('row', { name: /Noord- en Zuid-Korea/ })
  await expect(row).toBeVisible()
  await row.getByRole('button', { name: 'Restore' }).click()
  await expect(page.getByText('The trash is empty.')).toBeVisible()
  await page.getByRole('button', { name: /^Library/ }).click()
  await expect(page.getByRole('row', { name: /Noord- en Zuid-Korea/ })).toBeVisible()

  // Emptying the trash asks first, then deletes for good.
  await page.getByRole('row', { name: /Noord- en Zuid-Korea/ }).hover()
  await page.getByRole('button', { name: /^Move “Noord- en Zuid-Korea/ }).click()
  await page.getByRole('button', { name: /^Trash/ }).click()
  await page.getByRole('button', { name: 'Empty trash…' }).click()
  await expect(page.getByText('Delete 1 item for good? This cannot be undone.')).toBeVisible()
  await page.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByRole('row', { name: /Noord- en Zuid-Korea/ })).toBeVisible()
  await page.getByRole('button', { name: 'Empty trash…' }).click()
  await page.getByRole('button', { name: 'Delete for good' }).click()
  await expect(page.getByText('The trash is empty.')).toBeVisible()
  await page.getByRole('button', { name: /^Library/ }).click()
  await expect(page.getByRole('heading', { name: 'Your archive is empty' })).toBeVisible()
  await page.getByRole('button', { name: 'Add the sample article' }).click()
  await page.getByRole('button', { name: '← Library' }).click()

  // Undo straight from the notice.
  await page.getByRole('row', { name: /Noord- en Zuid-Korea/ }).hover()
  await page.getByRole('button', { name: /^Move “Noord- en Zuid-Korea/ }).click()
  await expect(page.getByRole('heading', { name: 'Your archive is empty' })).toBeVisible()
  await page.getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByRole('row', { name: /Noord- en Zuid-Korea/ })).toBeVisible()
})

test('a metadata edit the archive refuses is explained beside the form and nothing changes', async ({ page, served }) => {
  await page.goto(served.url)
  await page.getByRole('button', { name: 'Add the sample article' }).click()
  await page.getByRole('tab', { name: 'Info' }).click()
  await page.getByRole('button', { name: 'Edit', exact: true }).click()
  await page.getByPlaceholder('https://').fill('javascript:alert(1)')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByRole('alert')).toHaveText('The URL "javascript:alert(1)" is not an http or https address.')
  await page.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.locator('[data-field="url"]')).toHaveText('—')

  await page.getByRole('button', { name: 'Edit', exact: true }).click()
  await page.getByRole('button', { name: '+ Add author' }).click()
  await page.getByLabel('Author 1 family name').fill('Vries')
  await page.getByLabel('Author 1 given name').fill('Jan de')
  await page.getByRole('button', { name: '+ Add author' }).click()
  await page.getByRole('button', { name: 'Author 2: enter as one name' }).click()
  await page.getByLabel('Author 2 name').fill('NOS Nieuws')
  await page.locator('select[name="type"]').selectOption('article-newspaper')
  await page.locator('input[name="container"]').fill('NOS')
  await page.locator('input[name="tags"]').fill('korea, diplomatie')
  await page.locator('input[name="citekey"]').fill('nos2018liaison')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.locator('.info code')).toHaveText('nos2018liaison')
  await expect(page.locator('[data-field="author"] .name')).toHaveText(['Vries, Jan de', 'NOS Nieuws'])
  await expect(page.locator('[data-field="type"]')).toHaveText('Article newspaper')
  await expect(page.locator('[data-field="tags"] .tag')).toHaveText(['korea', 'diplomatie'])
  await expect(page.locator('[data-field="container"]')).toHaveText('NOS')
})

test('a damaged catalog is explained, and never overwritten', async ({ page, served }) => {
  const catalog = join(served.library, 'catalog.json')
  await writeFile(catalog, '{"schemaVersion": 1, "items": {')
  await page.goto(served.url)
  await expect(page.getByRole('heading', { name: 'The library cannot be opened' })).toBeVisible()
  await expect(page.getByRole('alert')).toContainText(`The library catalog ${catalog} is damaged`)
  expect(await readFile(catalog, 'utf8')).toBe('{"schemaVersion": 1, "items": {')
})

test('a library of Scriptorium 0.1 opens converted, and an entry it could not convert is named, not lost', async ({ page, served }) => {
  // A library as 0.1 wrote it: one catalog.json, one entry of it damaged by hand.
  const good = { id: 'GOOD2345', citekey: 'jansen2020grens', csl: { id: 'GOOD2345', type: 'article', title: 'De grens bij Kaesong' }, tags: [], addedAt: '2020-01-01T00:00:00.000Z', modifiedAt: '2020-01-01T00:00:00.000Z', trashedAt: null, source: { fileName: 'grens.txt', mediaType: 'text/plain', encoding: 'utf-8', byteLength: 10 }, wordCount: 4, paragraphCount: 1 }
  await mkdir(join(served.library, 'items', good.id), { recursive: true })
  await writeFile(join(served.library, 'items', good.id, 'content.html'), '<p data-para="1">De grens bij Kaesong.</p>')
  await writeFile(join(served.library, 'catalog.json'), JSON.stringify({ schemaVersion: 1, items: { [good.id]: good, BROKEN23: { id: 'BROKEN23' } } }))
  await page.goto(served.url)
  await expect(page.getByRole('row', { name: /De grens bij Kaesong/ })).toBeVisible()
  await expect(page.getByRole('alert')).toContainText('The catalog entry "BROKEN23" was malformed and was not converted')
  await page.screenshot({ path: join(screenshots, 'library-set-aside.png') })
  // The old catalog is kept as it was.
  expect(JSON.parse(await readFile(join(served.library, 'catalog.v1.json'), 'utf8')).items.BROKEN23).toEqual({ id: 'BROKEN23' })
})

test('saving an edit of one field rewrites nothing else, not even name parts the form does not show', async ({ page, served }) => {
  const file = join(served.library, '..', `names-${Date.now()}.md`)
  await writeFile(
    file,
    '---\nauthor:\n  - family: King\n    given: Martin Luther\n    suffix: Jr.\n  - family: Gogh\n    given: Vincent\n    non-dropping-particle: van\ndate: 14 September 2018\n---\n\nA letter about dreams and paintings, written long ago. It has more to say.\n',
  )
  await page.goto(served.url)
  await page.getByTestId('file-input').first().setInputFiles(file)
  await page.getByRole('row', { name: /A letter about dreams/ }).click()
  await page.getByRole('tab', { name: 'Info' }).click()
  await expect(page.locator('[data-field="title"]')).toContainText('Guessed from the first sentence.')
  await expect(page.locator('[data-field="author"] .name')).toHaveText(['King, Martin Luther, Jr.', 'van Gogh, Vincent'])

  await page.locator('[data-field="title"]').getByRole('button', { name: 'Edit it' }).click()
  await page.locator('textarea[name="title"]').fill('A letter on dreams')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.locator('[data-field="title"]')).toHaveText('A letter on dreams')

  const [item] = (await readItemRecords(served.library)) as unknown as { csl: Record<string, unknown>; titleInferred?: boolean }[]
  expect(item.csl.author).toEqual([
    { family: 'King', given: 'Martin Luther', suffix: 'Jr.' },
    { family: 'Gogh', given: 'Vincent', 'non-dropping-particle': 'van' },
  ])
  expect(item.csl.issued).toEqual({ raw: '14 September 2018' }) // kept as written, though the form shows no valid date
  expect(item.titleInferred).toBeUndefined()
})

test('files that are each within the limit are added even when together they outgrow one request', async ({ page, served }) => {
  const paragraph = `${'Een lange alinea over de geschiedenis van de grens en het verdrag. '.repeat(40)}\n\n`
  const files = [1, 2].map((n) => join(served.library, '..', `long-${n}-${Date.now()}.txt`))
  for (const [index, file] of files.entries()) await writeFile(file, `Lang verslag ${index + 1}\n\n${paragraph.repeat(3600)}`) // about 9.7 MB each
  await page.goto(served.url)
  await page.getByTestId('file-input').first().setInputFiles(files)
  await expect(page.getByRole('status').filter({ hasText: 'Added 2 articles.' })).toBeVisible({ timeout: 30_000 })
  await expect(page.getByRole('row', { name: /Lang verslag/ })).toHaveCount(2)
})

test('a list read while the next file of an import is being added never hides that file', async ({ page, served }) => {
  // The orders that once lost a row: the window's catch-up reads the library's list before the second
  // file is in, and either the revision after it or the load ends after that file was shown. The bridge
  // is real; only the requests' order is held.
  const files = [1, 2].map((n) => join(served.library, '..', `order-${n}.txt`))
  for (const [index, file] of files.entries()) await writeFile(file, `Volgorde ${index + 1}\n\nEen korte alinea over de volgorde van het lezen.`)
  const signal = () => {
    let done: () => void = () => {}
    const promise = new Promise<void>((resolve) => (done = resolve))
    return { promise, done }
  }
  const listRead = signal()
  const secondIn = signal()
  const rowsSeen = signal()
  let firstAnswered = false
  let listAsked = false
  let imports = 0
  await page.route('**/api/importFiles', async (route) => {
    imports += 1
    if (imports === 2) await listRead.promise // the second file goes in only once a list without it has been read
    const response = await route.fetch()
    await route.fulfill({ response })
    if (imports === 1) firstAnswered = true
    else secondIn.done()
  })
  await page.route('**/api/listItems', async (route) => {
    if (!firstAnswered) return route.continue()
    if (!listAsked && !route.request().postData()?.includes('trash')) {
      listAsked = true
      const response = await route.fetch()
      await route.fulfill({ response })
      return listRead.done()
    }
    // The rest of that load (the trash) ends only once the second file is in, and shown.
    await secondIn.promise
    await route.continue()
  })
  await page.route('**/api/getLibraryInfo', async (route) => {
    // Once that list is read, no revision is answered, and so no catch-up runs, until the rows are seen.
    if (listAsked) await rowsSeen.promise
    await route.continue()
  })
  await page.goto(served.url)
  await page.getByTestId('file-input').first().setInputFiles(files)
  await expect(page.getByRole('status').filter({ hasText: 'Added 2 articles.' })).toBeVisible({ timeout: 30_000 })
  await expect(page.getByRole('row', { name: /Volgorde/ })).toHaveCount(2)

  // And they stay once the catch-ups run again and have read the revision.
  const askedSince = new Set<unknown>()
  page.on('request', (request) => {
    if (request.url().endsWith('/api/getLibraryInfo')) askedSince.add(request)
  })
  const revisionRead = page.waitForResponse((response) => askedSince.has(response.request()))
  rowsSeen.done()
  await page.unrouteAll({ behavior: 'wait' })
  await revisionRead
  await expect(page.getByRole('row', { name: /Volgorde/ })).toHaveCount(2)
})
