import { connectorToken } from '../../renderer/src/connectorToken'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Envelope, Item } from '../../electron/core/archiveApi'
import { startHttpBridge, type HttpBridge } from '../../electron/node/httpBridge'
import { openArchive } from '../../electron/node/openArchive'
import { repoRoot, resourcesDir, snapshotTree, useTempDir } from '../support/tempLibrary'

let bridge: HttpBridge
const temp = useTempDir()
const page = (name: string) => readFile(join(repoRoot, 'tests/fixtures/pages', name), 'utf8')

beforeEach(async () => {
  bridge = await startHttpBridge({ api: openArchive({ libraryDir: temp.libraryDir, resourcesDir }) })
})

afterEach(async () => {
  await bridge.close()
})

const save = (init: RequestInit) => fetch(`${bridge.origin}/connector/save`, { method: 'POST', ...init })

describe('POST /connector/save', () => {
  it('saves the page a browser extension sends as JSON with the token', async () => {
    const response = await save({
      headers: { Authorization: `Bearer ${bridge.connectorToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: 'https://www.hetdagblad.example/buitenland/korea-verbindingsbureau?utm_source=x', html: await page('news-site.html') }),
    })
    expect(response.status).toBe(200)
    const envelope = (await response.json()) as Envelope<Item>
    expect(envelope.ok && envelope.value.csl.title).toBe("Korea's openen verbindingsbureau aan de grens")
  })

  it('saves what the bookmarklet posts as a form, answering with a page that runs nothing', async () => {
    const form = new URLSearchParams({ token: bridge.connectorToken, url: 'https://news.example/2024/ordinary.html', html: await page('hostile.html') })
    const response = await save({ body: form })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'")
    expect(await response.text()).toContain('<p>Saved “An ordinary looking article” to Scriptorium.</p>')
    const [item] = await openArchive({ libraryDir: temp.libraryDir, resourcesDir }).listItems({})
    const content = await readFile(join(temp.libraryDir, 'items', item.id, 'content.html'), 'utf8')
    expect(content).not.toMatch(/<script|onerror|evil\.example|javascript:/i)
    // The original is kept as it came.
    expect(await readFile(join(temp.libraryDir, 'items', item.id, 'source.html'), 'utf8')).toBe(await page('hostile.html'))

    // The same page again is named as a duplicate, in the tab.
    const again = await save({ body: form })
    expect(again.status).toBe(422)
    expect(await again.text()).toContain('is already in the library as ordinarylooking, “An ordinary looking article” (the same address).')
  })

  it('saves the PDF a tab showed, sent as base64, through the PDF import, and names it a duplicate the second time', async () => {
    // A real preprint (CC BY 4.0; see tests/fixtures/pdfs/SOURCES.md), as the extension sends a PDF tab.
    const bytes = await readFile(join(repoRoot, 'tests/fixtures/pdfs/souza-junior-2023-micromag-euler-preprint-draft.pdf'))
    const url = 'https://example.org/papers/preprint.pdf'
    const body = JSON.stringify({ url, pdfBase64: bytes.toString('base64') })
    const headers = { Authorization: `Bearer ${bridge.connectorToken}`, 'Content-Type': 'application/json' }
    const response = await save({ headers, body })
    expect(response.status).toBe(200)
    const envelope = (await response.json()) as Envelope<Item>
    if (!envelope.ok) throw new Error(envelope.error.message)
    expect(envelope.value.csl.title).toBe('Full vector inversion of magnetic microscopy images using Euler deconvolution as a priori information')
    expect(envelope.value.csl.URL).toBe(url)
    expect(envelope.value.pdf).toMatchObject({ pageCount: 5, hasText: true })
    expect(await readFile(join(temp.libraryDir, 'items', envelope.value.id, 'source.pdf'))).toEqual(bytes)

    const again = await save({ headers, body })
    expect(again.status).toBe(422)
    const refused = (await again.json()) as { ok: false; error: { code: string; duplicateOf: string } }
    expect(refused.error).toMatchObject({ code: 'duplicate', duplicateOf: envelope.value.id })

    // Bytes that are no PDF are refused in words, and nothing is added.
    const notPdf = await save({ headers, body: JSON.stringify({ url: 'https://example.org/other.pdf', pdfBase64: Buffer.from('<html>login</html>').toString('base64') }) })
    expect(notPdf.status).toBe(422)
    expect(((await notPdf.json()) as { error: { message: string } }).error.message).toBe('https://example.org/other.pdf is named as a PDF but is not one (it does not start with %PDF-); nothing was added.')
    expect(await openArchive({ libraryDir: temp.libraryDir, resourcesDir }).listItems({})).toHaveLength(1)
  })

  it('refuses a request without the token, or with a wrong one, and saves nothing', async () => {
    const html = await page('blog-post.html')
    const before = await snapshotTree(join(temp.libraryDir, '..'))
    const noToken = await save({ headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ url: 'https://example.org/a', html }) })
    expect(noToken.status).toBe(401)
    expect(await noToken.json()).toEqual({ ok: false, error: { code: 'unauthorized', message: 'This request lacks the access token of this Scriptorium session; copy the bookmarklet again from Settings.' } })
    const wrong = await save({ body: new URLSearchParams({ token: 'f'.repeat(64), url: 'https://example.org/a', html }) })
    expect(wrong.status).toBe(401)
    expect(await wrong.text()).toContain('This request lacks the access token of this Scriptorium session')
    // The session's API token does not open the connector, and the connector's token opens no API call.
    const apiToken = await save({ body: new URLSearchParams({ token: bridge.token, url: 'https://example.org/a', html }) })
    expect(apiToken.status).toBe(401)
    const call = await fetch(`${bridge.origin}/api/listItems`, { method: 'POST', headers: { Authorization: `Bearer ${bridge.connectorToken}`, 'Content-Type': 'application/json' }, body: '{}' })
    expect(call.status).toBe(401)
    // The renderer derives the same connector token from the session token.
    expect(await connectorToken(bridge.token)).toBe(bridge.connectorToken)
    const get = await fetch(`${bridge.origin}/connector/save`)
    expect(get.status).toBe(405)
    // A body that is JSON but not an object is refused in words, never with a TypeError.
    for (const body of ['null', '[]', '"page"']) {
      const odd = await save({ headers: { Authorization: `Bearer ${bridge.connectorToken}`, 'Content-Type': 'application/json' }, body })
      expect(odd.status).toBe(400)
      expect(await odd.json()).toEqual({ ok: false, error: { code: 'invalid_argument', message: "The request body must be a JSON object with the page's url and html." } })
    }
    expect(await snapshotTree(join(temp.libraryDir, '..'))).toEqual(before)
  })
})
