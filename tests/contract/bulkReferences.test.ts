import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi, Item, ReferenceFileContents } from '../../electron/core/archiveApi'
import { REFERENCE_CHUNK, chunksOf } from '../../electron/core/references/referenceChunks'
import { generatedBib, RARE } from '../support/generatedBib'
import { catalogDatabaseOf } from '../support/libraryFiles'
import { repoRoot, snapshotTree, useTempDir } from '../support/tempLibrary'
import { directTransport, httpTransport, ipcTransport, refusal, type OpenedClient, type Transport } from './transports'

const ENTRIES = 1_200

const upload = (name: string, text: string) => ({ name, dataBase64: Buffer.from(text).toString('base64') })

describe.each<Transport>([directTransport, ipcTransport, httpTransport])('bulk reference import over $name', (transport) => {
  const temp = useTempDir()
  let client: OpenedClient
  let api: ArchiveApi

  beforeEach(async () => {
    client = await transport.open(temp.libraryDir)
    api = client.api
  })

  afterEach(async () => {
    await client.close()
  })

  async function addInChunks(file: ReferenceFileContents, name: string): Promise<{ added: Item[]; calls: number }> {
    const added: Item[] = []
    let calls = 0
    for (const entries of chunksOf(file.entries)) {
      const report = await api.addReferences({ name, format: file.format, encoding: file.encoding, entries })
      expect(report.failed).toEqual([])
      added.push(...report.added)
      calls++
    }
    return { added, calls }
  }

  it('reads a .bib of 1,200 entries without adding anything, then adds it chunk by chunk with every key kept and the auto-export complete', async () => {
    const bibPath = join(temp.dir, 'exported.bib')
    await api.addAutoExport({ path: bibPath, format: 'bibtex' })
    const before = await snapshotTree(temp.libraryDir)

    const file = await api.readReferenceFile(upload('whole-library.bib', generatedBib(ENTRIES)))
    expect(file.format).toBe('bibtex')
    expect(file.encoding).toBe('utf-8')
    expect(file.entries).toHaveLength(ENTRIES)
    expect(file.problems).toEqual([`The entry broken${ENTRIES} (line ${ENTRIES * 9 + 1}) is not terminated: a closing brace is missing.`])
    expect(file.entries[5]).toMatchObject({ key: 'ref5', csl: { title: 'Border report number 5', DOI: '10.5555/jls.5', volume: '6' } })
    expect(file.entries[5].source).toMatch(/^@article\{ref5,[\s\S]*\}$/)
    expect(await snapshotTree(temp.libraryDir)).toEqual(before) // reading adds nothing

    const { added, calls } = await addInChunks(file, 'whole-library.bib')
    expect(calls).toBe(Math.ceil(ENTRIES / REFERENCE_CHUNK))
    expect(added.map((item) => item.citekey)).toEqual(Array.from({ length: ENTRIES }, (_, n) => `ref${n}`))
    expect(added[RARE].csl).toMatchObject({ type: 'article-journal', title: 'The singular marmoset archive', DOI: `10.5555/jls.${RARE}`, 'container-title': 'Journal of Liaison Studies' })
    expect(added[RARE].source).toMatchObject({ fileName: 'whole-library.bib', mediaType: 'application/x-bibtex', encoding: 'utf-8' })
    expect(await readFile(join(temp.libraryDir, 'items', added[RARE].id, 'source.bib'), 'utf8')).toBe(file.entries[RARE].source)

    const listed = await api.listItems({})
    expect(listed).toHaveLength(ENTRIES)
    expect((await readdir(join(temp.libraryDir, 'items'))).length).toBe(ENTRIES)
    // The auto-exported file holds every entry, under its own key.
    const exported = await readFile(bibPath, 'utf8')
    const keys = [...exported.matchAll(/^@\w+\{([^,]+),/gm)].map((match) => match[1])
    expect(new Set(keys)).toEqual(new Set(added.map((item) => item.citekey)))
    const [status] = await api.listAutoExports({})
    expect(status).toMatchObject({ error: null, itemCount: ENTRIES })
    // And search finds what came in.
    const results = await api.search({ query: 'marmoset', complete: true })
    expect(results.hits.map((hit) => hit.citekey)).toEqual([`ref${RARE}`])
  }, 120_000)

  it('importFiles takes the same chunked path for a whole reference file', async () => {
    const report = await api.importFiles({ files: [upload('whole-library.bib', generatedBib(250))] })
    expect(report.added.map((item) => item.citekey)).toEqual(Array.from({ length: 250 }, (_, n) => `ref${n}`))
    expect(report.failed).toEqual([{ name: 'whole-library.bib', message: `whole-library.bib: The entry broken250 (line ${250 * 9 + 1}) is not terminated: a closing brace is missing.` }])
    expect(await api.listItems({})).toHaveLength(250)
  }, 60_000)

  it('refuses entries already in the library, or repeated within the chunk, naming each by its place; allowDuplicate adds them', async () => {
    const file = await api.readReferenceFile(upload('few.bib', generatedBib(3)))
    await api.addReferences({ name: 'few.bib', format: file.format, entries: file.entries })
    const first = await api.listItems({})

    const repeated = [file.entries[2], { ...file.entries[0], key: 'other', csl: { ...file.entries[0].csl, DOI: '10.5555/NEW.1' } }, { ...file.entries[1], key: 'twin', csl: { ...file.entries[1].csl, DOI: '10.5555/new.1' } }]
    const report = await api.addReferences({ name: 'few.bib', format: 'bibtex', entries: repeated })
    expect(report.added.map((item) => item.citekey)).toEqual(['other'])
    const existing = first.find((item) => item.citekey === 'ref2')!
    expect(report.failed).toEqual([
      { name: 'few.bib', entry: 0, duplicateOf: existing.id, message: 'few.bib: ref2 is already in the library as ref2, “Border report number 2” by Pieter Jansen (the same DOI).' },
      { name: 'few.bib', entry: 2, duplicateOf: report.added[0].id, message: 'few.bib: twin is already in the library as other, “Border report number 0” by Pieter Jansen (the same DOI).' },
    ])

    const anyway = await api.addReferences({ name: 'few.bib', format: 'bibtex', entries: [file.entries[2]], allowDuplicate: true })
    expect(anyway.added.map((item) => item.citekey)).toEqual(['ref2a'])
    expect(await api.listItems({})).toHaveLength(5)
  })

  it('reads RIS and CSL-JSON files too, and refuses a file it cannot read, changing nothing', async () => {
    const ris = await api.readReferenceFile({ name: 'library.ris', dataBase64: (await readFile(join(repoRoot, 'tests/fixtures/references/library.ris'))).toString('base64') })
    expect(ris).toMatchObject({ format: 'ris', problems: ['The RIS entry on line 22 has no "ER  -" line.'] })
    expect(ris.entries.map((entry) => entry.csl.title)).toEqual(['Liaison offices and border incidents', "Korea's openen verbindingsbureau"])
    const json = await api.readReferenceFile(upload('refs.json', JSON.stringify([{ id: 'linden2023', type: 'book', title: 'Archives' }])))
    expect(json).toMatchObject({ format: 'csl-json', problems: [], entries: [{ key: 'linden2023', csl: { title: 'Archives' } }] })

    await api.addSampleArticle({})
    const before = await snapshotTree(temp.libraryDir)
    expect(await refusal(api.readReferenceFile({ name: 'no-er.ris', dataBase64: (await readFile(join(repoRoot, 'tests/fixtures/references/no-er.ris'))).toString('base64') }))).toEqual({
      code: 'unsupported_file',
      message: 'no-er.ris has no "ER  -" lines, which end each RIS entry; nothing was imported.',
    })
    expect(await refusal(api.readReferenceFile(upload('broken.json', '[{"title": ')))).toEqual({ code: 'unsupported_file', message: 'broken.json is not valid JSON.' })
    expect(await refusal(api.readReferenceFile(upload('notes.txt', 'Some words.')))).toEqual({
      code: 'unsupported_file',
      message: 'notes.txt is not a reference file: Scriptorium reads .bib, .ris and CSL-JSON (.json) files.',
    })
    expect(await snapshotTree(temp.libraryDir)).toEqual(before)
  })

  it('adds nothing of a chunk when the catalog cannot take it: no entry, no folder', async () => {
    const file = await api.readReferenceFile(upload('few.bib', generatedBib(5)))
    await api.addSampleArticle({})
    const before = await snapshotTree(temp.libraryDir)
    // The catalog refuses the third row, after every item's folder and record of the chunk is written.
    const catalog = new Database(await catalogDatabaseOf(temp.libraryDir))
    catalog.exec("CREATE TRIGGER refuse BEFORE INSERT ON items WHEN (SELECT count(*) FROM items) >= 3 BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")
    const refused = await refusal(api.addReferences({ name: 'few.bib', format: file.format, entries: file.entries }))
    catalog.exec('DROP TRIGGER refuse')
    catalog.close()
    expect(refused).toEqual({ code: 'storage_failed', message: `Scriptorium could not save 5 items into the library at ${temp.libraryDir}: disk I/O error.` })
    expect(await snapshotTree(temp.libraryDir)).toEqual(before)
    expect(await api.listItems({})).toHaveLength(1)
  })

  it('refuses only the oversized or malformed entries of a chunk, each by its key and line, and adds the rest', async () => {
    const text = generatedBib(REFERENCE_CHUNK, { broken: false })
    const lineOf = (key: string) => text.split('\n').findIndex((line) => line.startsWith(`@article{${key},`)) + 1
    const file = await api.readReferenceFile(upload('whole-library.bib', text))
    const entries = file.entries.map((entry) => ({ ...entry, csl: { ...entry.csl } }))
    entries[10].csl.title = 'Long '.repeat(5000)
    entries[20].source = `@article{ref20,\n  abstract = {${'x'.repeat(1024 * 1024)}}\n}`
    entries[30].csl.DOI = 42 as unknown as string
    entries[40].key = 'k'.repeat(1001)
    entries[40].csl.URL = 'https://example.org/'.padEnd(8001, 'x')
    const report = await api.addReferences({ name: 'whole-library.bib', format: file.format, entries })
    expect(report.failed.map((failure) => failure.message)).toEqual([
      `whole-library.bib: the entry ref10 (line ${lineOf('ref10')}) cannot be imported: its title is longer than 20,000 characters.`,
      `whole-library.bib: the entry ref20 (line ${lineOf('ref20')}) cannot be imported: its source text is longer than 1 MB.`,
      `whole-library.bib: the entry ref30 (line ${lineOf('ref30')}) cannot be imported: its DOI is not a string.`,
      `whole-library.bib: the entry on line ${lineOf('ref40')} cannot be imported: its key is longer than 1,000 characters.`,
    ])
    expect(report.added).toHaveLength(REFERENCE_CHUNK - 4)
    expect(report.added.map((item) => item.citekey)).toContain('ref99')
    expect(await api.listItems({})).toHaveLength(REFERENCE_CHUNK - 4)
  })

  it.runIf(transport !== directTransport)('checks the chunk at the boundary', async () => {
    const entry = { key: 'a', csl: { title: 'A' }, source: '@misc{a}' }
    expect(await client.raw!('addReferences', { name: 'x.bib', format: 'bibtex', entries: [] })).toEqual({
      ok: false,
      error: { code: 'invalid_argument', message: 'Invalid argument to addReferences: entries must hold at least one entry.' },
    })
    const tooMany = await client.raw!('addReferences', { name: 'x.bib', format: 'bibtex', entries: Array.from({ length: 1001 }, () => entry) })
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
    expect(await client.raw!('addReferences', { name: 'x.bib', format: 'bibtex', entries: [{ key: 'a', csl: 'A', source: '' }] })).toEqual({
      ok: false,
      error: { code: 'invalid_argument', message: 'Invalid argument to addReferences: entries.0.csl must be an object.' },
    })
    // A field of the wrong shape is the entry's own problem, not the chunk's (see the test below).
    expect(await client.raw!('addReferences', { name: 'x.bib', format: 'bibtex', entries: [{ key: 'a', csl: { title: 'A', DOI: 42 }, source: '' }] })).toMatchObject({
      ok: true,
      value: { added: [], failed: [{ name: 'x.bib', message: 'x.bib: the entry a cannot be imported: its DOI is not a string.' }] },
    })
    // An entry read from a file carries the line it starts on, and its refusal says it.
    expect(await client.raw!('addReferences', { name: 'x.bib', format: 'bibtex', entries: [{ key: 'a', csl: { title: 'A', DOI: 42 }, source: '', line: 52 }] })).toMatchObject({
      ok: true,
      value: { added: [], failed: [{ name: 'x.bib', message: 'x.bib: the entry a (line 52) cannot be imported: its DOI is not a string.' }] },
    })
    expect(await client.raw!('addReferences', { name: 'x.bib', format: 'bibtex', entries: [{ ...entry, line: 0 }] })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
    expect(await client.raw!('addReferences', { name: 'x.bib', format: 'endnote', entries: [entry] })).toEqual({
      ok: false,
      error: { code: 'invalid_argument', message: 'Invalid argument to addReferences: format must be one of "bibtex", "ris", "csl-json".' },
    })
  })
})
