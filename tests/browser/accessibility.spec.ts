import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { seriousViolations } from './axeViolations'
import { selectPhrase } from './selectPhrase'
import { expect, repoRoot, screenshots, test } from './servedApp'

/**
 * axe-core on every view and dialog of the app, in light and dark: no serious or critical violation
 * of WCAG 2.1 A and AA. The walk through the app uses addresses, keys, test ids and structure, never
 * visible text, so that it runs unchanged in any UI language: add a locale to LOCALES (Dutch: 'nl-NL')
 * and every view is checked in it too.
 */
const LOCALES = ['en-GB', 'nl-NL']
const SCHEMES = ['light', 'dark'] as const

const cli = (library: string, ...args: string[]) => promisify(execFile)(process.execPath, ['bin/scriptorium.js', '--library', library, ...args], { cwd: repoRoot })

/** Calls the served app's bridge as the page does, with the session token. */
async function call<T>(url: string, method: string, arg: unknown): Promise<T> {
  const token = new URL(url).hash.replace('#token=', '')
  const response = await fetch(`${new URL(url).origin}/api/${method}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(arg) })
  const envelope = (await response.json()) as { ok: boolean; value: T; error?: { message: string } }
  if (!envelope.ok) throw new Error(envelope.error?.message)
  return envelope.value
}

for (const locale of LOCALES) {
  for (const colorScheme of SCHEMES) {
    test.describe(`${locale}, ${colorScheme}`, () => {
      test.use({ locale, colorScheme })

      test(`no serious or critical axe violation on any view (${locale}, ${colorScheme})`, async ({ page, served }) => {
        test.setTimeout(180_000)
        const found: Record<string, string[]> = {}
        const check = async (view: string) => {
          const violations = await seriousViolations(page)
          if (violations.length) found[view] = violations
        }
        const go = async (hash: string) => {
          await page.evaluate((target) => (location.hash = target), hash)
        }

        await page.goto(served.url)
        await expect(page.locator('.empty h1')).toBeVisible({ timeout: 20_000 }) // a fresh server on a busy machine
        await check('empty library')

        // A library of real material: the sample, a saved Wikipedia page and a real bibliography.
        const sample = await call<{ id: string }>(served.url, 'addSampleArticle', {})
        await cli(served.library, 'add', join(repoRoot, 'tests/fixtures/pages/wikipedia-mozilla.html'), join(repoRoot, 'tests/fixtures/references/real/pandoc-biblio.bib'))
        await cli(served.library, 'highlight', sample.id, '--quote', 'een nieuw tijdperk van vrede', '--note', 'Minister **Cho** spreekt van een *nieuw tijdperk*.')
        await cli(served.library, 'highlight', sample.id, '--quote', 'Kaesong', '--color', 'green')
        await cli(served.library, 'note', sample.id, 'Vergelijk met de **top van april**.')
        await cli(served.library, 'edit', sample.id, '--tag', 'korea', '--tag', 'diplomatie')
        await page.reload()
        const rows = page.locator('tr[data-index]')
        await expect(rows.first()).toBeVisible()
        await check('library')
        await rows.first().focus()
        await page.keyboard.press('Space')
        await check('library, a row selected')

        await go(`#/item/${sample.id}`)
        const content = page.getByTestId('article-content')
        await expect(content.locator('mark.highlight').first()).toBeVisible()
        await check('reader with highlights and notes')
        await selectPhrase(page, 2, 'Pyongyang en Seoul')
        await expect(page.getByRole('toolbar')).toBeVisible()
        await check('reader, a passage selected')
        await page.evaluate(() => document.getSelection()?.removeAllRanges())
        await page.locator('.card [data-action="note"]').first().click()
        await expect(page.locator('.note-editor textarea')).toBeVisible()
        await check('reader, a note being edited')
        await page.keyboard.press('Escape')
        await page.locator('.split .more').first().click()
        await expect(page.getByRole('menu')).toBeVisible()
        await check('reader, the copy menu open')
        await page.keyboard.press('Escape')

        await content.focus()
        await page.keyboard.press('Control+f')
        await page.locator('[data-testid="find-bar"] input').fill('korea')
        await expect(page.getByTestId('find-status')).not.toBeEmpty()
        await check('reader, find bar')
        await page.keyboard.press('Escape')
        await page.locator('[aria-controls="reader-settings-panel"]').click()
        await expect(page.locator('#reader-settings-panel')).toBeVisible()
        await check('reader settings')
        await page.keyboard.press('Escape')

        await page.locator('.side [role="tab"]').nth(1).click()
        await expect(page.locator('[data-field="title"]')).toBeVisible()
        await check('reader, Info')
        await page.locator('[data-action="edit"]').click()
        await expect(page.locator('textarea[name="title"]')).toBeVisible()
        await check('reader, editing the metadata')
        await page.keyboard.press('Escape')

        await page.keyboard.press('Control+k')
        await page.locator('[role="dialog"] input[role="combobox"]').fill('tijdperk')
        await expect(page.getByTestId('search-hit').first()).toBeVisible()
        await check('search palette with results')
        await page.locator('[role="dialog"] input[role="combobox"]').fill('zzzzqqq')
        await expect(page.getByTestId('search-hit')).toHaveCount(0)
        await check('search palette, nothing found')
        await page.keyboard.press('Escape')

        await go('#/settings')
        await expect(page.getByTestId('sync-panel')).toBeVisible()
        await check('settings and sync panel')

        await go('#/')
        await page.locator('nav button.settings').click()
        await expect(page.locator('dialog[open]')).toBeVisible()
        await check('citation settings dialog')
        await page.keyboard.press('Escape')
        await page.locator('main button[aria-haspopup="dialog"]').first().click()
        await expect(page.locator('dialog[open]')).toBeVisible()
        await check('export references dialog')
        await page.keyboard.press('Escape')
        await expect(page.locator('dialog[open]')).toHaveCount(0)
        await page.locator('body').press('?')
        await expect(page.getByTestId('shortcut-sheet')).toBeVisible()
        await check('shortcut sheet')
        await page.screenshot({ path: join(screenshots, `shortcut-sheet-${colorScheme}.png`) })
        await page.keyboard.press('Escape')

        await cli(served.library, 'delete', sample.id)
        await go('#/trash')
        await page.evaluate(() => window.dispatchEvent(new Event('focus')))
        await expect(rows).toHaveCount(1)
        await check('trash')

        expect(found).toEqual({})
      })
    })
  }
}
