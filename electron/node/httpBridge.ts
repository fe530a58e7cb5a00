import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ArchiveApi, Envelope } from '../core/archiveApi'
import { MAX_IMPORT_BYTES } from '../core/importLimit'
import { dispatch, failure } from '../core/dispatch'
import { bearerToken } from './bearerToken'
import { resolveStaticFile } from './resolveStaticFile'
import { handleConnectorSave } from './connectorSave'
import { readRequestBody, UNREAD_BODY_HEADERS } from './requestBody'
import { CONTENT_SECURITY_POLICY } from '../core/contentSecurityPolicy'
import { CONNECTOR_TOKEN_PURPOSE } from '../core/connectorTokenPurpose'
import { logEvent } from './log/logEvent'
import { pairingEndpoints } from './connector/connectorPairing'
import type { PairingStore } from './connector/pairingStore'
import { summarizeError } from './log/summarizeError'

export interface HttpBridgeOptions {
  api: ArchiveApi
  /** The built web renderer (out/web); without it only the API is served. */
  webRoot?: string
  port?: number
  /** Fixed only in tests; otherwise 32 random bytes per run. */
  token?: string
  /** The browser extensions paired with this machine: with it, the connector pairs and takes their tokens. */
  pairing?: PairingStore
}

export interface HttpBridge {
  /** The address to open: it carries the token in its fragment, which never reaches a server log. */
  url: string
  origin: string
  port: number
  token: string
  /** What a bookmarklet or extension sends to /connector/save; it opens nothing else. */
  connectorToken: string
  close(): Promise<void>
}

// Base64 grows a file by a third; leave room for the JSON around it.
const MAX_BODY_BYTES = Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 1024 * 1024

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
}

/**
 * The archive over HTTP on 127.0.0.1 only, for the browser UI, the tests and later a browser
 * connector. Every API call carries the run's token; the Host header must name this server, which
 * defeats DNS rebinding.
 */
export async function startHttpBridge({ api, webRoot, port = 0, token = randomBytes(32).toString('hex'), pairing }: HttpBridgeOptions): Promise<HttpBridge> {
  const expectedToken = Buffer.from(token)
  // The bookmarklet's token: it opens /connector/save and nothing else (renderer/src/connectorToken.ts).
  const connectorToken = createHmac('sha256', token).update(CONNECTOR_TOKEN_PURPOSE).digest('hex')
  const expectedConnectorToken = Buffer.from(connectorToken)
  let allowedHosts = new Set<string>()
  const handlePairing = pairing && pairingEndpoints(pairing, SECURITY_HEADERS)

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logEvent({ event: 'unexpected-error', where: 'bridge', error: summarizeError(error) })
      if (!response.headersSent) sendEnvelope(response, 500, failure('internal', `The bridge failed: ${(error as Error).message}`))
      else response.destroy()
    })
  })

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!allowedHosts.has(request.headers.host ?? '')) {
      logEvent({ event: 'bridge-refused', status: 421, route: routeOf(request.url), reason: 'host' })
      sendEnvelope(response, 421, failure('unauthorized', 'This server answers only to 127.0.0.1 and localhost.'))
      return
    }
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`)
    let pathname: string
    try {
      pathname = decodeURIComponent(url.pathname)
    } catch {
      sendEnvelope(response, 400, failure('invalid_argument', 'The address is not valid percent-encoding.'))
      return
    }
    if (pathname.startsWith('/api/')) {
      await handleApi(request, response, pathname.slice('/api/'.length))
      return
    }
    if (pathname === '/connector/ping') {
      // How the extension finds the port Scriptorium took, and whether an existing item opens here (serve) or by a deep link (the app).
      sendEnvelope(response, 200, { ok: true, value: { app: 'scriptorium', pairing: Boolean(pairing), servesApp: Boolean(webRoot) } })
      return
    }
    if (handlePairing && (pathname === '/connector/pair' || pathname === '/connector/pair/status')) {
      await handlePairing(request, response, pathname === '/connector/pair' ? 'pair' : 'pair/status')
      return
    }
    if (pathname === '/connector/save') {
      // The bookmarklet's session token, or a paired extension's own.
      const tokenMatches = async (offered: string) => {
        const given = Buffer.from(offered)
        if (given.length === expectedConnectorToken.length && timingSafeEqual(given, expectedConnectorToken)) return true
        return pairing ? pairing.isPaired(offered) : false
      }
      const started = performance.now()
      await handleConnectorSave(request, response, { api, tokenMatches, maxBodyBytes: MAX_BODY_BYTES, headers: SECURITY_HEADERS })
      logConnectorAnswer(response, performance.now() - started)
      return
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendEnvelope(response, 405, failure('invalid_argument', `${request.method} is not allowed here.`))
      return
    }
    await serveStatic(pathname, response)
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, method: string): Promise<void> {
    if (request.method !== 'POST') {
      sendEnvelope(response, 405, failure('invalid_argument', 'API calls are POST requests.'))
      return
    }
    const origin = request.headers.origin
    if (origin !== undefined && !allowedHosts.has(origin.replace(/^http:\/\//, ''))) {
      logEvent({ event: 'bridge-refused', status: 403, route: 'api', reason: 'origin' })
      sendEnvelope(response, 403, failure('unauthorized', 'Calls from other web sites are refused.'))
      return
    }
    if (!hasToken(request.headers.authorization)) {
      logEvent({ event: 'bridge-refused', status: 401, route: 'api', reason: 'token' })
      sendEnvelope(response, 401, failure('unauthorized', 'This call lacks the access token of this Scriptorium session; open the address that "scriptorium serve" printed.'))
      return
    }
    // A JSON content type forces a CORS preflight from any other origin, which is never answered.
    if (!request.headers['content-type']?.startsWith('application/json')) {
      sendEnvelope(response, 415, failure('invalid_argument', 'API calls must send JSON.'))
      return
    }
    const { body, tooLarge } = await readRequestBody(request, { limit: MAX_BODY_BYTES })
    if (tooLarge) {
      sendEnvelope(response, 413, failure('file_too_large', `The request is larger than ${Math.round(MAX_BODY_BYTES / 1024 / 1024)} MB.`))
      return
    }
    let arg: unknown
    try {
      arg = body.length ? JSON.parse(body.toString('utf8')) : {}
    } catch {
      sendEnvelope(response, 400, failure('invalid_argument', 'The request body is not valid JSON.'))
      return
    }
    sendEnvelope(response, 200, await dispatch(api, method, arg))
  }

  function hasToken(header: string | undefined): boolean {
    const offered = Buffer.from(bearerToken(header) ?? '')
    return offered.length === expectedToken.length && timingSafeEqual(offered, expectedToken)
  }

  async function serveStatic(pathname: string, response: ServerResponse): Promise<void> {
    if (!webRoot) {
      sendEnvelope(response, 404, failure('not_found', 'This bridge serves the API only.'))
      return
    }
    const file = resolveStaticFile(webRoot, pathname)
    if (!file) {
      sendEnvelope(response, 404, failure('not_found', 'Not found.'))
      return
    }
    let data: Buffer
    try {
      data = await readFile(file.path)
    } catch {
      sendEnvelope(response, 404, failure('not_found', 'Not found.'))
      return
    }
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': file.mimeType,
      // Vite names assets by their content hash, so they never change under the same name.
      'Cache-Control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    })
    response.end(data)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const actualPort = (server.address() as AddressInfo).port
  allowedHosts = new Set([`127.0.0.1:${actualPort}`, `localhost:${actualPort}`])
  const origin = `http://127.0.0.1:${actualPort}`
  logEvent({ event: 'bridge-started', port: actualPort, webRoot: Boolean(webRoot) })
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port: actualPort,
    token,
    connectorToken,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

function routeOf(url: string | undefined): 'api' | 'connector' | 'static' {
  return url?.startsWith('/api/') ? 'api' : url?.startsWith('/connector/') ? 'connector' : 'static'
}

/** A save's HTTP status, time and size; a refusal for want of the token is logged as such. */
function logConnectorAnswer(response: ServerResponse, ms: number): void {
  const { statusCode } = response
  if (statusCode === 401) return logEvent({ event: 'bridge-refused', status: 401, route: 'connector', reason: 'token' })
  const bytes = Number(response.req.headers['content-length']) || 0
  // The archive's own line (addWebPage) gives a refusal's code.
  logEvent({ event: 'connector-save', status: statusCode, ms: Math.round(ms), bytes })
}

function sendEnvelope(response: ServerResponse, status: number, envelope: Envelope<unknown>): void {
  // An answer before the whole body came (a refusal) closes the connection instead of reading that body.
  const unread = response.req.complete ? {} : UNREAD_BODY_HEADERS
  response.writeHead(status, { ...SECURITY_HEADERS, ...unread, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  response.end(JSON.stringify(envelope))
}
