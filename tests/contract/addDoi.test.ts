import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { resolveDoi } from '../../electron/core/references/resolveDoi'
import { DOI_METADATA, fetchPage } from '../../electron/node/fetchPage'
import { snapshotTree } from '../support/tempLibrary'
import { directTransport, httpTransport, ipcTransport, refusal, type Transport, openTemporaryLibrary, type TemporaryLibrary } from './transports'

/** A stand-in for doi.org: answers content negotiation with a registrar's CSL-JSON, as Crossref does. */
let resolver: Server
const requests: { path: string; accept?: string }[] = []

beforeAll(async () => {
  resolver = createServer((request, response) => {
    requests.push({ path: request.url ?? '', accept: request.headers.accept })
    if (request.url === '/10.5555/jprl.2019.0123') {
      response.writeHead(200, { 'Content-Type': 'application/vnd.citationstyles.csl+json' })
      response.end(JSON.stringify({
        type: 'journal-article',
        DOI: '10.5555/jprl.2019.0123',
        title: 'Liaison offices and the management of border incidents on the Korean peninsula',
        author: [{ family: 'Berg', given: 'Anna', 'non-dropping-particle': 'van der' }, { family: 'Kim', given: 'Min-jun' }],
        'container-title': 'Journal of Peace Research Letters',
        volume: '12',
        issue: '3',
        page: '201-219',
        issued: { 'date-parts': [[2019, 3, 15]] },
        URL: 'https://doi.org/10.5555/jprl.2019.0123',
      }))
    } else if (request.url === '/10.5555/silent') {
      // Accepts the request and never answers.
    } else if (request.url === '/10.5555/landing-page') {
      response.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>A landing page</p>')
    } else if (request.url === '/10.5555/undated') {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ type: 'report', title: 'Undated', issued: { 'date-parts': [[null]] } }))
    } else if (request.url === '/10.5555/flat-author') {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ type: 'book', title: 'Flat', author: 'Smith' }))
    } else {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('DOI not found')
    }
  })
  await new Promise<void>((done) => resolver.listen(0, '127.0.0.1', done))
  process.env.SCRIPTORIUM_DOI_RESOLVER = `http://127.0.0.1:${(resolver.address() as AddressInfo).port}`
})

afterAll(async () => {
  delete process.env.SCRIPTORIUM_DOI_RESOLVER
  resolver.closeAllConnections()
  await new Promise((done) => resolver.close(done))
})

describe.each<Transport>([directTransport, ipcTransport, httpTransport])('adding a reference by DOI over $name', (transport) => {
  let library: TemporaryLibrary
  let libraryDir: string
  let api: ArchiveApi

  beforeEach(async () => {
    library = await openTemporaryLibrary(transport)
    ;({ libraryDir, api } = library)
  })

  afterEach(() => library.close())

  it('asks the resolver for CSL-JSON through citation-js and adds the reference once', async () => {
    requests.length = 0
    const item = await api.addDoi({ doi: 'https://doi.org/10.5555/jprl.2019.0123' })
    expect(requests).toEqual([{ path: '/10.5555/jprl.2019.0123', accept: 'application/vnd.citationstyles.csl+json' }])
    expect(item.citekey).toBe('berg2019liaison')
    expect(item.csl).toMatchObject({
      type: 'article-journal',
      DOI: '10.5555/jprl.2019.0123',
      author: [{ family: 'Berg', given: 'Anna', 'non-dropping-particle': 'van der' }, { family: 'Kim', given: 'Min-jun' }],
      volume: '12',
      issued: { 'date-parts': [[2019, 3, 15]] },
    })
    expect(item.source).toMatchObject({ fileName: '10.5555/jprl.2019.0123', mediaType: 'application/vnd.citationstyles.csl+json' })
    expect((await api.getContent({ id: item.id })).html).toBe('')

    // Known already: refused before the resolver is asked again.
    requests.length = 0
    expect(await refusal(api.addDoi({ doi: 'doi:10.5555/JPRL.2019.0123' }))).toEqual({
      code: 'duplicate',
      message: '10.5555/JPRL.2019.0123 is already in the library as berg2019liaison, “Liaison offices and the management of border incidents on the Korean peninsula” by Anna van der Berg (the same DOI).',
    })
    expect(requests).toEqual([])
  })

  it('says when a DOI is unknown or malformed, and changes nothing', async () => {
    await api.addSampleArticle({})
    const before = await snapshotTree(libraryDir)
    expect(await refusal(api.addDoi({ doi: '10.9999/does-not-exist' }))).toEqual({ code: 'fetch_failed', message: 'The DOI 10.9999/does-not-exist was not found; nothing was added.' })
    expect(await refusal(api.addDoi({ doi: 'not a doi' }))).toEqual({ code: 'invalid_argument', message: '"not a doi" is not a DOI; a DOI looks like 10.1000/xyz.' })
    expect(await snapshotTree(libraryDir)).toEqual(before)
  })
})

describe('a DOI look-up through the node layer\'s fetcher', () => {
  const origin = () => `http://127.0.0.1:${(resolver.address() as AddressInfo).port}`

  it('gives up on a resolver that never answers, in words', async () => {
    const fetchQuickly = (url: string) => fetchPage(url, { ...DOI_METADATA, timeoutMs: 300 })
    await expect(resolveDoi('10.5555/silent', origin(), fetchQuickly)).rejects.toThrow(`${origin()}/10.5555/silent did not answer within 0.3 seconds; nothing was added.`)
  })

  it('refuses an answer that is not CSL-JSON, or whose names are not CSL names', async () => {
    const fetchMetadata = (url: string) => fetchPage(url, DOI_METADATA)
    await expect(resolveDoi('10.5555/landing-page', origin(), fetchMetadata)).rejects.toThrow(`${origin()}/10.5555/landing-page is not CSL-JSON metadata but text/html; nothing was added.`)
    await expect(resolveDoi('10.5555/flat-author', origin(), fetchMetadata)).rejects.toThrow('The metadata of the DOI 10.5555/flat-author cannot be used: its author is not a list of names; nothing was added.')
    await expect(resolveDoi('10.5555/missing', origin(), fetchMetadata)).rejects.toThrow('The DOI 10.5555/missing was not found; nothing was added.')
    // Crossref's way of saying "no date" is taken as no date, not refused.
    const undated = await resolveDoi('10.5555/undated', origin(), fetchMetadata)
    expect(undated).toMatchObject({ title: 'Undated' })
    expect(undated.issued).toBeUndefined()
  })
})

