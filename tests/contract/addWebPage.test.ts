import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { fetchPage } from '../../electron/node/fetchPage'
import { repoRoot, snapshotTree } from '../support/tempLibrary'
import { directTransport, httpTransport, ipcTransport, refusal, type Transport, openTemporaryLibrary, type TemporaryLibrary } from './transports'

const fixture = (name: string) => readFile(join(repoRoot, 'tests/fixtures/pages', name), 'utf8')

/** A small web server with one route per case the fetcher must handle. */
let server: Server
let origin: string
let closedPort: number

beforeAll(async () => {
  const news = await fixture('news-site.html')
  const blog = await fixture('blog-post.html')
  server = createServer((request, response) => {
    const path = request.url ?? '/'
    if (path.startsWith('/news')) {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      response.end(news)
    } else if (path === '/moved') {
      response.writeHead(301, { Location: '/blog/2021/wandelen/' }).end()
    } else if (path.startsWith('/blog/')) {
      // A blog without a canonical address: links resolve against where the redirect ended.
      response.writeHead(200, { 'Content-Type': 'text/html' })
      response.end(blog.replace(/<link rel="canonical"[^>]*>/, ''))
    } else if (path.startsWith('/loop')) {
      response.writeHead(302, { Location: `/loop${Number(path.slice(5) || 0) + 1}` }).end()
    } else if (path === '/to-file') {
      response.writeHead(302, { Location: 'file:///etc/passwd' }).end()
    } else if (path === '/paper.pdf') {
      response.writeHead(200, { 'Content-Type': 'application/pdf' })
      response.end('%PDF-1.4')
    } else if (path === '/huge') {
      // 50 MB without a Content-Length: only counting the bytes stops it.
      response.writeHead(200, { 'Content-Type': 'text/html' })
      const chunk = Buffer.alloc(1024 * 1024, 'a')
      let sent = 0
      const pump = () => {
        while (sent < 50 && response.write(chunk)) sent++
        if (sent >= 50) response.end()
        else response.once('drain', () => { sent++; pump() })
      }
      response.on('error', () => {})
      pump()
    } else if (path === '/huge-declared') {
      response.writeHead(200, { 'Content-Type': 'text/html', 'Content-Length': String(50 * 1024 * 1024) })
      response.end()
    } else if (path === '/latin1') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=ISO-8859-1' })
      response.end(Buffer.from(`<html><head><title>Het caf\u00e9 | Krant</title></head><body><article><p>Het caf\u00e9 aan de Markt is vrijdag weer opengegaan na een verbouwing van bijna een jaar. De eigenaar is blij met de vaste gasten.</p><p>Op het terras staan nieuwe stoelen en de kaart is uitgebreid met zuurvlees en vlaai uit de streek.</p></article></body></html>`, 'latin1'))
    } else if (path === '/bad-utf8') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      response.end(Buffer.concat([Buffer.from('<html><body><p>Kapot '), Buffer.from([0xc3, 0x28]), Buffer.from('</p></body></html>')]))
    } else if (path === '/empty-page') {
      response.writeHead(200, { 'Content-Type': 'text/html' })
      response.end('<html><head><title>Inloggen</title></head><body><form><input name="user"></form></body></html>')
    } else if (path === '/slow') {
      response.writeHead(200, { 'Content-Type': 'text/html' })
      response.write('<html>') // and never more
    } else {
      response.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not here</h1>')
    }
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const closed = createServer()
  await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done))
  closedPort = (closed.address() as AddressInfo).port
  await new Promise((done) => closed.close(done))
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((done) => server.close(done))
})

describe.each<Transport>([directTransport, ipcTransport, httpTransport])('adding a page by its address over $name', (transport) => {
  let library: TemporaryLibrary
  let libraryDir: string
  let api: ArchiveApi

  beforeEach(async () => {
    library = await openTemporaryLibrary(transport)
    ;({ libraryDir, api } = library)
  })

  afterEach(() => library.close())

  it('fetches, extracts and archives a page, then refuses the same page again unless asked', async () => {
    const item = await api.addWebPage({ url: `${origin}/news/korea` })
    expect(item.csl).toMatchObject({ type: 'article-newspaper', title: "Korea's openen verbindingsbureau aan de grens", URL: `${origin}/news/korea` })
    expect(item.source).toMatchObject({ fileName: `${origin}/news/korea`, mediaType: 'text/html', encoding: 'utf-8' })
    expect((await api.getContent({ id: item.id })).html).toContain(`href="${origin}/dossiers/korea"`)

    // The same address with tracking parameters and a fragment is the same page.
    const again = await refusal(api.addWebPage({ url: `${origin}/news/korea?utm_source=mail&utm_medium=x&fbclid=1#comments` }))
    expect(again).toMatchObject({ code: 'duplicate' })
    expect(again.message).toBe(`${origin}/news/korea?utm_source=mail&utm_medium=x&fbclid=1#comments is already in the library as vries2018koreas, “Korea's openen verbindingsbureau aan de grens” by Jan de Vries (the same address).`)
    expect((await api.listItems({})).length).toBe(1)
    const both = await api.addWebPage({ url: `${origin}/news/korea?utm_source=mail`, allowDuplicate: true })
    expect(both.id).not.toBe(item.id)
    expect(both.citekey).toBe('vries2018koreasa')
  })

  it('follows a redirect and resolves links against where it ended', async () => {
    const item = await api.addWebPage({ url: `${origin}/moved` })
    expect(item.csl.URL).toBe(`${origin}/blog/2021/wandelen/`)
    expect((await api.getContent({ id: item.id })).html).toContain(`href="${origin}/blog/2021/wandelen/routes/"`)
  })

  it('reads a page in the charset its Content-Type names', async () => {
    const item = await api.addWebPage({ url: `${origin}/latin1` })
    expect(item.csl.title).toBe('Het café')
    expect(item.source.encoding).toBe('windows-1252')
  })

  it('saves a page the browser sent, with its address', async () => {
    const html = await fixture('json-ld-only.html')
    const item = await api.addWebPage({ url: 'https://recordkeeper.example/2023/05/why-archives-matter?utm_campaign=x', html })
    expect(item.csl).toMatchObject({ title: 'Why archives matter more than ever', DOI: '10.9999/trk.2023.42' })
    // The same DOI is the same work, whatever the address.
    const again = await refusal(api.addWebPage({ url: 'https://mirror.example/archives', html }))
    expect(again.message).toMatch(/\(the same DOI\)\.$/)
  })

  it('refuses bad addresses and bad pages with one sentence each, and changes nothing', async () => {
    await api.addSampleArticle({})
    const before = await snapshotTree(libraryDir)
    const cases: [string, string, string][] = [
      [`http://127.0.0.1:${closedPort}/gone`, 'fetch_failed', `Could not fetch http://127.0.0.1:${closedPort}/gone: 127.0.0.1:${closedPort} refused the connection; nothing was added.`],
      [`${origin}/missing`, 'fetch_failed', `${origin}/missing answered 404 Not Found; nothing was added.`],
      [`${origin}/paper.pdf`, 'unsupported_file', `${origin}/paper.pdf is damaged or cut short and cannot be read as a PDF; nothing was added.`],
      [`${origin}/huge`, 'file_too_large', `${origin}/huge is larger than 20 MB, the limit for a page; nothing was added.`],
      [`${origin}/huge-declared`, 'file_too_large', `${origin}/huge-declared is larger than 20 MB, the limit for a page; nothing was added.`],
      [`${origin}/loop`, 'fetch_failed', `${origin}/loop redirects more than 5 times; nothing was added.`],
      [`${origin}/to-file`, 'invalid_argument', `Only http and https pages can be added, not file: ${origin}/to-file`],
      ['ftp://example.org/file.html', 'invalid_argument', 'Only http and https pages can be added, not ftp: ftp://example.org/file.html'],
      ['not an address', 'invalid_argument', '"not an address" is not a web address.'],
      [`${origin}/bad-utf8`, 'unsupported_file', `${origin}/bad-utf8 is not valid utf-8 text although it declares that character set; it was not added.`],
      [`${origin}/empty-page`, 'unsupported_file', `${origin}/empty-page has no article text to archive.`],
    ]
    for (const [url, code, message] of cases) {
      expect(await refusal(api.addWebPage({ url })), url).toEqual({ code, message })
    }
    expect(await snapshotTree(libraryDir)).toEqual(before)
  })
})

describe('fetchPage', () => {
  it('gives up on a server that stops answering, in time', async () => {
    await expect(fetchPage(`${origin}/slow`, { timeoutMs: 300 })).rejects.toThrow(`${origin}/slow did not answer within 0.3 seconds; nothing was added.`)
  })
})
