import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { repoRoot, snapshotTree } from '../support/tempLibrary'
import { directTransport, httpTransport, ipcTransport, type Transport, openTemporaryLibrary, type TemporaryLibrary } from './transports'

const fixture = (name: string) => readFile(join(repoRoot, 'tests/fixtures/pages', name))
const upload = (name: string, bytes: Uint8Array | string) => ({ name, dataBase64: Buffer.from(bytes).toString('base64') })

const ARTICLE_BODY = '<article><h1>Het café</h1><p>Het café aan de Markt is vrijdag weer opengegaan, na een verbouwing die bijna een jaar heeft geduurd. De eigenaar is blij dat de vaste gasten terug zijn.</p><p>Op het terras staan nieuwe stoelen en de kaart is uitgebreid met gerechten uit de streek, zoals zuurvlees en vlaai.</p></article>'

describe.each<Transport>([directTransport, ipcTransport, httpTransport])('saving web pages over $name', (transport) => {
  let library: TemporaryLibrary
  let libraryDir: string
  let api: ArchiveApi

  beforeEach(async () => {
    library = await openTemporaryLibrary(transport)
    ;({ libraryDir, api } = library)
  })

  afterEach(() => library.close())

  it('adds a saved .html page with its metadata, keeping the original beside the archived copy', async () => {
    const bytes = await fixture('news-site.html')
    const { added, failed } = await api.importFiles({ files: [upload('korea.html', bytes)] })
    expect(failed).toEqual([])
    const [item] = added
    expect(item.csl).toMatchObject({
      type: 'article-newspaper',
      title: "Korea's openen verbindingsbureau aan de grens",
      author: [{ given: 'Jan', 'non-dropping-particle': 'de', family: 'Vries' }],
      'container-title': 'Het Dagblad',
      URL: 'https://www.hetdagblad.example/buitenland/korea-verbindingsbureau',
    })
    // A page with an address records the day it was seen, as citation styles ask.
    expect(item.csl.accessed?.['date-parts']?.[0]).toHaveLength(3)
    expect(item.citekey).toBe('vries2018koreas')
    expect(item.source).toEqual({ fileName: 'korea.html', mediaType: 'text/html', encoding: 'utf-8', byteLength: bytes.length })
    expect(item.paragraphCount).toBe(6)
    const folder = join(libraryDir, 'items', item.id)
    expect((await readdir(folder)).sort()).toEqual(['content.html', 'item.json', 'source.html'])
    expect(await readFile(join(folder, 'source.html'))).toEqual(bytes)
    const content = await api.getContent({ id: item.id })
    expect(await readFile(join(folder, 'content.html'), 'utf8')).toBe(content.html)
    expect(content.html).toContain('data-para="4"')

    // Editing the metadata leaves the archived copy exactly as it was saved.
    await api.updateItem({ id: item.id, patch: { title: 'Verbindingsbureau in Kaesong' } })
    expect((await api.getContent({ id: item.id })).html).toBe(content.html)
  })

  it('archives an article made of preformatted text, and quotes it with its paragraph number', async () => {
    // A real IETF Internet-Draft page (tests/fixtures/pages/SOURCES.md): nothing but <pre> blocks.
    const bytes = gunzipSync(await fixture('real/ietf-1.html.gz'))
    const { added, failed } = await api.importFiles({ files: [upload('remotestorage.html', bytes)] })
    expect(failed).toEqual([])
    const [item] = added
    expect(item.csl).toMatchObject({
      title: 'remoteStorage',
      author: [{ given: 'F.', family: 'Kooman' }, { given: 'Michiel', 'non-dropping-particle': 'de', family: 'Jong' }],
      issued: { 'date-parts': [[2014, 12, 15]] },
    })
    const quote = 'access control is based on bearer tokens'
    const highlight = await api.addHighlight({ id: item.id, quote })
    expect(highlight).toMatchObject({ quote, paragraph: 4, orphan: false })
    expect((await api.cite({ id: item.id, highlightId: highlight.id })).pandoc).toBe(`\u201c${quote}\u201d [@${item.citekey}, para. 4]`)
  })

  it('reads a page in its declared character set', async () => {
    const latin = Buffer.concat([
      Buffer.from('<html><head><meta charset="windows-1252"><title>Het caf', 'ascii'),
      Buffer.from([0xe9]),
      Buffer.from('</title></head><body>', 'ascii'),
      Buffer.from(ARTICLE_BODY.replace(/é/g, '\u00e9'), 'latin1'),
      Buffer.from('</body></html>', 'ascii'),
    ])
    const { added } = await api.importFiles({ files: [upload('cafe.htm', latin)] })
    expect(added[0].csl.title).toBe('Het café')
    expect(added[0].source.encoding).toBe('windows-1252')
    expect((await api.getContent({ id: added[0].id })).html).toContain('Het café aan de Markt')
  })

  it('refuses bad pages with one sentence each, and changes nothing', async () => {
    await api.addSampleArticle({})
    const before = await snapshotTree(libraryDir)
    const invalidUtf8 = Buffer.concat([Buffer.from(`<html><body>${ARTICLE_BODY}`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('</body></html>')])
    const wrongCharset = Buffer.concat([Buffer.from(`<html><head><meta charset="utf-8"></head><body>${ARTICLE_BODY}`), Buffer.from([0xe9, 0x20]), Buffer.from('</body></html>')])
    const unknownCharset = Buffer.from(`<html><head><meta charset="x-klingon"></head><body>${ARTICLE_BODY}</body></html>`)
    const noText = Buffer.from('<!doctype html><html><head><title>Inloggen</title></head><body><nav><a href="/">Home</a></nav><form><input name="q"></form></body></html>')
    const report = await api.importFiles({
      files: [
        upload('invalid.html', invalidUtf8),
        upload('wrong-charset.html', wrongCharset),
        upload('klingon.html', unknownCharset),
        upload('login.html', noText),
        upload('empty.htm', ''),
      ],
    })
    expect(report).toEqual({
      added: [],
      failed: [
        { name: 'invalid.html', message: 'invalid.html is not valid UTF-8 and declares no other character set; it was not added.' },
        { name: 'wrong-charset.html', message: 'wrong-charset.html is not valid utf-8 text although it declares that character set; it was not added.' },
        { name: 'klingon.html', message: 'klingon.html declares the character set "x-klingon", which Scriptorium cannot read.' },
        { name: 'login.html', message: 'login.html has no article text to archive.' },
        { name: 'empty.htm', message: 'empty.htm is empty.' },
      ],
    })
    expect(await snapshotTree(libraryDir)).toEqual(before)
  })
})
