import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ArchiveApi, FileUpload, Item } from '../../electron/core/archiveApi'
import { snapshotTree } from '../support/tempLibrary'
import { encrypted, hostile, IMAGE_ONLY_HTML, printPdfs, withMetadata, withoutPages, withPageLabels, xmpPacket } from '../support/makePdfs'
import { directTransport, httpTransport, openTemporaryLibrary, type TemporaryLibrary } from './transports'

const upload = (name: string, bytes: Uint8Array): FileUpload => ({ name, dataBase64: Buffer.from(bytes).toString('base64') })

// A paper of six printed pages: two of front matter (labelled i, ii) and four of journal pagination from 12.
const PAPER = `
<section><h1>Tidal Clocks of the North Sea</h1><p>Anna de Vries</p><p>Preface. The harbours of the coast kept their own hours until the railways came.</p></section>
<section><p>Contents and acknowledgements, with thanks to the keepers of the Zierikzee tide tables.</p></section>
<section><p>The first chapter says that the harbour of Vlissingen rang its bell at high water, and that ships waited for it.</p></section>
<section><p>A second page of the chapter, where a sentence about the lighthouse keeper runs on</p></section>
<section><p>Notes on café owners and naïve sailors who trusted the bell over the almanac.</p></section>
<section><p>References follow on this last page.</p></section>`

let pdfs: Record<string, Uint8Array>
let beacon: Server
let beaconUrl: string
const beaconRequests: string[] = []
let resolver: Server

beforeAll(async () => {
  beacon = createServer((request, response) => {
    beaconRequests.push(request.url ?? '')
    if (request.url === '/served/paper.pdf') response.writeHead(200, { 'Content-Type': 'application/pdf' }).end(pdfs['labelled.pdf'])
    else response.writeHead(404).end()
  })
  await new Promise<void>((done) => beacon.listen(0, '127.0.0.1', done))
  beaconUrl = `http://127.0.0.1:${(beacon.address() as AddressInfo).port}`
  // A stand-in for doi.org, as in addDoi.test.ts: the registrar's metadata outranks the file's.
  resolver = createServer((request, response) => {
    if (request.url === '/10.5555/tides.2021.7') {
      response.writeHead(200, { 'Content-Type': 'application/vnd.citationstyles.csl+json' }).end(
        JSON.stringify({ type: 'journal-article', DOI: '10.5555/tides.2021.7', title: 'Tidal clocks of the North Sea, 1600–1850', author: [{ family: 'Vries', given: 'Anna', 'non-dropping-particle': 'de' }], 'container-title': 'Journal of Maritime Time', issued: { 'date-parts': [[2021]] } }),
      )
    } else response.writeHead(404).end()
  })
  await new Promise<void>((done) => resolver.listen(0, '127.0.0.1', done))
  process.env.SCRIPTORIUM_DOI_RESOLVER = `http://127.0.0.1:${(resolver.address() as AddressInfo).port}`

  const printed = await printPdfs({
    paper: PAPER,
    untitled: '<section><p style="font-size:24pt">Harbour Bells and Railway Time</p><p>A short note without any metadata of its own, only its words on the page.</p></section>',
    doi: '<section><h1>Printed title</h1><p>Journal of Maritime Time 12 (2021). https://doi.org/10.5555/tides.2021.7.</p><p>The body of the paper.</p></section>',
    scan: IMAGE_ONLY_HTML,
  })
  const labelled = await withPageLabels(printed.paper, [{ from: 0, style: 'r' }, { from: 2, style: 'D', start: 12 }])
  pdfs = {
    'labelled.pdf': labelled,
    'xmp.pdf': await withMetadata(labelled, {
      title: 'Info title that XMP outranks',
      author: 'Someone Else',
      xmp: xmpPacket({ title: 'Tidal Clocks of the North Sea', creators: ['Anna de Vries', 'Jan Jansen'], publication: 'Journal of Maritime Time', date: '2021-06-01' }),
    }),
    'info.pdf': await withMetadata(printed.paper, { title: 'Tidal Clocks (Info dictionary)', author: 'Anna de Vries; Jan Jansen' }),
    'untitled.pdf': await withMetadata(printed.untitled, { title: '' }),
    'doi.pdf': printed.doi,
    'scan.pdf': printed.scan,
    'encrypted.pdf': await encrypted(printed.untitled),
    'truncated.pdf': labelled.subarray(0, Math.floor(labelled.length / 3)),
    'empty.pdf': withoutPages(),
    'hostile.pdf': await hostile(printed.untitled, beaconUrl),
  }
}, 60_000)

afterAll(async () => {
  delete process.env.SCRIPTORIUM_DOI_RESOLVER
  for (const server of [beacon, resolver]) {
    server.closeAllConnections()
    await new Promise((done) => server.close(done))
  }
})

describe.each([directTransport, httpTransport])('importing PDFs over $name', (transport) => {
  let library: TemporaryLibrary
  let api: ArchiveApi
  beforeAll(async () => {
    library = await openTemporaryLibrary(transport)
    api = library.api
  })
  afterAll(() => library.close())

  async function add(name: string): Promise<Item> {
    const report = await api.importFiles({ files: [upload(name, pdfs[name])], allowDuplicate: true })
    expect(report.failed).toEqual([])
    return report.added[0]
  }

  it('keeps the PDF unchanged as source.pdf and archives its text page by page, with the labels it prints', async () => {
    const item = await add('labelled.pdf')
    expect(await readFile(join(library.libraryDir, 'items', item.id, 'source.pdf'))).toEqual(Buffer.from(pdfs['labelled.pdf']))
    expect(item.source).toMatchObject({ fileName: 'labelled.pdf', mediaType: 'application/pdf', byteLength: pdfs['labelled.pdf'].length })
    expect(item.pdf).toMatchObject({ pageCount: 6, hasText: true, labels: ['i', 'ii', '12', '13', '14', '15'] })
    const { html } = await api.getContent({ id: item.id })
    expect(html).toMatch(/<section data-page="3" data-page-label="12"><p data-para="\d+">The first chapter says/)
    expect(html).toContain('the harbour of Vlissingen rang its bell')
    expect(html).toContain('café owners and naïve sailors')
    // Chromium writes no title when the page has none: the largest text of page 1 is the guess.
    expect(item.csl.title).toBe('Tidal Clocks of the North Sea')
    expect(item.titleInferred).toBe(true)
  })

  it('takes XMP over the Info dictionary, and the Info dictionary over the largest text', async () => {
    const fromXmp = await add('xmp.pdf')
    expect(fromXmp.csl).toMatchObject({ title: 'Tidal Clocks of the North Sea', 'container-title': 'Journal of Maritime Time', issued: { 'date-parts': [[2021, 6, 1]] } })
    expect(fromXmp.csl.author).toEqual([{ family: 'Vries', given: 'Anna', 'non-dropping-particle': 'de' }, { family: 'Jansen', given: 'Jan' }])
    expect(fromXmp.titleInferred).toBeUndefined()
    const fromInfo = await add('info.pdf')
    expect(fromInfo.csl.title).toBe('Tidal Clocks (Info dictionary)')
    expect(fromInfo.csl.author).toEqual([{ family: 'Vries', given: 'Anna', 'non-dropping-particle': 'de' }, { family: 'Jansen', given: 'Jan' }])
    const guessed = await add('untitled.pdf')
    expect(guessed.csl.title).toBe('Harbour Bells and Railway Time')
    expect(guessed.titleInferred).toBe(true)
  })

  it('looks up a DOI printed on the first page, whose registrar outranks the file', async () => {
    const item = await add('doi.pdf')
    expect(item.csl).toMatchObject({ DOI: '10.5555/tides.2021.7', title: 'Tidal clocks of the North Sea, 1600–1850', 'container-title': 'Journal of Maritime Time' })
    expect(item.titleInferred).toBeUndefined()
  })

  it('refuses the same PDF a second time, naming the item it repeats', async () => {
    const first = await add('info.pdf')
    const again = await api.importFiles({ files: [upload('copy.pdf', pdfs['info.pdf'])] })
    expect(again.added).toEqual([])
    expect(again.failed).toHaveLength(1)
    // The library holds the same printed paper several times by now (with and without labels or metadata): any of them is the one repeated.
    const repeated = await api.getItem({ id: again.failed[0].duplicateOf! })
    expect(repeated.contentDigest).toBe(first.contentDigest)
    expect(again.failed[0].message).toMatch(/^copy\.pdf /)
  })

  it('archives a scan without a text layer, and says plainly that it has no text to search or quote', async () => {
    const report = await api.importFiles({ files: [upload('scan.pdf', pdfs['scan.pdf'])] })
    expect(report.added[0].pdf).toMatchObject({ pageCount: 2, hasText: false })
    expect(report.notes).toEqual([
      { name: 'scan.pdf', message: 'scan.pdf has no text layer (it holds only images of its pages): it is archived and can be opened, but there is no text to search or quote. Recognising text in scans (OCR) is a later step.' },
    ])
  })

  it('refuses encrypted, truncated, page-less and oversized PDFs in a sentence each, and changes nothing', async () => {
    const before = await snapshotTree(library.libraryDir)
    const oversized = new Uint8Array(17 * 1024 * 1024)
    oversized.set(new TextEncoder().encode('%PDF-1.7\n'))
    // Over the bridge, a request that large is refused before it reaches the importer.
    const big = transport === directTransport ? [upload('big.pdf', oversized)] : []
    const report = await api.importFiles({
      files: [upload('encrypted.pdf', pdfs['encrypted.pdf']), upload('truncated.pdf', pdfs['truncated.pdf']), upload('empty.pdf', pdfs['empty.pdf']), ...big, upload('fake.pdf', new TextEncoder().encode('just words'))],
    })
    expect(report.added).toEqual([])
    expect(report.failed).toEqual([
      { name: 'encrypted.pdf', message: 'encrypted.pdf is encrypted with a password; remove the password (print it to a new PDF) and add it again.' },
      { name: 'truncated.pdf', message: expect.stringMatching(/^truncated\.pdf is damaged/) },
      { name: 'empty.pdf', message: 'empty.pdf is a PDF without pages; nothing was added.' },
      ...(big.length ? [{ name: 'big.pdf', message: 'big.pdf is too large to import (17.0 MB); the limit is 16 MB per file.' }] : []),
      { name: 'fake.pdf', message: 'fake.pdf is named as a PDF but is not one (it does not start with %PDF-); nothing was added.' },
    ])
    expect(await snapshotTree(library.libraryDir)).toEqual(before)
  })

  it('reads a hostile PDF (JavaScript, a launch action, a link) without running or fetching anything', async () => {
    beaconRequests.length = 0
    const item = await add('hostile.pdf')
    expect(item.pdf?.hasText).toBe(true)
    expect(beaconRequests).toEqual([])
  })

  it('saves a PDF that a page address serves', async () => {
    const item = await api.addWebPage({ url: `${beaconUrl}/served/paper.pdf`, allowDuplicate: true })
    expect(item.source).toMatchObject({ fileName: `${beaconUrl}/served/paper.pdf`, mediaType: 'application/pdf' })
    expect(item.csl.URL).toBe(`${beaconUrl}/served/paper.pdf`)
    expect(item.pdf?.labels.slice(0, 3)).toEqual(['i', 'ii', '12'])
  })
})
