import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Cite, plugins } from '@citation-js/core'
import '@citation-js/plugin-csl'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi, Item } from '../../electron/core/archiveApi'
import { readArticleStructure } from '../../electron/core/readArticleStructure'
import { makeTempDir, SAMPLE, useTempDir } from '../support/tempLibrary'
import { directTransport, httpTransport, ipcTransport, refusal, type OpenedClient } from './transports'

const QUOTE = SAMPLE.para3Phrase

/** citation-js's own copy of a style, as a user's .csl file would hold it. */
function builtInStyleXml(id: string): string {
  return (plugins.config.get('@csl') as { styles: { get(id: string): string } }).styles.get(id)
}

describe.each([directTransport, ipcTransport, httpTransport])('citations over $name', (transport) => {
  const temp = useTempDir()
  let client: OpenedClient
  let api: ArchiveApi
  let item: Item

  beforeEach(async () => {
    client = await transport.open(temp.libraryDir)
    api = client.api
    item = await api.addSampleArticle({})
  })

  afterEach(async () => {
    await client.close()
  })

  it('quotes a highlight with its paragraph locator and the full reference, in every format', async () => {
    // The sample as a researcher completes it: a news article in NOS, without a byline.
    await api.updateItem({ id: item.id, patch: { type: 'article-newspaper', containerTitle: 'NOS' } })
    const highlight = await api.addHighlight({ id: item.id, quote: QUOTE })
    const reference = await api.cite({ id: item.id })
    const quoted = await api.cite({ id: item.id, highlightId: highlight.id })
    expect(quoted).toMatchObject({ citekey: SAMPLE.citekey, style: 'apa', locale: 'en-US' })
    // APA 7 cites a work without an author by the first words of its title, in quotes for an article.
    expect(quoted.text.startsWith(`\u201c${QUOTE}\u201d (\u201cNoord- en Zuid-Korea hebben vrijdag\u2026,\u201d 2018, para. 3)\n\n`)).toBe(true)
    expect(reference.text).toBe(`${SAMPLE.title}. (2018, September). NOS.`)
    // The reference under the quote is the one citing the item gives.
    expect(quoted.text.endsWith(`\n\n${reference.text}`)).toBe(true)
    expect(reference.text).toContain(SAMPLE.title)
    expect(quoted.html).toMatch(new RegExp(`^<p>\u201c${QUOTE}\u201d \\(.*para\\. 3\\)</p>\\n<p>.*${SAMPLE.title}.*</p>$`))
    expect(quoted.markdown).toContain(`\u201c${QUOTE}\u201d (`)
    expect(quoted.pandoc).toBe(`\u201c${QUOTE}\u201d [@${SAMPLE.citekey}, para. 3]`)
    expect(quoted.latex).toBe(`\\textcquote[para.~3]{${SAMPLE.citekey}}{${QUOTE}}`)
    expect(reference.pandoc).toBe(`[@${SAMPLE.citekey}]`)
  })

  it('writes the locator in the locale: Dutch "par. 3", and "paras. 3–4" across paragraphs', async () => {
    const highlight = await api.addHighlight({ id: item.id, quote: QUOTE })
    const dutch = await api.cite({ id: item.id, highlightId: highlight.id, locale: 'nl-NL' })
    expect(dutch.locale).toBe('nl-NL')
    expect(dutch.text).toMatch(/, 2018, par\. 3\)/)
    // Dutch quotes with single marks, as the official nl-NL locale says.
    expect(dutch.pandoc).toBe(`\u2018${QUOTE}\u2019 [@${SAMPLE.citekey}, par. 3]`)
    expect(dutch.latex).toContain('[par.~3]')

    const { text } = await readArticleStructure((await api.getContent({ id: item.id })).html)
    const start = text.indexOf('aan.', text.indexOf(QUOTE))
    const end = text.indexOf('in 2016') + 'in 2016'.length
    const across = await api.addHighlight({ id: item.id, quote: text.slice(start, end), start, end })
    expect(across).toMatchObject({ paragraph: 3, lastParagraph: 4 })
    const cited = await api.cite({ id: item.id, highlightId: across.id })
    expect(cited.text).toMatch(/, 2018, paras\. 3\u20134\)/)
    expect(cited.pandoc).toMatch(/\[@noord2018zuidkorea, paras\. 3\u20134\]$/)
  })

  it('turns double quotes inside the quote into single ones', async () => {
    const phrase = `kondigde \u201c${QUOTE}\u201d aan`
    const highlight = await api.addHighlight({ id: item.id, quote: phrase })
    const cited = await api.cite({ id: item.id, highlightId: highlight.id })
    expect(cited.text.startsWith(`\u201ckondigde \u2018${QUOTE}\u2019 aan\u201d (`)).toBe(true)
  })

  it('uses the default style and locale of the settings, and refuses unknown ones in words', async () => {
    const settings = await api.updateSettings({ citationLocale: 'nl' })
    expect(settings).toMatchObject({ citationStyle: 'apa', citationLocale: 'nl-NL' })
    const highlight = await api.addHighlight({ id: item.id, quote: QUOTE })
    expect((await api.cite({ id: item.id, highlightId: highlight.id })).text).toContain('par. 3')
    expect(await refusal(api.cite({ id: item.id, style: 'chicago-fullnote-xyz' }))).toEqual({
      code: 'invalid_argument',
      message: expect.stringMatching(/^There is no citation style "chicago-fullnote-xyz"; the styles are .*apa/),
    })
    expect(await refusal(api.cite({ id: item.id, locale: 'tlh-KL' }))).toEqual({
      code: 'invalid_argument',
      message: 'There is no citation locale "tlh-KL"; the locales are en-US, en-GB, nl-NL, de-DE, fr-FR, es-ES.',
    })
    expect(await refusal(api.updateSettings({ citationStyle: 'nope' }))).toMatchObject({ code: 'invalid_argument' })
    expect(await api.getSettings({})).toMatchObject({ citationStyle: 'apa', citationLocale: 'nl-NL' })
  })

  it('says when a highlight belongs to another item', async () => {
    const other = (await api.importFiles({ files: [{ name: 'other.txt', dataBase64: Buffer.from('Een ander artikel over vrede.\n\nMet een tweede alinea.').toString('base64') }] })).added[0]
    const highlight = await api.addHighlight({ id: other.id, quote: 'vrede' })
    expect(await refusal(api.cite({ id: item.id, highlightId: highlight.id }))).toEqual({
      code: 'not_found',
      message: `The item ${SAMPLE.citekey} has no highlight "${highlight.id}"; a highlight is cited from the item it was made in.`,
    })
  })

  it('cites an item without author or date with "n.d." in English and "z.d." in Dutch', async () => {
    const undated = (await api.importFiles({ files: [{ name: 'undated.txt', dataBase64: Buffer.from('Over de vrede in Korea\n\nEen alinea zonder datum of auteur.').toString('base64') }] })).added[0]
    expect(undated.csl.issued).toBeUndefined()
    expect((await api.cite({ id: undated.id })).text).toContain('n.d.')
    expect((await api.cite({ id: undated.id, locale: 'nl-NL' })).text).toContain('z.d.')
  })

  it('exports the whole library, a tag or a selection, keyed by the pinned citation keys', async () => {
    const other = (await api.importFiles({ files: [{ name: 'tagged.txt', dataBase64: Buffer.from('date 2020-05-01 Een tweede artikel.\n\nMet tekst.').toString('base64') }] })).added[0]
    await api.updateItem({ id: other.id, patch: { tags: ['korea'], author: [{ family: 'Vries', given: 'Jan', 'non-dropping-particle': 'de' }] } })
    const all = await api.exportReferences({ format: 'bibtex' })
    expect(all).toMatchObject({ fileName: 'references.bib', mediaType: 'application/x-bibtex' })
    // Neither has the journal an @article needs, so both are @misc, which biber accepts.
    expect(all.content).toContain(`@misc{${SAMPLE.citekey},`)
    expect(all.content).toContain(`@misc{${other.citekey},`)
    expect(all.warnings).toBeUndefined()
    const tagged = await api.exportReferences({ format: 'biblatex', tag: 'korea' })
    expect(tagged.content).toContain(`{${other.citekey},`)
    expect(tagged.content).not.toContain(SAMPLE.citekey)
    const selected = JSON.parse((await api.exportReferences({ format: 'csl-json', ids: [item.id] })).content)
    expect(selected).toEqual([expect.objectContaining({ id: SAMPLE.citekey, 'citation-key': SAMPLE.citekey, title: SAMPLE.title })])
    const ris = (await api.exportReferences({ format: 'ris', ids: [item.id] })).content
    expect(ris).toContain(`ID  - ${SAMPLE.citekey}`)
    expect(ris).toContain(`TI  - ${SAMPLE.title}\n`)
    expect((await api.exportReferences({ format: 'bibliography', locale: 'nl-NL' })).content).toContain(SAMPLE.title)
    expect((await api.exportReferences({ format: 'bibliography-html' })).content).toMatch(/^<!doctype html>[\s\S]*class="csl-entry"/)
    expect(await refusal(api.exportReferences({ format: 'bibtex', tag: 'nothing-has-this' }))).toEqual({
      code: 'not_found',
      message: 'No item in the library has the tag "nothing-has-this".',
    })
  })

  it('adds a .csl file of the user\'s own, refuses a malformed one, and removes it again', async () => {
    const xml = builtInStyleXml('vancouver')
    const before = await api.listCitationStyles({})
    const broken = xml.slice(0, xml.indexOf('<citation'))
    expect(await refusal(api.addCitationStyle({ fileName: 'broken.csl', content: broken }))).toEqual({
      code: 'invalid_argument',
      message: 'broken.csl is not a usable CSL style: it has no <citation> with a <layout>.',
    })
    expect(await refusal(api.addCitationStyle({ fileName: 'notes.csl', content: 'just some text' }))).toEqual({
      code: 'invalid_argument',
      message: 'notes.csl is not a usable CSL style: it has no <style> element.',
    })
    expect(await api.listCitationStyles({})).toEqual(before)

    const added = await api.addCitationStyle({ fileName: 'My Vancouver.csl', content: xml })
    expect(added).toEqual({ id: 'my-vancouver', title: expect.stringContaining('Vancouver'), custom: true })
    expect((await api.listCitationStyles({})).styles).toContainEqual(added)
    const cited = await api.cite({ id: item.id, style: 'my-vancouver' })
    expect(cited.text).toMatch(/^1\. /)
    // Removing the default style makes APA the default again, so citing keeps working.
    await api.updateSettings({ citationStyle: 'my-vancouver' })
    expect((await api.cite({ id: item.id })).style).toBe('my-vancouver')
    expect(await api.removeCitationStyle({ id: 'my-vancouver' })).toEqual({ removed: 'my-vancouver' })
    expect((await api.getSettings({})).citationStyle).toBe('apa')
    expect((await api.cite({ id: item.id })).style).toBe('apa')
    expect(await api.listCitationStyles({})).toEqual(before)
    expect(await refusal(api.removeCitationStyle({ id: 'apa' }))).toMatchObject({ code: 'not_found' })
  })

  it('refuses a style that declares a DTD, whether it is added or put in the styles folder by hand', async () => {
    const xml = builtInStyleXml('vancouver')
    // An entity citeproc would print literally as "&pub;", in a DTD that could also expand without bound.
    const withDtd = xml.replace(/(<\?xml[^>]*\?>)?/, '$1\n<!DOCTYPE style [<!ENTITY pub "Published by">]>').replace('<layout', '<layout prefix="&pub; "')
    expect(withDtd).toContain('<!DOCTYPE style')
    const reason = 'is not a usable CSL style: it declares a DTD (<!DOCTYPE …>), whose entities citeproc would print literally; remove it and write the characters themselves.'
    const before = await api.listCitationStyles({})
    expect(await refusal(api.addCitationStyle({ fileName: 'entities.csl', content: withDtd }))).toEqual({ code: 'invalid_argument', message: `entities.csl ${reason}` })
    expect(await api.listCitationStyles({})).toEqual(before)
    await mkdir(join(temp.dir, 'library', 'styles'), { recursive: true })
    await writeFile(join(temp.dir, 'library', 'styles', 'by-hand.csl'), withDtd)
    expect(await refusal(api.cite({ id: item.id, style: 'by-hand' }))).toEqual({ code: 'invalid_argument', message: `The style file by-hand.csl ${reason}` })
  })

  it('keeps an auto-exported .bib current on every change, and reports a write that fails', async () => {
    const bib = join(temp.dir, 'out', 'library.bib')
    await mkdir(join(temp.dir, 'out'))
    const [status] = await api.addAutoExport({ path: bib, format: 'bibtex' })
    expect(status).toMatchObject({ path: bib, format: 'bibtex', error: null, itemCount: 1 })
    expect(await readFile(bib, 'utf8')).toContain(`@misc{${SAMPLE.citekey},`)

    await api.updateItem({ id: item.id, patch: { citekey: 'nos2018liaison' } })
    expect(await readFile(bib, 'utf8')).toContain('@misc{nos2018liaison,')
    await api.trashItem({ id: item.id })
    expect(await readFile(bib, 'utf8')).toBe('')
    await api.restoreItem({ id: item.id })
    expect(await readFile(bib, 'utf8')).toContain('@misc{nos2018liaison,')

    expect(await refusal(api.addAutoExport({ path: 'library.bib', format: 'bibtex' }))).toMatchObject({ code: 'invalid_argument' })
    expect(await refusal(api.addAutoExport({ path: join(temp.dir, 'library.json'), format: 'bibtex' }))).toEqual({
      code: 'invalid_argument',
      message: `A bibtex auto-export must go to a .bib file, not ${join(temp.dir, 'library.json')}.`,
    })
    // Never a file of the library's own, nor a file of the user's, nor a folder.
    const catalog = join(temp.dir, 'library', 'library.json')
    const catalogBefore = await readFile(catalog, 'utf8')
    expect(await refusal(api.addAutoExport({ path: join(temp.dir, 'out', '..', 'library', 'library.json'), format: 'csl-json' }))).toEqual({
      code: 'invalid_argument',
      message: `${catalog} is inside the library folder; auto-export writes outside it, so it can never replace the library's own files.`,
    })
    expect(await readFile(catalog, 'utf8')).toBe(catalogBefore)
    const mine = join(temp.dir, 'out', 'mine.bib')
    await writeFile(mine, '@book{kept, title = {Mine}}\n')
    expect(await refusal(api.addAutoExport({ path: mine, format: 'bibtex' }))).toEqual({
      code: 'invalid_argument',
      message: `${mine} exists already; auto-export replaces its file on every change, so give a new file name, or delete that file first.`,
    })
    expect(await readFile(mine, 'utf8')).toBe('@book{kept, title = {Mine}}\n')
    await mkdir(join(temp.dir, 'folder.bib'))
    expect(await refusal(api.addAutoExport({ path: join(temp.dir, 'folder.bib'), format: 'bibtex' }))).toEqual({
      code: 'invalid_argument',
      message: `${join(temp.dir, 'folder.bib')} is a folder; give the name of the file to keep current.`,
    })

    // A target that cannot be written is not kept.
    const missing = join(temp.dir, 'no-such-folder', 'x.json')
    expect(await refusal(api.addAutoExport({ path: missing, format: 'csl-json' }))).toEqual({
      code: 'storage_failed',
      message: `Auto-export was not set up. Could not write ${missing}: its folder does not exist.`,
    })
    expect((await api.listAutoExports({})).map((entry) => entry.path)).toEqual([bib])

    // A write that fails later never undoes the user's change; the status says what went wrong.
    const gone = join(temp.dir, 'gone')
    await mkdir(gone)
    await api.addAutoExport({ path: join(gone, 'refs.json'), format: 'csl-json' })
    await rm(gone, { recursive: true })
    const edited = await api.updateItem({ id: item.id, patch: { title: 'Een verbindingsbureau' } })
    expect(edited.csl.title).toBe('Een verbindingsbureau')
    const statuses = await api.listAutoExports({})
    expect(statuses.find((entry) => entry.path === join(gone, 'refs.json'))?.error).toBe(`Could not write ${join(gone, 'refs.json')}: its folder does not exist.`)
    expect(await readFile(bib, 'utf8')).toContain('Een verbindingsbureau')

    expect(await api.removeAutoExport({ path: join(gone, 'refs.json') })).toHaveLength(1)
    await api.removeAutoExport({ path: bib })
    await api.updateItem({ id: item.id, patch: { title: 'Nog een titel' } })
    expect(await readFile(bib, 'utf8')).not.toContain('Nog een titel')
  })
})

describe('the raw citation-js baseline', () => {
  it('is the same engine: our reference equals citation-js formatting the same CSL', async () => {
    const temp = await makeTempDir()
    const client = await directTransport.open(join(temp.dir, 'library'))
    try {
      const item = await client.api.addSampleArticle({})
      const ours = await client.api.cite({ id: item.id })
      const csl = JSON.parse((await client.api.exportReferences({ format: 'csl-json' })).content)
      const raw = new Cite(csl).format('bibliography', { format: 'text', template: 'apa', lang: 'en-US' }).trim()
      expect(ours.text).toBe(raw)
    } finally {
      await client.close()
      await temp.remove()
    }
  })
})
