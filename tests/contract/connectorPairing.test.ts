import { readFile } from 'node:fs/promises'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Envelope, Item } from '../../electron/core/archiveApi'
import { pairingStore, type PairingStore } from '../../electron/node/connector/pairingStore'
import { startHttpBridge, type HttpBridge } from '../../electron/node/httpBridge'
import { openArchive } from '../../electron/node/openArchive'
import { repoRoot, resourcesDir, useTempDir } from '../support/tempLibrary'

const EXTENSION = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop'

let bridge: HttpBridge
let store: PairingStore
let stateDir: string
const temp = useTempDir()

beforeEach(async () => {
  stateDir = join(temp.dir, 'state')
  store = pairingStore(stateDir)
  bridge = await startHttpBridge({ api: openArchive({ libraryDir: temp.libraryDir, resourcesDir }), pairing: store })
})

afterEach(async () => {
  await bridge.close()
})

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${bridge.origin}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: EXTENSION, ...headers }, body: JSON.stringify(body) })

async function askToPair(): Promise<{ pairingId: string; code: string }> {
  const response = await post('/connector/pair', { client: 'Chromium extension' })
  expect(response.status).toBe(200)
  return ((await response.json()) as { value: { pairingId: string; code: string } }).value
}

async function status(pairingId: string): Promise<{ status: number; envelope: Envelope<{ status: string; token?: string }> }> {
  const response = await post('/connector/pair/status', { pairingId })
  return { status: response.status, envelope: (await response.json()) as Envelope<{ status: string; token?: string }> }
}

describe('pairing a browser extension', () => {
  it('hands the token over once the code is approved, and the token saves pages and does nothing else', async () => {
    const { pairingId, code } = await askToPair()
    expect(code).toMatch(/^[2-9A-Z]{3}-[2-9A-Z]{3}$/)
    expect((await status(pairingId)).envelope).toEqual({ ok: true, value: { status: 'pending' } })
    expect((await store.list()).pending).toMatchObject([{ code, client: 'Chromium extension', origin: EXTENSION }])

    await store.approve(code.toLowerCase())
    const approved = (await status(pairingId)).envelope
    expect(approved.ok && approved.value.status).toBe('approved')
    const token = approved.ok ? approved.value.token! : ''
    expect(token).toMatch(/^[0-9a-f]{64}$/)
    // Once: the request is gone, and the pairing file holds only the token's hash.
    expect((await status(pairingId)).status).toBe(404)
    const file = await readFile(join(stateDir, 'connectors.json'), 'utf8')
    expect(file).not.toContain(token)
    expect((await store.list()).pending).toEqual([])

    const page = await readFile(join(repoRoot, 'tests/fixtures/pages/news-site.html'), 'utf8')
    const saved = await post('/connector/save', { url: 'https://www.hetdagblad.example/buitenland/korea', html: page, selection: 'een nieuw tijdperk van vrede' }, { Authorization: `Bearer ${token}` })
    expect(saved.status).toBe(200)
    const answer = (await saved.json()) as Envelope<Item> & { highlight: { quote: string; paragraph: number } | null }
    expect(answer.ok && answer.value.csl.title).toBe("Korea's openen verbindingsbureau aan de grens")
    expect(answer.highlight?.quote).toBe('een nieuw tijdperk van vrede')

    for (const method of ['listItems', 'getLibraryInfo']) {
      const call = await fetch(`${bridge.origin}/api/${method}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{}' })
      expect(call.status).toBe(401)
    }

    // Revoked, the token opens nothing.
    const [paired] = (await store.list()).paired
    await store.revoke(paired.id)
    const again = await post('/connector/save', { url: 'https://example.org/other', html: page }, { Authorization: `Bearer ${token}` })
    expect(again.status).toBe(401)
  })

  it('saves the page even when the selection is not in the article, and says so', async () => {
    const { pairingId, code } = await askToPair()
    await store.approve(code)
    const token = ((await status(pairingId)).envelope as { value: { token: string } }).value.token
    const page = await readFile(join(repoRoot, 'tests/fixtures/pages/blog-post.html'), 'utf8')
    const saved = await post('/connector/save', { url: 'https://blog.example/wandelen', html: page, selection: 'words that the page never had in it' }, { Authorization: `Bearer ${token}` })
    const answer = (await saved.json()) as Envelope<Item> & { highlight: unknown; highlightProblem?: string }
    expect(saved.status).toBe(200)
    expect(answer.ok).toBe(true)
    expect(answer.highlight).toBeNull()
    expect(answer.highlightProblem).toEqual(expect.any(String))
  })

  it('is asked for by extensions only, and never by a web page', async () => {
    for (const origin of ['https://evil.example', 'http://127.0.0.1:8000', 'null']) {
      const response = await post('/connector/pair', {}, { Origin: origin })
      expect(response.status).toBe(403)
      expect(await response.json()).toEqual({ ok: false, error: { code: 'unauthorized', message: 'Only the Scriptorium browser extension can ask to pair.' } })
    }
    const noOrigin = await fetch(`${bridge.origin}/connector/pair`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
    expect(noOrigin.status).toBe(403)
    expect((await store.list()).pending).toEqual([])
  })

  it('keeps at most five requests waiting, and knows no request it did not make', async () => {
    for (let count = 0; count < 5; count++) await askToPair()
    const sixth = await post('/connector/pair', {})
    expect(sixth.status).toBe(429)
    expect(((await sixth.json()) as { error: { message: string } }).error.message).toBe(
      '5 pairing requests are already waiting; approve them with "scriptorium pair approve CODE", or wait ten minutes.',
    )
    expect((await status('f'.repeat(32))).status).toBe(404)
    await expect(store.approve('ZZZ-ZZZ')).rejects.toThrow('No pairing request with the code ZZZ-ZZZ is waiting.')
  })

  it('answers a ping, so the extension finds the port, and refuses another Host', async () => {
    expect(await (await fetch(`${bridge.origin}/connector/ping`)).json()).toEqual({ ok: true, value: { app: 'scriptorium', pairing: true, servesApp: false } })
    // As a DNS-rebinding page's request arrives: another name in the Host header (fetch cannot set it).
    const rebinding = await new Promise<number>((resolve, reject) => {
      const outgoing = request({ host: '127.0.0.1', port: bridge.port, method: 'POST', path: '/connector/pair', headers: { Host: `evil.example:${bridge.port}`, Origin: EXTENSION, 'Content-Type': 'application/json' } }, (response) => {
        response.resume()
        resolve(response.statusCode!)
      })
      outgoing.on('error', reject)
      outgoing.end('{}')
    })
    expect(rebinding).toBe(421)
    expect((await store.list()).pending).toEqual([])
  })
})
