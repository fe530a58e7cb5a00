import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi, Envelope, Item } from '../../electron/core/archiveApi'
import { createArchiveService, type SampleFile } from '../../electron/core/archiveService'
import { ARCHIVE_METHODS, dispatch } from '../../electron/core/dispatch'
import { createLibraryStore } from '../../electron/node/library/libraryStore'
import { ftsSearch } from '../../electron/node/library/ftsSearchBinding'

const SAMPLE_PATH = new URL('../../resources/samples/korea-liaison-office-2018.txt', import.meta.url)

async function readSample(): Promise<SampleFile> {
  return { name: 'korea-liaison-office-2018.txt', bytes: await readFile(SAMPLE_PATH) }
}

let libraryDir: string
let api: ArchiveApi

beforeEach(async () => {
  libraryDir = await mkdtemp(join(tmpdir(), 'scriptorium-dispatch-'))
  api = createArchiveService({ store: createLibraryStore(libraryDir, { search: ftsSearch }), readSample })
})

afterEach(async () => {
  await rm(libraryDir, { recursive: true, force: true })
})

function errorOf(envelope: Envelope<unknown>): { code: string; message: string } {
  if (envelope.ok) throw new Error(`expected a failure, got ${JSON.stringify(envelope.value)}`)
  return envelope.error
}

function valueOf<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(`expected success, got ${envelope.error.code}: ${envelope.error.message}`)
  return envelope.value as T
}

describe('dispatch: methods', () => {
  it('has an argument schema for exactly the operations the service offers', () => {
    expect([...ARCHIVE_METHODS].sort()).toEqual(Object.keys(api).sort())
    expect(ARCHIVE_METHODS).toContain('addHighlight')
  })

  it('refuses an unknown method', async () => {
    expect(await dispatch(api, 'deleteEverything', {})).toStrictEqual({
      ok: false,
      error: { code: 'unknown_method', message: '"deleteEverything" is not an operation of the archive.' },
    })
  })

  it('refuses names inherited from Object.prototype', async () => {
    for (const method of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(errorOf(await dispatch(api, method, {})).code, method).toBe('unknown_method')
    }
  })

  it('answers a valid call with the service value', async () => {
    expect(await dispatch(api, 'getLibraryInfo', {})).toStrictEqual({
      ok: true,
      value: { location: libraryDir, revision: 'absent', schemaVersion: 2, itemCount: 0, trashCount: 0, setAside: [] },
    })
  })

  it('treats a missing argument as an empty object', async () => {
    expect(await dispatch(api, 'listItems', undefined)).toStrictEqual({ ok: true, value: [] })
    expect(await dispatch(api, 'getLibraryInfo', null)).toMatchObject({ ok: true })
  })
})

describe('dispatch: invalid arguments', () => {
  async function invalid(method: string, arg: unknown): Promise<string> {
    const error = errorOf(await dispatch(api, method, arg))
    expect(error.code).toBe('invalid_argument')
    return error.message
  }

  it('names a missing id', async () => {
    expect(await invalid('getItem', {})).toBe('Invalid argument to getItem: id is missing.')
  })

  it('names an id of the wrong type', async () => {
    expect(await invalid('trashItem', { id: 42 })).toBe('Invalid argument to trashItem: id must be a string.')
  })

  it('refuses a blank id', async () => {
    expect(await invalid('getContent', { id: '   ' })).toBe('Invalid argument to getContent: id must not be empty.')
  })

  it('takes a page as its html or as the PDF it showed, never both', async () => {
    expect(await invalid('addWebPage', { url: 'https://example.org/a.pdf', html: '<p>x</p>', pdfBase64: 'JVBERi0=' })).toBe(
      "Invalid argument to addWebPage: pdfBase64 cannot come with html: a page is saved as its html or as the PDF it showed.",
    )
  })

  it('names unknown fields, at the top level and nested', async () => {
    expect(await invalid('getItem', { id: 'A', extra: true })).toBe('Invalid argument to getItem: unknown field "extra".')
    expect(await invalid('getItem', { id: 'A', a: 1, b: 2 })).toBe('Invalid argument to getItem: unknown fields "a", "b".')
    expect(await invalid('updateItem', { id: 'A', patch: { colour: 'red' } })).toBe(
      'Invalid argument to updateItem: patch has unknown field "colour".',
    )
    expect(await invalid('updateItem', { id: 'A', patch: { author: [{ name: 'Kim' }] } })).toBe(
      'Invalid argument to updateItem: patch.author.0 has unknown field "name".',
    )
    expect(await invalid('getLibraryInfo', { verbose: true })).toBe('Invalid argument to getLibraryInfo: unknown field "verbose".')
  })

  it('names a date that is not a string', async () => {
    expect(await invalid('updateItem', { id: 'A', patch: { issued: 2018 } })).toBe('Invalid argument to updateItem: patch.issued must be a string.')
  })

  it('names a type that is not a CSL type', async () => {
    const message = await invalid('updateItem', { id: 'A', patch: { type: 'blog' } })
    expect(message.startsWith('Invalid argument to updateItem: patch.type must be one of 45 values, such as "article", "article-journal" or')).toBe(true)
    expect(message).toContain('"webpage"')
  })

  it("passes on the service's sentence for a language that is not a language code", async () => {
    const item = await api.addSampleArticle({})
    expect(await invalid('updateItem', { id: item.id, patch: { language: 'Dutch' } })).toBe('"Dutch" is not a language code such as "nl" or "en-GB".')
  })

  it('refuses an empty file list and a non-object argument', async () => {
    expect(await invalid('importFiles', { files: [] })).toBe('Invalid argument to importFiles: files must name at least one file.')
    expect(await invalid('listItems', [])).toBe('Invalid argument to listItems: the argument must be an object.')
    expect(await invalid('listItems', { trash: 'yes' })).toBe(
      'Invalid argument to listItems: trash must be a boolean.',
    )
  })
})

describe('dispatch: service errors', () => {
  it('turns an ArchiveError into its code and sentence only', async () => {
    expect(await dispatch(api, 'getItem', { id: 'NOPE' })).toStrictEqual({
      ok: false,
      error: { code: 'not_found', message: 'There is no item with id "NOPE".' },
    })
  })

  it('passes the trimmed id on to the service', async () => {
    expect(errorOf(await dispatch(api, 'getItem', { id: '  NOPE \n' })).message).toBe('There is no item with id "NOPE".')
  })

  it('reports a date the boundary lets through but the service refuses', async () => {
    const item = valueOf<Item>(await dispatch(api, 'addSampleArticle', {}))
    expect(errorOf(await dispatch(api, 'updateItem', { id: item.id, patch: { issued: '2019-02-29' } }))).toStrictEqual({
      code: 'invalid_argument',
      message: 'The date "2019-02-29" is not a real date of the form YYYY, YYYY-MM or YYYY-MM-DD.',
    })
  })

  it('reports any other failure as internal, naming the operation', async () => {
    const broken = createArchiveService({
      store: createLibraryStore(libraryDir, { search: ftsSearch }),
      readSample: async () => {
        throw new Error('the resources folder is gone')
      },
    })
    expect(await dispatch(broken, 'addSampleArticle', {})).toStrictEqual({
      ok: false,
      error: { code: 'internal', message: 'Scriptorium could not complete addSampleArticle: the resources folder is gone' },
    })
  })
})

describe('dispatch: envelopes cross a structured-clone boundary', () => {
  it('keeps a successful envelope whole', async () => {
    const added = await dispatch(api, 'addSampleArticle', {})
    const item = valueOf<Item>(added)
    expect(item.citekey).toBe('noord2018zuidkorea')
    expect(item.csl.issued).toEqual({ 'date-parts': [[2018, 9]] })
    expect(item.paragraphCount).toBe(7)

    const listed = await dispatch(api, 'listItems', {})
    for (const envelope of [added, listed]) {
      expect(structuredClone(envelope)).toStrictEqual(envelope)
      expect(JSON.parse(JSON.stringify(envelope))).toStrictEqual(envelope)
    }
    expect(valueOf<Item[]>(listed)).toStrictEqual([item])
  })

  it('keeps a failure envelope whole, as plain data rather than an Error', async () => {
    const failed = await dispatch(api, 'getItem', { id: 'NOPE' })
    const clone = structuredClone(failed)
    expect(clone).toStrictEqual(failed)
    expect(errorOf(clone)).not.toBeInstanceOf(Error)
    expect(errorOf(clone)).toStrictEqual({ code: 'not_found', message: 'There is no item with id "NOPE".' })
  })

  it('keeps an import report with per-file failures whole', async () => {
    const text = Buffer.from('Een korte tekst om te archiveren.').toString('base64')
    const report = await dispatch(api, 'importFiles', {
      files: [
        { name: 'tekst.txt', dataBase64: text },
        { name: 'page.html', dataBase64: text },
      ],
    })
    expect(structuredClone(report)).toStrictEqual(report)
    const value = valueOf<{ added: Item[]; failed: { name: string; message: string }[] }>(report)
    expect(value.added.map((item) => item.source.fileName)).toEqual(['tekst.txt'])
    expect(value.failed).toEqual([
      { name: 'page.html', message: 'page.html is an HTML page, which this build cannot sanitize.' },
    ])
  })
})
