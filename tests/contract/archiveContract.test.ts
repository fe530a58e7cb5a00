import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi, Item } from '../../electron/core/archiveApi'
import { MAX_IMPORT_BYTES } from '../../electron/core/importLimit'
import { ID_PATTERN, ISO_PATTERN, SAMPLE, samplePath, snapshotTree } from '../support/tempLibrary'
import { workerTransport, directTransport, httpTransport, ipcTransport, refusal, type OpenedClient, type Transport, openTemporaryLibrary, type TemporaryLibrary } from './transports'

const base64 = (text: string | Uint8Array) => Buffer.from(text).toString('base64')

const HEADER_ARTICLE = [
  'Title: De grens bij Kaesong',
  'Author: Jansen, Piet',
  'Date: 2018-09-14',
  '',
  'Het verbindingsbureau in Kaesong is vrijdag geopend door de twee landen.',
  '',
  'De delegaties zullen elke week in hetzelfde gebouw vergaderen.',
  '',
].join('\n')

/** Windows-1252 bytes, written out by hand so no encoder of ours is involved. */
const CP1252_ARTICLE = Buffer.concat([
  Buffer.from('Title: Het caf', 'ascii'),
  Buffer.from([0xe9]), // é
  Buffer.from('\n\nHet caf', 'ascii'),
  Buffer.from([0xe9, 0x20, 0x93]), // é “
  Buffer.from('x', 'ascii'),
  Buffer.from([0x94]), // ”
  Buffer.from(' is vrijdag weer open gegaan.\n', 'ascii'),
])

describe.each<Transport>([directTransport, ipcTransport, httpTransport, workerTransport])('the archive contract over $name', (transport) => {
  let library: TemporaryLibrary
  let libraryDir: string
  let client: OpenedClient
  let api: ArchiveApi

  beforeEach(async () => {
    library = await openTemporaryLibrary(transport)
    ;({ libraryDir, client, api } = library)
  })

  afterEach(() => library.close())

  it('shows a new library as empty, and reading it writes nothing', async () => {
    expect(await api.listItems({})).toEqual([])
    expect(await api.listItems({ trash: true })).toEqual([])
    expect(await api.getLibraryInfo({})).toEqual({ location: libraryDir, revision: 'absent', schemaVersion: 2, itemCount: 0, trashCount: 0, setAside: [] })
    expect(existsSync(libraryDir)).toBe(false)
  })

  it('adds the sample article with its metadata', async () => {
    const sampleBytes = await readFile(samplePath)
    const item = await api.addSampleArticle({})
    expect(item.id).toMatch(ID_PATTERN)
    expect(item).toMatchObject({
      citekey: SAMPLE.citekey,
      csl: { id: item.id, type: 'article', title: SAMPLE.title, language: 'nl', issued: { 'date-parts': [[2018, 9]] } },
      tags: [],
      trashedAt: null,
      source: { fileName: SAMPLE.fileName, mediaType: 'text/plain', encoding: 'utf-8', byteLength: sampleBytes.length },
    })
    expect(item.addedAt).toMatch(ISO_PATTERN)
    expect(item.modifiedAt).toBe(item.addedAt)
    expect(item.wordCount).toBeGreaterThan(200)

    expect(await api.getItem({ id: item.id })).toEqual(item)
    expect(await api.getItem({ id: item.citekey })).toEqual(item)
    expect(await api.listItems({})).toEqual([item])
  })

  it('gives the archived article with numbered paragraphs', async () => {
    const item = await api.addSampleArticle({})
    const content = await api.getContent({ id: item.id })
    expect(content.id).toBe(item.id)
    const para3 = /<p data-para="3">([^<]*)<\/p>/.exec(content.html)
    expect(para3?.[1]).toContain(SAMPLE.para3Phrase)
    // Headings are not numbered; paragraphs count 1, 2, 3 … without gaps.
    expect(content.html).toContain('<h2>Derde top Kim en Moon</h2>')
    const numbers = [...content.html.matchAll(/<p data-para="(\d+)">/g)].map((match) => Number(match[1]))
    expect(numbers).toEqual(numbers.map((_, index) => index + 1))
    expect(numbers.length).toBe(item.paragraphCount)
    // The leading date token became metadata, not text.
    expect(content.html).not.toContain('date 2018-09')
  })

  it('reads the header lines of a text file', async () => {
    const report = await api.importFiles({ files: [{ name: 'kaesong.txt', dataBase64: base64(HEADER_ARTICLE) }] })
    expect(report.failed).toEqual([])
    expect(report.added).toHaveLength(1)
    const [item] = report.added
    expect(item.csl).toMatchObject({
      title: 'De grens bij Kaesong',
      author: [{ family: 'Jansen', given: 'Piet' }],
      issued: { 'date-parts': [[2018, 9, 14]] },
      type: 'article',
    })
    expect(item.citekey).toBe('jansen2018grens')
    expect(item.paragraphCount).toBe(2)
    const { html } = await api.getContent({ id: item.id })
    expect(html).not.toContain('Title:')
    expect(html).toContain('<p data-para="1">Het verbindingsbureau in Kaesong is vrijdag geopend door de twee landen.</p>')
  })

  it('adds the good files of a batch and names each file it refuses', async () => {
    const report = await api.importFiles({
      files: [
        { name: 'binary.bin', dataBase64: base64(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])) },
        { name: 'kaesong.txt', dataBase64: base64(HEADER_ARTICLE) },
        { name: 'empty.txt', dataBase64: '' },
        { name: 'damaged.txt', dataBase64: 'not base64!' },
      ],
    })
    expect(report.added.map((item) => item.csl.title)).toEqual(['De grens bij Kaesong'])
    expect(report.failed).toEqual([
      { name: 'binary.bin', message: 'binary.bin is a binary file, not text.' },
      { name: 'empty.txt', message: 'empty.txt is empty.' },
      { name: 'damaged.txt', message: 'A file arrived damaged: its data is not valid base64.' },
    ])
    expect((await api.listItems({})).map((item) => item.id)).toEqual([report.added[0].id])
  })

  it('refuses a file larger than the import limit, naming it, and changes nothing', async () => {
    const sample = await api.addSampleArticle({})
    const before = await snapshotTree(libraryDir)
    const report = await api.importFiles({
      files: [{ name: 'big.txt', dataBase64: Buffer.alloc(MAX_IMPORT_BYTES + 1, 'a').toString('base64') }],
    })
    expect(report).toEqual({
      added: [],
      failed: [{ name: 'big.txt', message: 'big.txt is too large to import (16.0 MB); the limit is 16 MB per file.' }],
    })
    expect(await snapshotTree(libraryDir)).toEqual(before)
    expect(await api.listItems({})).toEqual([sample])
  })

  it('decodes a Windows-1252 file', async () => {
    const report = await api.importFiles({ files: [{ name: 'cafe.txt', dataBase64: base64(CP1252_ARTICLE) }] })
    expect(report.failed).toEqual([])
    const [item] = report.added
    expect(item.csl.title).toBe('Het café')
    expect(item.source.encoding).toBe('windows-1252')
    expect(item.source.byteLength).toBe(CP1252_ARTICLE.length)
    const { html } = await api.getContent({ id: item.id })
    expect(html).toBe('<p data-para="1">Het café “x” is vrijdag weer open gegaan.</p>')
  })

  it('saves a metadata edit, visible to a new instance on the same folder', async () => {
    const original = await api.addSampleArticle({})
    const updated = await api.updateItem({
      id: original.id,
      patch: {
        title: '  Verbindingsbureau geopend  ',
        author: [{ family: 'Jansen', given: 'Piet' }, { literal: 'NOS' }],
        issued: '2018-09-14',
        containerTitle: 'NOS Nieuws',
        URL: 'https://nos.nl/artikel/2250000',
        type: 'article-newspaper',
        language: 'EN',
        tags: ['korea', ' diplomatie ', 'korea', ''],
      },
    })
    expect(updated.csl).toEqual({
      id: original.id,
      type: 'article-newspaper',
      title: 'Verbindingsbureau geopend',
      author: [{ family: 'Jansen', given: 'Piet' }, { literal: 'NOS' }],
      issued: { 'date-parts': [[2018, 9, 14]] },
      'container-title': 'NOS Nieuws',
      URL: 'https://nos.nl/artikel/2250000',
      language: 'en',
    })
    expect(updated.tags).toEqual(['korea', 'diplomatie'])
    // The citekey is pinned; only the modification time moves.
    expect(updated.citekey).toBe(original.citekey)
    expect(updated.addedAt).toBe(original.addedAt)
    expect(updated.modifiedAt).toMatch(ISO_PATTERN)
    expect(updated.modifiedAt >= original.modifiedAt).toBe(true)
    expect(await api.getItem({ id: original.id })).toEqual(updated)

    await client.close()
    client = await transport.open(libraryDir)
    api = client.api
    expect(await api.getItem({ id: original.id })).toEqual(updated)

    // An empty string clears a field.
    const cleared = await api.updateItem({ id: original.id, patch: { URL: '', issued: '', containerTitle: '', author: [], tags: [] } })
    expect(cleared.csl).toEqual({ id: original.id, type: 'article-newspaper', title: 'Verbindingsbureau geopend', language: 'en' })
    expect(cleared.tags).toEqual([])
  })

  it.each([
    [{ issued: '2018-13' }, 'The date "2018-13" is not a real date of the form YYYY, YYYY-MM or YYYY-MM-DD.'],
    [{ issued: '2018-02-30' }, 'The date "2018-02-30" is not a real date of the form YYYY, YYYY-MM or YYYY-MM-DD.'],
    [{ URL: 'javascript:alert(1)' }, 'The URL "javascript:alert(1)" is not an http or https address.'],
    [{ title: '' }, 'The title cannot be empty.'],
    [{ title: '   ' }, 'The title cannot be empty.'],
    [{ title: 'A valid title', URL: 'javascript:alert(1)' }, 'The URL "javascript:alert(1)" is not an http or https address.'],
  ])('refuses the invalid patch %j and changes nothing', async (patch, message) => {
    const item = await api.addSampleArticle({})
    const before = await snapshotTree(libraryDir)
    expect(await refusal(api.updateItem({ id: item.id, patch }))).toEqual({ code: 'invalid_argument', message })
    expect(await api.getItem({ id: item.id })).toEqual(item)
    expect(await snapshotTree(libraryDir)).toEqual(before)
  })

  it('answers not_found for an unknown id, in every method that takes one', async () => {
    await api.addSampleArticle({})
    const notFound = { code: 'not_found', message: 'There is no item with id "NOPE".' }
    expect(await refusal(api.getItem({ id: 'NOPE' }))).toEqual(notFound)
    expect(await refusal(api.getContent({ id: 'NOPE' }))).toEqual(notFound)
    expect(await refusal(api.updateItem({ id: 'NOPE', patch: { title: 'X' } }))).toEqual(notFound)
    expect(await refusal(api.trashItem({ id: 'NOPE' }))).toEqual(notFound)
    expect(await refusal(api.restoreItem({ id: 'NOPE' }))).toEqual(notFound)
  })

  it('changes a citation key only when asked, to a free and valid one, and finds the item by it', async () => {
    const first = await api.addSampleArticle({})
    const second = await api.addSampleArticle({})
    expect([first.citekey, second.citekey]).toEqual(['noord2018zuidkorea', 'noord2018zuidkoreaa'])
    const retitled = await api.updateItem({ id: first.id, patch: { title: 'Een heel andere titel' } })
    expect(retitled.citekey).toBe('noord2018zuidkorea') // pinned: a new title never renames the key

    expect(await refusal(api.updateItem({ id: second.id, patch: { citekey: 'noord2018zuidkorea' } }))).toEqual({
      code: 'invalid_argument',
      message: 'The citation key "noord2018zuidkorea" belongs to another item already.',
    })
    expect(await refusal(api.updateItem({ id: second.id, patch: { citekey: 'two words' } }))).toEqual({
      code: 'invalid_argument',
      message: `"two words" cannot be a citation key: biber refuses white space and the characters , { } ( ) " # % ' = \\ ~ in a key.`,
    })
    const renamed = await api.updateItem({ id: second.id, patch: { citekey: 'yonhap2018liaison' } })
    expect(renamed.citekey).toBe('yonhap2018liaison')
    expect((await api.getItem({ id: 'yonhap2018liaison' })).id).toBe(second.id)
    // The old key is free again.
    expect((await api.updateItem({ id: first.id, patch: { citekey: 'noord2018zuidkoreaa' } })).citekey).toBe('noord2018zuidkoreaa')
  })

  it('moves an item to the trash and back, and counts both', async () => {
    const kept = await api.addSampleArticle({})
    const [other] = (await api.importFiles({ files: [{ name: 'kaesong.txt', dataBase64: base64(HEADER_ARTICLE) }] })).added
    const before = await api.getLibraryInfo({})
    expect(before).toEqual({ location: libraryDir, revision: expect.any(String), schemaVersion: 2, itemCount: 2, trashCount: 0, setAside: [] })

    const trashed = await api.trashItem({ id: other.id })
    expect(trashed.trashedAt).toMatch(ISO_PATTERN)
    expect((await api.listItems({})).map((item) => item.id)).toEqual([kept.id])
    expect(await api.listItems({ trash: true })).toEqual([trashed])
    const afterTrash = await api.getLibraryInfo({})
    expect(afterTrash).toEqual({ location: libraryDir, revision: expect.any(String), schemaVersion: 2, itemCount: 1, trashCount: 1, setAside: [] })
    expect(afterTrash.revision).not.toBe(before.revision) // every change of the catalog shows in its revision
    // Trashing twice keeps the first time.
    expect((await api.trashItem({ id: other.id })).trashedAt).toBe(trashed.trashedAt)

    const restored = await api.restoreItem({ id: other.id })
    expect(restored.trashedAt).toBeNull()
    expect((await api.listItems({})).map((item) => item.id).sort()).toEqual([kept.id, other.id].sort())
    expect(await api.listItems({ trash: true })).toEqual([])
    expect(await api.getLibraryInfo({})).toEqual({ location: libraryDir, revision: expect.any(String), schemaVersion: 2, itemCount: 2, trashCount: 0, setAside: [] })
  })

  // The service's own callers are typed; dispatch checks what arrives over IPC and HTTP.
  if (transport !== directTransport) describe('untyped input', () => {
    const raw = (method: string, arg: unknown) => client.raw!(method, arg)

    it.each<[string, unknown, string]>([
      ['getItem', { id: 5 }, 'Invalid argument to getItem: id must be a string.'],
      ['getItem', { id: '' }, 'Invalid argument to getItem: id must not be empty.'],
      ['getItem', {}, 'Invalid argument to getItem: id is missing.'],
      ['getItem', { id: 'X', extra: 1 }, 'Invalid argument to getItem: unknown field "extra".'],
      ['listItems', { trash: 'yes' }, 'Invalid argument to listItems: trash must be a boolean.'],
      ['getLibraryInfo', { verbose: true }, 'Invalid argument to getLibraryInfo: unknown field "verbose".'],
      ['importFiles', { files: [] }, 'Invalid argument to importFiles: files must name at least one file.'],
      ['updateItem', { id: 'X', patch: { colour: 'red' } }, 'Invalid argument to updateItem: patch has unknown field "colour".'],
      ['updateItem', { id: 'X', patch: { type: 'novel' } }, 'Invalid argument to updateItem: patch.type must be one of 45 values, such as "article", "article-journal" or "webpage".'],
      ['importFiles', { files: 'a.txt' }, 'Invalid argument to importFiles: files must be an array.'],
      ['importFiles', { files: [{ name: 'a.txt' }] }, 'Invalid argument to importFiles: files.0.dataBase64 is missing.'],
      ['getItem', 'X', 'Invalid argument to getItem: the argument must be an object.'],
    ])('refuses %s(%j) as invalid_argument', async (method, arg, message) => {
      expect(await raw(method, arg)).toEqual({ ok: false, error: { code: 'invalid_argument', message } })
    })

    it.each(['frobnicate', 'constructor', '__proto__', 'toString'])('refuses the unknown method %s', async (method) => {
      expect(await raw(method, {})).toEqual({
        ok: false,
        error: { code: 'unknown_method', message: `"${method}" is not an operation of the archive.` },
      })
    })

    it('answers with an envelope that survives a structured clone', async () => {
      const envelope = await raw('addSampleArticle', {})
      expect(envelope.ok).toBe(true)
      const item = (envelope as { value: Item }).value
      expect(structuredClone(envelope)).toEqual(envelope)
      expect(JSON.parse(JSON.stringify(envelope))).toEqual(envelope)
      expect(await raw('getItem', { id: item.id })).toEqual({ ok: true, value: item })
    })
  })
})
