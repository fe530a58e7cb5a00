import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { repoRoot, snapshotTree } from '../support/tempLibrary'
import { directTransport, httpTransport, type Transport, openTemporaryLibrary, type TemporaryLibrary } from './transports'

const upload = async (name: string) => ({ name, dataBase64: (await readFile(join(repoRoot, 'tests/fixtures/references', name))).toString('base64') })

describe.each<Transport>([directTransport, httpTransport])('importing references over $name', (transport) => {
  let library: TemporaryLibrary
  let libraryDir: string
  let api: ArchiveApi

  beforeEach(async () => {
    library = await openTemporaryLibrary(transport)
    ;({ libraryDir, api } = library)
  })

  afterEach(() => library.close())

  it('imports each BibTeX and BibLaTeX entry with its own key, and names the unterminated one by key and line', async () => {
    const report = await api.importFiles({ files: [await upload('library.bib')] })
    expect(report.failed).toEqual([{ name: 'library.bib', message: 'library.bib: The entry broken2020 (line 25) is not terminated: a closing brace is missing.' }])
    expect(report.added.map((item) => item.citekey)).toEqual(['vries2018verbindingsbureau', 'heuvel2021maas', 'kim2019talks'])
    const [article, online, chapter] = report.added
    expect(article.csl).toMatchObject({
      type: 'article-journal',
      title: 'Een Koreaans verbindingsbureau',
      'container-title': 'Internationale Spectator',
      author: [
        { given: 'Jan', 'non-dropping-particle': 'de', family: 'Vries' },
        { given: 'Anna', 'non-dropping-particle': 'van der', family: 'Berg' },
      ],
      volume: '72',
      issue: '4',
      DOI: '10.1234/is.2018.4',
      issued: { 'date-parts': [[2018]] },
    })
    expect(online.csl).toMatchObject({ type: 'webpage', URL: 'https://ruudsreisblog.example/2021/01/wandelen-langs-de-maas/', accessed: { 'date-parts': [[2021, 1, 10]] } })
    expect(chapter.csl).toMatchObject({ type: 'chapter', 'container-title': 'Border Diplomacy' })
    expect(article.source).toMatchObject({ fileName: 'library.bib', mediaType: 'application/x-bibtex' })
    // The entry is kept as written, beside the (empty) archived text.
    const folder = join(libraryDir, 'items', article.id)
    expect((await readdir(folder)).sort()).toEqual(['content.html', 'item.json', 'source.bib'])
    expect(await readFile(join(folder, 'source.bib'), 'utf8')).toMatch(/^@article\{vries2018verbindingsbureau,[\s\S]*\}$/)

    // Importing the same file again (as after an interrupted import) adds nothing twice: the DOI, the
    // address, and for the entry with neither its key and fields as read, are there already.
    const again = await api.importFiles({ files: [await upload('library.bib')] })
    expect(again.added).toEqual([])
    expect(again.failed.map((failure) => failure.message)).toEqual([
      'library.bib: The entry broken2020 (line 25) is not terminated: a closing brace is missing.',
      `library.bib: vries2018verbindingsbureau is already in the library as vries2018verbindingsbureau, “Een Koreaans verbindingsbureau” by Jan de Vries (the same DOI).`,
      `library.bib: heuvel2021maas is already in the library as heuvel2021maas, “Wandelen langs de Maas in de winter” by Ruud van den Heuvel (the same address).`,
      `library.bib: kim2019talks is already in the library as kim2019talks, “Talks at Panmunjom” by Min-jun Kim (the same text).`,
    ])
  })

  it('imports RIS entries and names the one without an ER line', async () => {
    const report = await api.importFiles({ files: [await upload('library.ris')] })
    expect(report.failed).toEqual([{ name: 'library.ris', message: 'library.ris: The RIS entry on line 22 has no "ER  -" line.' }])
    expect(report.added.map((item) => item.csl.title)).toEqual(['Liaison offices and border incidents', "Korea's openen verbindingsbureau"])
    expect(report.added[0].csl).toMatchObject({ type: 'article-journal', volume: '12', issue: '3', DOI: '10.5555/jprl.2019.0123' })
    expect(report.added[1].csl).toMatchObject({ type: 'article-newspaper', issued: { 'date-parts': [[2018, 9, 14]] } })
  })

  it('imports CSL-JSON, keeping citation-key or id, and names the entry that is no item', async () => {
    const report = await api.importFiles({ files: [await upload('library.json')] })
    expect(report.failed).toEqual([{ name: 'library.json', message: 'library.json: Entry 2 (nothing) is not a CSL-JSON item: it has neither a type nor a title.' }])
    expect(report.added.map((item) => item.citekey)).toEqual(['linden2023archives', 'oneill2022memory'])
  })

  it('refuses a RIS file without ER lines and a .bib without entries, changing nothing', async () => {
    await api.addSampleArticle({})
    const before = await snapshotTree(libraryDir)
    const report = await api.importFiles({
      files: [await upload('no-er.ris'), { name: 'empty.bib', dataBase64: Buffer.from('% only a comment\n').toString('base64') }],
    })
    expect(report).toEqual({
      added: [],
      failed: [
        { name: 'no-er.ris', message: 'no-er.ris has no "ER  -" lines, which end each RIS entry; nothing was imported.' },
        { name: 'empty.bib', message: 'empty.bib holds no references.' },
      ],
    })
    expect(await snapshotTree(libraryDir)).toEqual(before)
  })
})
