import { request, type IncomingHttpHeaders } from 'node:http'
import { mkdir, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { networkInterfaces } from 'node:os'
import { join } from 'node:path'
import { existsSync } from 'node:fs'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { MAX_IMPORT_BYTES } from '../../electron/core/importLimit'
import { startHttpBridge, type HttpBridge } from '../../electron/node/httpBridge'
import { openArchive } from '../../electron/node/openArchive'
import { resourcesDir, useTempDir, webRoot } from '../support/tempLibrary'

interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** A request exactly as written: node:http neither normalizes the path nor fixes the Host header. */
function send(
  port: number,
  { method = 'GET', path = '/', headers = {}, body }: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, method, path, headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }))
      response.on('error', reject)
    })
    outgoing.on('error', reject)
    outgoing.end(body)
  })
}

const TOKEN_MESSAGE = 'This call lacks the access token of this Scriptorium session; open the address that "scriptorium serve" printed.'
const unauthorized = (message: string) => ({ ok: false, error: { code: 'unauthorized', message } })

const temp = useTempDir()
let bridge: HttpBridge

beforeAll(() => {
  if (!existsSync(join(webRoot, 'index.html'))) throw new Error('Run "npm run build" first: the bridge serves the built app from out/web.')
})

beforeEach(async () => {
  bridge = await startHttpBridge({ api: openArchive({ libraryDir: temp.libraryDir, resourcesDir }), webRoot, port: 0 })
})

afterEach(async () => {
  await bridge.close()
})

function apiCall(method: string, { headers = {}, body = '{}' }: { headers?: Record<string, string>; body?: string } = {}) {
  return send(bridge.port, {
    method: 'POST',
    path: `/api/${method}`,
    headers: { Authorization: `Bearer ${bridge.token}`, 'Content-Type': 'application/json', ...headers },
    body,
  })
}

async function itemCount(): Promise<number> {
  const response = await apiCall('listItems')
  expect(response.status).toBe(200)
  return (JSON.parse(response.body) as { value: unknown[] }).value.length
}

describe('where the bridge listens', () => {
  it('listens on 127.0.0.1 and hands out its token in the fragment of its address', () => {
    expect(bridge.origin).toBe(`http://127.0.0.1:${bridge.port}`)
    expect(bridge.port).toBeGreaterThan(0)
    expect(bridge.token).toMatch(/^[0-9a-f]{64}$/)
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/#token=${bridge.token}`)
  })

  it('cannot be reached on any other address of this machine', async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((address) => address && !address.internal)
      .map((address) => address!.address)
    for (const host of [...others, '::1']) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = connect({ host, port: bridge.port })
        socket.once('connect', () => {
          socket.destroy()
          resolve('connected')
        })
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
      })
      expect({ host, outcome }).not.toEqual({ host, outcome: 'connected' })
    }
  })

  it('uses a new token for every bridge unless one is given', async () => {
    const other = await startHttpBridge({ api: openArchive({ libraryDir: temp.libraryDir, resourcesDir }), port: 0 })
    try {
      expect(other.token).not.toBe(bridge.token)
      expect(other.port).not.toBe(bridge.port)
    } finally {
      await other.close()
    }
  })
})

describe('the access token', () => {
  it('refuses a call without the token with 401, and does not run it', async () => {
    const response = await send(bridge.port, {
      method: 'POST',
      path: '/api/addSampleArticle',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    })
    expect(response.status).toBe(401)
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(JSON.parse(response.body)).toEqual(unauthorized(TOKEN_MESSAGE))
    expect(await itemCount()).toBe(0)
  })

  it.each([
    ['a wrong token of the same length', (token: string) => `Bearer ${'0'.repeat(token.length)}`],
    ['the token with one more character', (token: string) => `Bearer ${token}0`],
    ['a prefix of the token', (token: string) => `Bearer ${token.slice(0, 10)}`],
    ['the token without "Bearer"', (token: string) => token],
    ['the token as Basic credentials', (token: string) => `Basic ${token}`],
    ['an empty bearer', () => 'Bearer '],
  ])('refuses %s with 401', async (_, authorization) => {
    const response = await apiCall('addSampleArticle', { headers: { Authorization: authorization(bridge.token) } })
    expect(response.status).toBe(401)
    expect(JSON.parse(response.body)).toEqual(unauthorized(TOKEN_MESSAGE))
    expect(await itemCount()).toBe(0)
  })

  it('does not take the token from the query string', async () => {
    const response = await send(bridge.port, {
      method: 'POST',
      path: `/api/listItems?token=${bridge.token}`,
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    })
    expect(response.status).toBe(401)
  })

  it('accepts a call with the token', async () => {
    const response = await apiCall('addSampleArticle')
    expect(response.status).toBe(200)
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, value: { citekey: 'noord2018zuidkorea' } })
    expect(await itemCount()).toBe(1)
  })
})

describe('requests from elsewhere', () => {
  it.each(['evil.example:PORT', 'evil.example', '127.0.0.1', '127.0.0.1:1', 'localhost.evil.example:PORT', '0.0.0.0:PORT'])(
    'refuses the Host header %s with 421, for the API and for pages',
    async (host) => {
      const headers = { Host: host.replace('PORT', String(bridge.port)) }
      const api = await apiCall('addSampleArticle', { headers })
      expect(api.status).toBe(421)
      expect(JSON.parse(api.body)).toEqual(unauthorized('This server answers only to 127.0.0.1 and localhost.'))
      const page = await send(bridge.port, { path: '/', headers })
      expect(page.status).toBe(421)
      expect(page.body).not.toContain('<html')
      expect(await itemCount()).toBe(0)
    },
  )

  it('answers to localhost:PORT as well as 127.0.0.1:PORT', async () => {
    expect((await apiCall('listItems', { headers: { Host: `localhost:${bridge.port}` } })).status).toBe(200)
    expect((await send(bridge.port, { path: '/', headers: { Host: `localhost:${bridge.port}` } })).status).toBe(200)
  })

  it.each(['http://evil.example', 'null', 'https://127.0.0.1:PORT', 'http://127.0.0.1:1', 'http://127.0.0.1:PORT.evil.example'])(
    'refuses a call from the Origin %s with 403, even with the token',
    async (origin) => {
      const response = await apiCall('addSampleArticle', { headers: { Origin: origin.replace('PORT', String(bridge.port)) } })
      expect(response.status).toBe(403)
      expect(JSON.parse(response.body)).toEqual(unauthorized('Calls from other web sites are refused.'))
      expect(response.headers['access-control-allow-origin']).toBeUndefined()
      expect(await itemCount()).toBe(0)
    },
  )

  it('accepts a call from its own origin', async () => {
    const response = await apiCall('listItems', { headers: { Origin: bridge.origin } })
    expect(response.status).toBe(200)
    expect(JSON.parse(response.body)).toEqual({ ok: true, value: [] })
  })

  it('does not answer a CORS preflight', async () => {
    const response = await send(bridge.port, {
      method: 'OPTIONS',
      path: '/api/addSampleArticle',
      headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    })
    expect(response.status).toBe(405)
    expect(response.headers['access-control-allow-origin']).toBeUndefined()
    expect(response.headers['access-control-allow-headers']).toBeUndefined()
  })
})

describe('the shape of API requests', () => {
  it.each([undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'refuses the content type %s with 415, and does not run the call',
    async (contentType) => {
      const headers: Record<string, string> = { Authorization: `Bearer ${bridge.token}` }
      if (contentType) headers['Content-Type'] = contentType
      const response = await send(bridge.port, { method: 'POST', path: '/api/addSampleArticle', headers, body: '{}' })
      expect(response.status).toBe(415)
      expect(JSON.parse(response.body)).toEqual({ ok: false, error: { code: 'invalid_argument', message: 'API calls must send JSON.' } })
      expect(await itemCount()).toBe(0)
    },
  )

  it('accepts application/json with a charset', async () => {
    expect((await apiCall('listItems', { headers: { 'Content-Type': 'application/json; charset=utf-8' } })).status).toBe(200)
  })

  it.each(['GET', 'PUT', 'DELETE'])('refuses %s /api/x with 405', async (method) => {
    const response = await send(bridge.port, { method, path: '/api/x', headers: { Authorization: `Bearer ${bridge.token}` } })
    expect(response.status).toBe(405)
    expect(JSON.parse(response.body)).toEqual({ ok: false, error: { code: 'invalid_argument', message: 'API calls are POST requests.' } })
  })

  it('refuses a POST outside the API with 405', async () => {
    const response = await send(bridge.port, { method: 'POST', path: '/index.html', headers: { 'Content-Type': 'application/json' }, body: '{}' })
    expect(response.status).toBe(405)
    expect(JSON.parse(response.body)).toEqual({ ok: false, error: { code: 'invalid_argument', message: 'POST is not allowed here.' } })
  })

  it('refuses a body that is not JSON with 400', async () => {
    const response = await apiCall('listItems', { body: '{trash: true' })
    expect(response.status).toBe(400)
    expect(JSON.parse(response.body)).toEqual({ ok: false, error: { code: 'invalid_argument', message: 'The request body is not valid JSON.' } })
  })

  it('treats an empty body as an empty argument', async () => {
    const response = await apiCall('getLibraryInfo', { body: '' })
    expect(response.status).toBe(200)
    expect(JSON.parse(response.body)).toEqual({ ok: true, value: { location: temp.libraryDir, revision: 'absent', schemaVersion: 2, itemCount: 0, trashCount: 0, setAside: [] } })
  })

  it('refuses a body larger than the largest import with 413', async () => {
    const limit = Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 1024 * 1024
    const body = JSON.stringify({ files: [{ name: 'huge.txt', dataBase64: 'a'.repeat(limit) }] })
    const response = await apiCall('importFiles', { body })
    expect(response.status).toBe(413)
    expect(JSON.parse(response.body)).toEqual({ ok: false, error: { code: 'file_too_large', message: 'The request is larger than 22 MB.' } })
    expect(await itemCount()).toBe(0)
  })
})

describe('the web pages', () => {
  it('serves the app with a Content-Security-Policy that allows only its own scripts', async () => {
    const response = await send(bridge.port, { path: '/' })
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
    const policy = response.headers['content-security-policy']
    expect(policy).toContain("script-src 'self'")
    expect(policy).toContain("default-src 'none'")
    expect(policy).toContain("frame-ancestors 'none'")
    expect(policy).not.toContain('unsafe-inline')
    expect(policy).not.toContain('unsafe-eval')
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['x-frame-options']).toBe('DENY')
    expect(response.body).toContain('<div id="app"></div>')

    const script = /<script[^>]*src="\.?\/?(assets\/[^"]+\.js)"/.exec(response.body)?.[1]
    expect(script).toBeDefined()
    const asset = await send(bridge.port, { path: `/${script}` })
    expect(asset.status).toBe(200)
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(asset.headers['content-security-policy']).toContain("script-src 'self'")
  })

  it('answers 404 for a file that is not there', async () => {
    const response = await send(bridge.port, { path: '/nothing-here.js' })
    expect(response.status).toBe(404)
    expect(JSON.parse(response.body)).toEqual({ ok: false, error: { code: 'not_found', message: 'Not found.' } })
  })

  it('serves only the API when it has no web root', async () => {
    const apiOnly = await startHttpBridge({ api: openArchive({ libraryDir: temp.libraryDir, resourcesDir }), port: 0 })
    try {
      const response = await send(apiOnly.port, { path: '/' })
      expect(response.status).toBe(404)
      expect(JSON.parse(response.body)).toEqual({ ok: false, error: { code: 'not_found', message: 'This bridge serves the API only.' } })
    } finally {
      await apiOnly.close()
    }
  })

  const TRAVERSALS = [
    '/../FILE',
    '/%2e%2e/FILE',
    '/%2E%2E/FILE',
    '/..%2fFILE',
    '/..%2FFILE',
    '/%2e%2e%2fFILE',
    '/assets/..%2f..%2fFILE',
    '/assets/%2e%2e%2f%2e%2e%2fFILE',
    '/..%5cFILE',
    '/..\\FILE',
    '//../FILE',
    '/.%2e/FILE',
  ]

  it.each(TRAVERSALS)('does not leak the project files through %s', async (pattern) => {
    for (const file of ['package.json', '../package.json', '..%2fpackage.json', '..%2f..%2fpackage.json']) {
      const response = await send(bridge.port, { path: pattern.replace('FILE', file) })
      expect(response.status).toBe(404)
      expect(response.body).not.toContain('"devDependencies"')
    }
  })

  it.each(TRAVERSALS)('does not leak a file beside its web root through %s', async (pattern) => {
    const root = join(temp.dir, 'web')
    await mkdir(root)
    await writeFile(join(root, 'index.html'), '<!doctype html><title>ok</title>')
    await writeFile(join(temp.dir, 'secret.txt'), 'SECRET-BESIDE-ROOT')
    await mkdir(join(temp.dir, 'web-secret'))
    await writeFile(join(temp.dir, 'web-secret', 'secret.txt'), 'SECRET-IN-SIBLING')
    const served = await startHttpBridge({ api: openArchive({ libraryDir: temp.libraryDir, resourcesDir }), webRoot: root, port: 0 })
    try {
      expect((await send(served.port, { path: '/' })).body).toBe('<!doctype html><title>ok</title>')
      for (const file of ['secret.txt', 'web-secret/secret.txt', '..%2fweb-secret%2fsecret.txt']) {
        const response = await send(served.port, { path: pattern.replace('FILE', file) })
        expect(response.status).toBe(404)
        expect(response.body).not.toContain('SECRET')
      }
    } finally {
      await served.close()
    }
  })

  it('keeps serving after a path with broken percent-encoding', async () => {
    const response = await send(bridge.port, { path: '/%E0%A4%A' })
    expect(response.body).not.toContain('"devDependencies"')
    expect((await send(bridge.port, { path: '/' })).status).toBe(200)
  })
})
