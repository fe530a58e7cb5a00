import { request, type IncomingHttpHeaders } from 'node:http'
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
const NO_TOKEN = 'This request lacks the access token of this Scriptorium session; copy the bookmarklet again from Settings.'

beforeEach(async () => {
  bridge = await startHttpBridge({ api: openArchive({ libraryDir: temp.libraryDir, resourcesDir }) })
})

afterEach(async () => {
  await bridge.close()
})

interface EarlyAnswer {
  status: number
  headers: IncomingHttpHeaders
  body: string
  /** The server closed the connection rather than read the rest of the body. */
  closedByServer: boolean
}

/**
 * Announces a body of `declared` bytes, sends only `start` of it and never the rest: an answer can
 * only come if the bridge judged the request without waiting for its body.
 */
function sendPartly(path: string, headers: Record<string, string>, start: string, declared: number): Promise<EarlyAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port: bridge.port, method: 'POST', path, headers: { ...headers, 'Content-Length': String(declared) } }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        const answer = { status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }
        // The server ends the connection; the request, still unfinished, sees its socket close.
        outgoing.socket!.once('close', () => resolve({ ...answer, closedByServer: true }))
        if (outgoing.socket!.destroyed) resolve({ ...answer, closedByServer: true })
      })
    })
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      // Writing on after the server closed is the client's problem, not the answer's.
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error)
    })
    outgoing.write(start)
  })
}

const TEN_MB = 10 * 1024 * 1024

describe('the connector checks the token before it reads a body', () => {
  it('refuses JSON without a Bearer token before its body has come', async () => {
    const before = await snapshotTree(join(temp.libraryDir, '..'))
    const answer = await sendPartly('/connector/save', { 'Content-Type': 'application/json' }, '{"url":"https://example.org/a","html":"<p>', TEN_MB)
    expect(answer.status).toBe(401)
    expect(JSON.parse(answer.body)).toEqual({ ok: false, error: { code: 'unauthorized', message: NO_TOKEN } })
    expect(answer.headers.connection).toBe('close')
    expect(answer.closedByServer).toBe(true)
    const wrong = await sendPartly('/connector/save', { 'Content-Type': 'application/json', Authorization: `Bearer ${'f'.repeat(64)}` }, '{"url":', TEN_MB)
    expect(wrong.status).toBe(401)
    expect(await snapshotTree(join(temp.libraryDir, '..'))).toEqual(before)
  })

  it('refuses a form whose first field is a wrong token, having read only that field', async () => {
    const answer = await sendPartly('/connector/save', { 'Content-Type': 'application/x-www-form-urlencoded' }, `token=${'f'.repeat(64)}&html=%3Cp%3E`, TEN_MB)
    expect(answer.status).toBe(401)
    expect(answer.body).toContain(NO_TOKEN)
    expect(answer.closedByServer).toBe(true)
  })

  it('refuses a form that does not begin with the token after its first kilobyte', async () => {
    const start = `html=${'a'.repeat(64 * 1024)}`
    const answer = await sendPartly('/connector/save', { 'Content-Type': 'application/x-www-form-urlencoded' }, start, TEN_MB)
    expect(answer.status).toBe(401)
    expect(answer.closedByServer).toBe(true)
    // The token is there, but too late: the bridge does not read that far without it.
    const late = new URLSearchParams({ url: 'https://example.org/a', html: 'x'.repeat(2048), token: bridge.connectorToken })
    const response = await fetch(`${bridge.origin}/connector/save`, { method: 'POST', body: late })
    expect(response.status).toBe(401)
  })

  it('refuses a body larger than it takes with 413, even with the token, without reading it', async () => {
    const declared = 64 * 1024 * 1024
    const json = await sendPartly('/connector/save', { 'Content-Type': 'application/json', Authorization: `Bearer ${bridge.connectorToken}` }, '{"url":', declared)
    expect(json.status).toBe(413)
    expect(JSON.parse(json.body)).toEqual({ ok: false, error: { code: 'file_too_large', message: 'The page is too large to save.' } })
    const form = await sendPartly('/connector/save', { 'Content-Type': 'application/x-www-form-urlencoded' }, `token=${bridge.connectorToken}&url=`, declared)
    expect(form.status).toBe(413)
    expect(form.closedByServer).toBe(true)
  })

  it('still saves what the bookmarklet posts, the token first, read on after the token in many chunks', async () => {
    // Half a megabyte comes in many chunks, most of them after the one that held the token.
    const html = (await page('news-site.html')).replace('</body>', `<!-- ${'padding '.repeat(64 * 1024)} --></body>`)
    const form = new URLSearchParams({ token: bridge.connectorToken, url: 'https://www.hetdagblad.example/korea', html })
    const response = await fetch(`${bridge.origin}/connector/save`, { method: 'POST', body: form })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('Saved “Korea&#39;s openen verbindingsbureau aan de grens” to Scriptorium.')
  })
})

describe('the API checks the token before it reads a body', () => {
  it('refuses a call without the token before its body has come', async () => {
    const answer = await sendPartly('/api/listItems', { 'Content-Type': 'application/json' }, '{"trash":', TEN_MB)
    expect(answer.status).toBe(401)
    expect(answer.closedByServer).toBe(true)
  })
})

describe('the Bearer scheme', () => {
  it('is case-insensitive (RFC 7235), for the API and the connector', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const call = await fetch(`${bridge.origin}/api/listItems`, { method: 'POST', headers: { Authorization: `${scheme} ${bridge.token}`, 'Content-Type': 'application/json' }, body: '{}' })
      expect(call.status, scheme).toBe(200)
      const saved = await fetch(`${bridge.origin}/connector/save`, {
        method: 'POST',
        headers: { Authorization: `${scheme} ${bridge.connectorToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ url: `https://example.org/${scheme}`, html: await page('news-site.html'), allowDuplicate: true }),
      })
      expect(saved.status, scheme).toBe(200)
      expect(((await saved.json()) as Envelope<Item>).ok).toBe(true)
    }
  })

  it('is still a scheme: another one, or the token run into it, is refused', async () => {
    for (const header of [`Basic ${bridge.token}`, `Bearer${bridge.token}`, `Token ${bridge.token}`, bridge.token]) {
      const call = await fetch(`${bridge.origin}/api/listItems`, { method: 'POST', headers: { Authorization: header, 'Content-Type': 'application/json' }, body: '{}' })
      expect(call.status, header).toBe(401)
    }
  })
})
