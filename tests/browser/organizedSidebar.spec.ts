import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import type { Item } from '../../electron/core/archiveApi'
import { expect, repoRoot, screenshots, test, type ServedApp } from './servedApp'

// The sample article, and pandoc's four Averroes references (tests/fixtures/references/real/SOURCES.md).
const SAMPLE = join(repoRoot, 'resources', 'samples', 'korea-liaison-office-2018.txt')
const AVERROES = join(repoRoot, 'tests', 'fixtures', 'references', 'real', 'pandoc-averroes.bib')

function cli(served: ServedApp, ...args: string[]): string {
  const run = spawnSync(process.execPath, ['bin/scriptorium.js', '--library', served.library, ...args], { cwd: repoRoot, encoding: 'utf8' })
  if (run.status !== 0) throw new Error(run.stderr)
  return run.stdout
}

/** A library organised from the CLI: nested collections, tags on several items, a saved search. */
function organize(served: ServedApp) {
  const items = JSON.parse(cli(served, '--json', 'add', SAMPLE, AVERROES)) as Item[]
  const averroes = items.filter((item) => /averroes/i.test(item.citekey)).map((item) => item.id)
  const sample = items.find((item) => !averroes.includes(item.id))!.id
  cli(served, 'collection', 'create', 'Philosophy')
  cli(served, 'collection', 'create', 'Averroes', '--parent', 'Philosophy')
  cli(served, 'collection', 'create', 'News')
  cli(served, 'collection', 'add', 'Averroes', ...averroes)
  cli(served, 'collection', 'add', 'News', sample)
  cli(served, 'edit', ...averroes, '--add-tag', 'latin')
  cli(served, 'edit', averroes[0], averroes[1], '--add-tag', 'translation')
  cli(served, 'edit', sample, '--add-tag', 'korea')
  cli(served, 'search', 'save', 'Averroes books', 'averroes type:book')
}

test.describe('the sidebar organised', () => {
  test.use({ viewport: { width: 1280, height: 720 } })

  test('collections (nested), saved searches and tags sit in the sidebar with their counts; a tag filters the table', async ({ page, served }) => {
    organize(served)
    await page.goto(served.url)
    const sidebar = page.getByRole('navigation', { name: 'Library' })
    await expect(sidebar.getByRole('button', { name: /^Philosophy\s*3$/ })).toBeVisible()
    await expect(sidebar.getByRole('button', { name: /^Averroes\s*3$/ })).toBeVisible()
    await expect(sidebar.getByRole('button', { name: /^News\s*1$/ })).toBeVisible()
    await expect(sidebar.getByRole('button', { name: 'Averroes books', exact: true })).toBeVisible()
    await sidebar.getByRole('button', { name: /^#translation\s*2$/ }).click()
    await expect(page.getByRole('row')).toHaveCount(3)
    await page.mouse.move(0, 0)
    await page.screenshot({ path: join(screenshots, 'sidebar-organized.png') })
  })

  test.describe('in Dutch', () => {
    test.use({ locale: 'nl-NL' })

    test('the same library in Dutch: the sidebar, the table and its filter', async ({ page, served }) => {
      organize(served)
      await page.goto(served.url)
      const sidebar = page.getByRole('navigation', { name: 'Bibliotheek' })
      await expect(sidebar.getByRole('heading', { name: 'Collecties' })).toBeVisible()
      await sidebar.getByRole('button', { name: /^Philosophy\s*3$/ }).click()
      await page.getByLabel('De bibliotheek filteren').fill('year:1800..1900')
      await expect(page.getByRole('row')).toHaveCount(3)
      await page.mouse.move(0, 0)
      await page.screenshot({ path: join(screenshots, 'nl-organized.png') })
    })
  })
})
