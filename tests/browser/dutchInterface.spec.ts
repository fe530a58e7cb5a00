import type { Page } from '@playwright/test'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { MessageArea } from '../../renderer/src/i18n/messageArea'
import { selectPhrase } from './selectPhrase'
import { expect, repoRoot, screenshots, test } from './servedApp'

type Messages = { [key: string]: string | Messages }

/**
 * Every English message that Dutch says differently, as a pattern that matches the English text it
 * renders to (placeholders match anything, each plural form on its own). Read from the message modules
 * themselves, so a string added later is checked too.
 */
async function englishOnlyMessages(): Promise<{ key: string; pattern: RegExp }[]> {
  const folder = join(repoRoot, 'renderer/src/i18n/messages')
  const found: { key: string; pattern: RegExp }[] = []
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.ts'))) {
    const area = ((await import(pathToFileURL(join(folder, file)).href)) as { default: MessageArea }).default
    const walk = (en: Messages, nl: Messages, prefix: string) => {
      for (const [key, value] of Object.entries(en)) {
        const dutch = nl[key]
        if (typeof value !== 'string') walk(value, dutch as Messages, `${prefix}${key}.`)
        else if (value !== dutch) {
          for (const form of value.split(' | ')) {
            // A form that is mostly placeholders ("{current} of {total}") says too little to tell
            // English from Dutch text ("Webadres of DOI"): it needs a word of its own.
            if (!/[A-Za-z]{3,}/.test(form.replace(/\{[^}]+\}/g, ''))) continue
            const source = form.trim().split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+?')
            found.push({ key: `${prefix}${key}`, pattern: new RegExp(`^${source}$`) })
          }
        }
      }
    }
    walk(area.en, area.nl, '')
  }
  return found
}

/** Visible text (each text node, and each element's whole text) and the names and hints of every element. */
function visibleStrings(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const shown = (element: Element) => element.getClientRects().length > 0 || element.tagName === 'OPTION'
    const strings = new Set<string>()
    const add = (text: string | null | undefined) => {
      const clean = (text ?? '').replace(/\s+/g, ' ').trim()
      if (clean) strings.add(clean)
    }
    for (const element of document.querySelectorAll('body *')) {
      if (['SCRIPT', 'STYLE'].includes(element.tagName) || element.closest('[data-testid="article-content"]')) continue
      for (const attribute of ['aria-label', 'title', 'placeholder']) add(element.getAttribute(attribute))
      if (!shown(element)) continue
      add((element as HTMLElement).innerText ?? element.textContent)
      for (const node of element.childNodes) if (node.nodeType === Node.TEXT_NODE) add(node.textContent)
    }
    return [...strings]
  })
}

/** The English messages the page shows, as "key: text". */
async function englishShown(page: Page, english: { key: string; pattern: RegExp }[]): Promise<string[]> {
  const strings = await visibleStrings(page)
  expect(strings.length).toBeGreaterThan(5)
  return strings.flatMap((text) => english.filter(({ pattern }) => pattern.test(text)).map(({ key }) => `${key}: ${text}`))
}

async function expectNoEnglish(page: Page, english: { key: string; pattern: RegExp }[], view: string) {
  expect(await englishShown(page, english), `English left in ${view}`).toEqual([])
}

test.describe('Dutch system language', () => {
  test.use({ locale: 'nl-NL', viewport: { width: 1024, height: 700 } })

  test('the app starts in Dutch and no view, dialog or notice shows an English message', async ({ page, served }) => {
    test.setTimeout(180_000)
    const english = await englishOnlyMessages()
    expect(english.length).toBeGreaterThan(300)
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(error.message))
    await page.goto(served.url)

    // The empty library, with the sidebar.
    await expect(page.getByRole('heading', { name: 'Je archief is leeg' })).toBeVisible()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl')
    await expectNoEnglish(page, english, 'the empty library')
    await page.screenshot({ path: join(screenshots, 'nl-empty-library.png') })

    // A refusal of the archive comes in Dutch, with the file's name.
    await page.getByTestId('file-input').first().setInputFiles({ name: 'leeg.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) })
    await expect(page.getByRole('alert').filter({ hasText: 'leeg.txt is leeg.' })).toBeVisible()
    await page.getByRole('button', { name: 'Melding sluiten' }).first().click()

    // The reader: a highlight, a note being written, its notices.
    await page.getByRole('button', { name: 'Voorbeeldartikel toevoegen' }).click()
    await expect(page.getByText('Selecteer een passage in het artikel')).toBeVisible()
    await expectNoEnglish(page, english, 'the reader')
    await selectPhrase(page, 3, 'een nieuw tijdperk van vrede')
    await expect(page.getByRole('toolbar', { name: 'De selectie markeren' })).toBeVisible()
    await expectNoEnglish(page, english, 'the selection toolbar')
    await page.getByRole('button', { name: 'Markeren als Kernpunt' }).click()
    const card = page.locator('.card[data-highlight-id]')
    await expect(card).toHaveCount(1)
    await card.getByRole('button', { name: /^Notitie toevoegen:/ }).click()
    await page.getByLabel('Notitie in Markdown').fill('Een **nieuw** tijdperk.')
    await expectNoEnglish(page, english, 'the note editor')
    await page.getByRole('button', { name: 'Notitie opslaan' }).click()
    await expect(page.getByText('Notitie opgeslagen.')).toBeVisible()
    await card.getByRole('button', { name: 'Andere formaten voor' + ' “een nieuw tijdperk van vrede”' }).click()
    await expect(page.getByRole('menu', { name: 'Kopiëren met bronvermelding als' })).toBeVisible()
    await expectNoEnglish(page, english, 'the reader with a highlight, a note and the copy menu')
    await page.keyboard.press('Escape')
    await page.mouse.move(0, 0)
    await page.screenshot({ path: join(screenshots, 'nl-reader.png') })

    // The item's details, read and edited; an empty title is refused in Dutch.
    await page.getByRole('tab', { name: 'Info' }).click()
    await expect(page.getByRole('button', { name: 'Referentie kopiëren' })).toBeVisible()
    await expectNoEnglish(page, english, 'the Info panel')
    await page.getByRole('button', { name: 'Bewerken', exact: true }).click()
    await page.locator('textarea[name="title"]').fill(' ')
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click()
    await expect(page.getByRole('alert').filter({ hasText: 'De titel mag niet leeg zijn.' })).toBeVisible()
    await expectNoEnglish(page, english, 'the metadata editor')
    await page.screenshot({ path: join(screenshots, 'nl-metadata-editor.png') })
    await page.getByRole('button', { name: 'Annuleren', exact: true }).click()

    // The library table, a picked row, the filter bar and a new collection in the sidebar.
    await page.getByRole('button', { name: '← Bibliotheek' }).click()
    const row = page.locator('tbody tr[data-id]')
    await expect(row).toHaveCount(1)
    await row.click({ modifiers: ['Control'] })
    await expect(page.getByText('1 geselecteerd')).toBeVisible()
    await page.getByRole('button', { name: 'Nieuwe collectie' }).click()
    await page.getByLabel('Naam van de nieuwe collectie').fill('Kranten')
    await page.keyboard.press('Enter')
    await expect(page.getByText('Collectie “Kranten” gemaakt.')).toBeVisible()
    await page.getByLabel('De bibliotheek filteren').fill('vrede')
    await expect(page.getByRole('button', { name: 'Zoekopdracht opslaan…' })).toBeVisible()
    await page.getByRole('button', { name: 'Acties voor de collectie “Kranten”' }).click()
    await expect(page.getByRole('menuitem', { name: 'Nieuwe subcollectie…' })).toBeVisible()
    await expectNoEnglish(page, english, 'the library with a selection, a filter and a collection menu')
    await page.screenshot({ path: join(screenshots, 'nl-library.png') })
    await page.keyboard.press('Escape')
    await page.getByLabel('De bibliotheek filteren').fill('')

    // The search palette.
    await page.getByTestId('open-search').click()
    await expectNoEnglish(page, english, 'the empty search palette')
    await page.getByRole('combobox', { name: 'Zoeken' }).fill('tijdperk')
    await expect(page.getByTestId('search-hit')).toHaveCount(1)
    await expectNoEnglish(page, english, 'the search palette with results')
    await page.screenshot({ path: join(screenshots, 'nl-search.png') })
    await page.keyboard.press('Escape')

    // The dialogs.
    await page.getByRole('button', { name: 'Bronvermeldingen…' }).click()
    await expect(page.getByRole('heading', { name: 'Standaardstijl en -taal' })).toBeVisible()
    await expectNoEnglish(page, english, 'the Citations dialog')
    await page.screenshot({ path: join(screenshots, 'nl-citations-dialog.png') })
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: 'Exporteren…' }).click()
    await page.getByRole('radio', { name: /Literatuurlijst \(HTML\)/ }).check()
    await expect(page.getByText('Stijl en taal')).toBeVisible()
    await expectNoEnglish(page, english, 'the Export dialog')
    await page.screenshot({ path: join(screenshots, 'nl-export-dialog.png') })
    await page.keyboard.press('Escape')

    // Settings.
    await page.getByRole('button', { name: 'Instellingen' }).click()
    await expect(page.getByRole('heading', { name: 'Bewaren vanuit je browser' })).toBeVisible()
    await expect(page.getByText('Conflictkopieën', { exact: false })).toBeVisible()
    await expectNoEnglish(page, english, 'Settings')
    await page.screenshot({ path: join(screenshots, 'nl-settings.png'), fullPage: true })

    // The trash, asking before it empties.
    await page.getByRole('button', { name: /^Bibliotheek \d/ }).click()
    await page.getByRole('button', { name: /naar de prullenbak verplaatsen$/ }).click()
    await expect(page.getByRole('button', { name: 'Ongedaan maken' })).toBeVisible()
    await page.getByRole('button', { name: /^Prullenbak \d/ }).click()
    await page.getByRole('button', { name: 'Prullenbak legen…' }).click()
    await expect(page.getByText('1 item definitief verwijderen?')).toBeVisible()
    await expectNoEnglish(page, english, 'the trash')
    expect(problems).toEqual([])
  })

  test('the archive’s refusals come in Dutch: a reference file’s odd entries, a duplicate, a quote not in the text', async ({ page, served }) => {
    await page.goto(served.url)
    await expect(page.getByRole('heading', { name: 'Je archief is leeg' })).toBeVisible()
    const alert = (text: string | RegExp) => page.getByRole('alert').filter({ hasText: text })

    // JabRef's own importer examples (tests/fixtures/references/real/SOURCES.md): two @set entries are no references.
    await page.getByTestId('file-input').first().setInputFiles(join(repoRoot, 'tests/fixtures/references/real/jabref-importer-examples.bib'))
    await expect(alert('jabref-importer-examples.bib: De referentie set (regel 14) is een @set-referentie, die velden voor andere referenties bevat en zelf geen referentie is.')).toBeVisible()
    await expect(alert('jabref-importer-examples.bib: De referentie stdmodel (regel 22) is een @set-referentie,')).toBeVisible()
    await expect(page.getByText(/references? from jabref-importer-examples\.bib|is an @set entry/)).toHaveCount(0)

    // The same text twice: the archive names the item it repeats, and why.
    const text = join(repoRoot, 'tests/browser/fixtures/peace-talks.txt')
    await page.getByTestId('file-input').first().setInputFiles(text)
    await expect(page.locator('tbody tr[data-id]')).toHaveCount(3)
    await page.getByTestId('file-input').first().setInputFiles(text)
    await expect(page.locator('#duplicate-text')).toHaveText(/^peace-talks\.txt staat al in de bibliotheek als \S+, “Peace talks in Geneva” \(dezelfde tekst\)\.$/)
    await page.getByRole('button', { name: 'Annuleren' }).click()

    // A highlight asked for by its quote alone (as the CLI and the extension do), of words the article lacks, is refused in Dutch.
    await page.locator('tbody tr[data-id]').filter({ hasText: 'Peace talks in Geneva' }).dblclick()
    await expect(page.getByText('Delegations spoke of a new era of peace')).toBeVisible()
    await page.route('**/api/addHighlight', async (route) => {
      const { id, color } = JSON.parse(route.request().postData() ?? '{}') as Record<string, unknown>
      await route.continue({ postData: JSON.stringify({ id, color, quote: 'vrede in Pyongyang' }) })
    })
    await selectPhrase(page, 1, 'a new era of peace')
    await page.getByRole('button', { name: /^Markeren als / }).first().click()
    await expect(alert('Het citaat “vrede in Pyongyang” staat niet in de tekst van dit artikel.')).toBeVisible()
    await expect(page.locator('.card[data-highlight-id]')).toHaveCount(0)
    await page.screenshot({ path: join(screenshots, 'nl-refusal.png') })
  })
})

test('the language chosen in Settings applies at once and is kept; "system" follows the system again', async ({ page, served }) => {
  await page.goto(served.url)
  await expect(page.getByRole('heading', { name: 'Your archive is empty' })).toBeVisible()
  await page.getByRole('button', { name: 'Settings' }).click()
  const choice = page.getByTestId('ui-language')
  await expect(choice).toHaveValue('system')
  await expect(choice.locator('option[value="system"]')).toHaveText('As the system (English)')
  // The check the Dutch walk relies on does find English where English is shown.
  const shown = await englishShown(page, await englishOnlyMessages())
  expect(shown).toContain('settings.title: Settings')
  expect(shown).toContain('app.languageHint: The language of the app’s menus, buttons and messages. The command line stays English.')
  // A sentence with a <code> inside is found whole, from its element's text.
  expect(shown.filter((entry) => entry.startsWith('settings.bookmarklet.token: The bookmarklet carries'))).toHaveLength(1)

  await choice.selectOption('nl')
  await expect(page.getByRole('heading', { name: 'Instellingen' })).toBeVisible()
  await expect(page.getByRole('button', { name: /^Bibliotheek \d/ })).toBeVisible()

  await page.reload()
  await page.getByRole('button', { name: 'Instellingen' }).click()
  await expect(page.getByTestId('ui-language')).toHaveValue('nl')
  await expect(page.getByRole('heading', { name: 'Instellingen' })).toBeVisible()
  await expect(page.getByTestId('ui-language').locator('option[value="system"]')).toHaveText('Zoals het systeem (English)')

  await page.getByTestId('ui-language').selectOption('system')
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible()
  await page.reload()
  await page.getByRole('button', { name: 'Settings' }).click()
  await expect(page.getByTestId('ui-language')).toHaveValue('system')
})
