import { spawnSync } from 'node:child_process'
import { copyFile, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { annotationsOnDisk, readItemRecords } from '../support/libraryFiles'
import { selectPhrase } from './selectPhrase'
import { expect, repoRoot, screenshots, test, type ServedApp } from './servedApp'

// A real-shaped Markdown article with a YAML header, and four real references (pandoc's biblatex examples).
const PEACE = join(repoRoot, 'tests', 'fixtures', 'long-peace.md')
const AVERROES = join(repoRoot, 'tests', 'fixtures', 'references', 'real', 'pandoc-averroes.bib')

function addThroughCli(served: ServedApp, ...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/scriptorium.js', '--library', served.library, 'add', ...args], { cwd: repoRoot, encoding: 'utf8' })
  if (run.status !== 0) throw new Error(run.stderr)
}

const notice = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text }).first()

test('a text file already there is refused by name, Keep both adds it, and the Duplicates view merges the pair; Ctrl+Z and Ctrl+Shift+Z undo and redo the merge', async ({ page, served }) => {
  addThroughCli(served, PEACE)
  await page.goto(served.url)
  await expect(page.getByRole('row')).toHaveCount(2)
  const [peace] = await readItemRecords(served.library)

  // The same words under another name, from the file picker.
  const copy = join(await mkdtemp(join(tmpdir(), 'scriptorium-copy-')), 'the long peace.txt')
  await copyFile(PEACE, copy)
  await page.getByTestId('file-input').first().setInputFiles(copy)
  const prompt = page.getByRole('alertdialog')
  await expect(prompt).toContainText(`the long peace.txt is already in the library as ${peace.citekey}, “The Long Peace Revisited” by John Lewis Gaddis (the same text).`)
  // The choice has the keyboard: Tab to Keep both, Enter.
  await expect(prompt.getByRole('button', { name: 'Open existing' })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(prompt.getByRole('button', { name: 'Keep both' })).toBeFocused()
  await page.keyboard.press('Enter')
  // The copy opens for review, as any saved item does; then back to the library.
  await expect(notice(page, 'Saved “The Long Peace Revisited”')).toBeVisible()
  await page.getByRole('button', { name: /^Library/ }).click()
  await expect(page.getByRole('row', { name: /The Long Peace Revisited/ })).toHaveCount(2)

  // The Duplicates view, from the sidebar by keyboard.
  const duplicatesButton = page.getByRole('button', { name: 'Duplicates' })
  await duplicatesButton.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: 'Likely duplicates' })).toBeVisible()
  const pair = page.getByTestId('duplicate-pair')
  await expect(pair).toHaveCount(1)
  await expect(pair.getByRole('region', { name: 'Pair 1: the same text' })).toBeVisible()
  await page.screenshot({ path: join(screenshots, 'duplicates.png') })

  // Keep the newer copy instead, then Merge, all by keyboard.
  await pair.getByRole('button', { name: 'Keep the other' }).focus()
  await page.keyboard.press('Enter')
  const records = await readItemRecords(served.library)
  const twin = records.find((item) => item.id !== peace.id)!
  await expect(pair.locator('.item.keep a')).toHaveAttribute('href', `#/item/${twin.id}`)
  await pair.getByRole('button', { name: 'Merge' }).focus()
  await page.keyboard.press('Enter')
  await expect(notice(page, 'Merged into ')).toBeVisible()
  await expect(page.getByText('No likely duplicates.')).toBeVisible()
  await expect(page.getByRole('button', { name: /^Trash\s*1$/ })).toBeVisible()
  expect((await readItemRecords(served.library)).find((item) => item.id === peace.id)?.trashedAt).toBeTruthy()

  // Undo outside any text field: the merge is taken back on disk and in the view.
  await page.getByRole('heading', { level: 1 }).click()
  await page.keyboard.press('Control+z')
  await expect(notice(page, "Undid: merge into 'The Long Peace Revisited'")).toBeVisible()
  await page.screenshot({ path: join(screenshots, 'undo-notice.png') })
  await expect(page.getByTestId('duplicate-pair')).toHaveCount(1)
  await expect(page.getByRole('button', { name: /^Trash\s*0$/ })).toBeVisible()
  expect((await readItemRecords(served.library)).find((item) => item.id === peace.id)?.trashedAt).toBeNull()

  await page.keyboard.press('Control+Shift+z')
  await expect(notice(page, "Redid: merge into 'The Long Peace Revisited'")).toBeVisible()
  await expect(page.getByText('No likely duplicates.')).toBeVisible()
  expect((await readItemRecords(served.library)).find((item) => item.id === peace.id)?.trashedAt).toBeTruthy()
})

test('Ctrl+Z undoes tags, edits and the trash in turn, naming each; Ctrl+Y redoes; inside a text field Ctrl+Z is the browser’s own', async ({ page, served }) => {
  addThroughCli(served, AVERROES)
  await page.goto(served.url)
  const row = (title: RegExp) => page.getByRole('row', { name: title })
  await expect(page.getByRole('row')).toHaveCount(5)

  // Tag three rows at once.
  await row(/De natura deorum/).click({ modifiers: ['ControlOrMeta'] })
  await row(/The Epistle on the Possibility/).click({ modifiers: ['ControlOrMeta'] })
  await row(/Averroes/).first().click({ modifiers: ['ControlOrMeta'] })
  const tagField = page.getByRole('combobox', { name: 'Tag for the selected items' })
  await tagField.fill('latin')
  await page.getByRole('button', { name: 'Add tag', exact: true }).click()
  await expect(notice(page, 'Tagged 3 items')).toBeVisible()
  const tagged = async () => (await readItemRecords(served.library)).filter((item) => item.tags.includes('latin')).length
  expect(await tagged()).toBe(3)

  // In the field, Ctrl+Z is the field's own: the tagging is still there to undo afterwards.
  await tagField.fill('lat')
  await tagField.press('Control+z')
  await page.getByRole('heading', { level: 1 }).click()
  expect(await tagged()).toBe(3)
  await page.keyboard.press('Control+z')
  await expect(notice(page, "Undid: tag 'latin' on 3 items")).toBeVisible()
  await expect.poll(tagged).toBe(0)
  await page.keyboard.press('Control+y')
  await expect(notice(page, "Redid: tag 'latin' on 3 items")).toBeVisible()
  await expect.poll(tagged).toBe(3)

  // An edit of the metadata, then the trash: undone last first.
  await page.getByRole('button', { name: 'Clear selection' }).click()
  await row(/De natura deorum/).dblclick()
  await page.getByRole('tab', { name: 'Info' }).click()
  await page.getByRole('button', { name: 'Edit', exact: true }).click()
  await page.locator('input[name="container"]').fill('Loeb Classical Library')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.locator('[data-field="container"]')).toHaveText('Loeb Classical Library')
  const container = async () => (await readItemRecords(served.library)).find((item) => /De natura deorum/.test(item.csl.title ?? ''))?.csl['container-title'] ?? null
  expect(await container()).toBe('Loeb Classical Library')
  await page.getByRole('button', { name: 'Move to trash' }).click()
  await expect(page.getByRole('button', { name: /^Trash\s*1$/ })).toBeVisible()

  await page.keyboard.press('Control+z')
  await expect(notice(page, 'Undid: ').filter({ hasText: 'moved to the trash' })).toBeVisible()
  await expect(page.getByRole('button', { name: /^Trash\s*0$/ })).toBeVisible()
  await page.keyboard.press('Control+z')
  await expect(notice(page, 'Undid: edit of ').filter({ hasText: 'De natura deorum' })).toBeVisible()
  await expect.poll(container).toBeNull()
  await page.keyboard.press('Control+z')
  await expect(notice(page, "Undid: tag 'latin' on 3 items")).toBeVisible()
  await expect.poll(tagged).toBe(0)
  await page.keyboard.press('Control+z')
  await expect(notice(page, 'Nothing to undo.')).toBeVisible()
})

test('Ctrl+Z undoes a highlight, its note, adding to a collection and deleting one; each undo is a write other processes see', async ({ page, served }) => {
  await page.goto(served.url)
  await page.getByRole('button', { name: 'Add the sample article' }).click()
  await expect(page.getByText('Select a passage in the article and pick a colour')).toBeVisible()
  const [sample] = await readItemRecords(served.library)
  const highlightsOnDisk = () => readHighlights(served, sample.id)

  await selectPhrase(page, 3, 'een nieuw tijdperk van vrede')
  await page.getByRole('toolbar', { name: 'Highlight the selection' }).getByRole('button', { name: 'Highlight as Key point' }).click()
  const mark = page.locator('p[data-para="3"] mark[data-annotation-id]')
  await expect(mark).toHaveText('een nieuw tijdperk van vrede')
  await expect.poll(highlightsOnDisk).toBe(1)

  const card = page.locator('.card[data-highlight-id]')
  await card.getByRole('button', { name: /^Add note:/ }).click()
  await page.getByLabel('Note in Markdown').fill('The minister’s words.')
  await page.getByRole('button', { name: 'Save note' }).click()
  await expect(card.locator('.note')).toContainText('The minister’s words.')

  await page.getByTestId('article-content').click({ position: { x: 2, y: 2 } })
  await page.keyboard.press('Control+z')
  await expect(notice(page, 'Undid: note edit')).toBeVisible()
  await expect(card.locator('.note')).toHaveCount(0)
  await page.keyboard.press('Control+z')
  await expect(notice(page, "Undid: highlight 'een nieuw tijdperk van vrede'")).toBeVisible()
  await expect(mark).toHaveCount(0)
  await expect.poll(highlightsOnDisk).toBe(0)
  await page.keyboard.press('Control+Shift+z')
  await expect(notice(page, "Redid: highlight 'een nieuw tijdperk van vrede'")).toBeVisible()
  await expect(mark).toHaveText('een nieuw tijdperk van vrede')
  await expect.poll(highlightsOnDisk).toBe(1)

  // A collection from the sidebar, the item added by the menu; undo takes it out again.
  await page.getByRole('button', { name: /^Library/ }).click()
  const sidebar = page.getByRole('navigation', { name: 'Library' })
  await sidebar.getByRole('button', { name: 'New collection' }).click()
  await sidebar.getByRole('textbox', { name: 'Name of the new collection' }).fill('Korea')
  await sidebar.getByRole('textbox', { name: 'Name of the new collection' }).press('Enter')
  await expect(sidebar.getByRole('button', { name: /^Korea\s*0$/ })).toBeVisible()
  await page.getByRole('row', { name: /Noord- en Zuid-Korea/ }).click({ modifiers: ['ControlOrMeta'] })
  await page.getByRole('combobox', { name: 'Add the selected items to a collection' }).selectOption({ label: 'Korea' })
  await expect(sidebar.getByRole('button', { name: /^Korea\s*1$/ })).toBeVisible()
  await page.getByRole('heading', { level: 1 }).click()
  // Deleting the collection, then undoing that, brings it back with its item.
  await sidebar.getByRole('button', { name: 'Actions for the collection “Korea”' }).click()
  await sidebar.getByRole('menuitem', { name: 'Delete…' }).click()
  await sidebar.getByRole('menuitem', { name: 'Delete collection' }).click()
  await expect(sidebar.getByRole('button', { name: /^Korea/ })).toHaveCount(0)
  await page.getByRole('heading', { level: 1 }).click()
  await page.keyboard.press('Control+z')
  await expect(notice(page, "Undid: deleted collection 'Korea'")).toBeVisible()
  await expect(sidebar.getByRole('button', { name: /^Korea\s*1$/ })).toBeVisible()
  await page.keyboard.press('Control+z')
  await expect(notice(page, "Undid: 1 item added to 'Korea'")).toBeVisible()
  await expect(sidebar.getByRole('button', { name: /^Korea\s*0$/ })).toBeVisible()
  expect((await readItemRecords(served.library))[0].collections ?? []).toEqual([])
  await page.keyboard.press('Control+z')
  await expect(notice(page, "Undid: new collection 'Korea'")).toBeVisible()
  await expect(sidebar.getByRole('button', { name: /^Korea/ })).toHaveCount(0)
})

test('Ctrl+Z undoes saving a search, saving it again with a new query and deleting it, naming each; the CLI sees every step', async ({ page, served }) => {
  addThroughCli(served, AVERROES)
  await page.goto(served.url)
  const sidebar = page.getByRole('navigation', { name: 'Library' })
  const filter = page.getByRole('searchbox', { name: 'Filter the library' })
  const heading = page.getByRole('heading', { level: 1 })
  const kept = () => savedSearchesOf(served)
  async function saveAs(query: string) {
    await sidebar.getByRole('button', { name: /^Library/ }).click()
    await filter.fill(query)
    await page.getByRole('button', { name: 'Save search…' }).click()
    await page.getByRole('textbox', { name: 'Name of the saved search' }).fill('Averroes')
    await page.getByRole('button', { name: 'Save search', exact: true }).click()
    await expect(heading).toHaveText('Averroes')
  }

  await saveAs('averroes')
  await saveAs('averroes type:book')
  await expect.poll(kept).toEqual([{ name: 'Averroes', query: 'averroes type:book' }])
  await sidebar.getByRole('button', { name: 'Delete the saved search “Averroes”' }).click()
  await expect(sidebar.getByRole('button', { name: 'Averroes', exact: true })).toHaveCount(0)
  await expect.poll(kept).toEqual([])

  await heading.click()
  await page.keyboard.press('Control+z')
  await expect(notice(page, "Undid: deleted saved search 'Averroes'")).toBeVisible()
  await expect(sidebar.getByRole('button', { name: 'Averroes', exact: true })).toBeVisible()
  await expect.poll(kept).toEqual([{ name: 'Averroes', query: 'averroes type:book' }])
  await page.keyboard.press('Control+z')
  await expect(notice(page, "Undid: new query of saved search 'Averroes'")).toBeVisible()
  await expect.poll(kept).toEqual([{ name: 'Averroes', query: 'averroes' }])
  await page.keyboard.press('Control+z')
  await expect(notice(page, "Undid: saved search 'Averroes'")).toBeVisible()
  await expect(sidebar.getByRole('button', { name: 'Averroes', exact: true })).toHaveCount(0)
  await expect.poll(kept).toEqual([])
  await page.keyboard.press('Control+Shift+z')
  await expect(notice(page, "Redid: saved search 'Averroes'")).toBeVisible()
  await expect(sidebar.getByRole('button', { name: 'Averroes', exact: true })).toBeVisible()
  await expect.poll(kept).toEqual([{ name: 'Averroes', query: 'averroes' }])
})

/** The saved searches as the CLI lists them: another process reading the library's files. */
function savedSearchesOf(served: ServedApp): { name: string; query: string }[] {
  const run = spawnSync(process.execPath, ['bin/scriptorium.js', '--library', served.library, '--json', 'searches'], { cwd: repoRoot, encoding: 'utf8' })
  if (run.status !== 0) throw new Error(run.stderr)
  return (JSON.parse(run.stdout) as { name: string; query: string }[]).map(({ name, query }) => ({ name, query }))
}

/** The highlights of an item as its annotation files on disk hold them, deleted ones left out. */
async function readHighlights(served: ServedApp, id: string): Promise<number> {
  return (await annotationsOnDisk(served.library, id)).filter((annotation) => annotation.motivation === 'highlighting' && !annotation['scriptorium:deleted']).length
}
