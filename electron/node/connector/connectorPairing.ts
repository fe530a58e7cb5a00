import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Envelope } from '../../core/archiveApi'
import { failure } from '../../core/dispatch'
import { readRequestBody, UNREAD_BODY_HEADERS } from '../requestBody'
import { PAIRING_TTL_MS, PairingRefusal, type PairingStore } from './pairingStore'

/** Only a browser extension may ask to pair: a web page cannot forge its Origin, so no site can show the user a code of its own. */
const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension|safari-web-extension):\/\/[A-Za-z0-9.-]{1,64}$/
const SMALL_BODY = 1024

export function isExtensionOrigin(origin: string | undefined): origin is string {
  return EXTENSION_ORIGIN.test(origin ?? '')
}

/**
 * POST /connector/pair and /connector/pair/status. The extension asks to pair and gets a code to show
 * and a request id (a secret of its own); the user approves the code in the app or with `scriptorium
 * pair approve CODE`; the extension's next status call then receives its token, once. The token is
 * made here and kept in memory until then; the pairing file holds only its hash.
 */
export function pairingEndpoints(store: PairingStore, headers: Record<string, string>) {
  const waiting = new Map<string, { token: string; expires: number }>()

  const answer = (request: IncomingMessage, response: ServerResponse, status: number, envelope: Envelope<unknown>) => {
    response.writeHead(status, { ...headers, ...(request.complete ? {} : UNREAD_BODY_HEADERS), 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
    response.end(JSON.stringify(envelope))
  }

  async function readSmallJson(request: IncomingMessage): Promise<Record<string, unknown> | null> {
    const read = await readRequestBody(request, { limit: SMALL_BODY })
    if (read.tooLarge) return null
    try {
      const parsed: unknown = read.body.length ? JSON.parse(read.body.toString('utf8')) : {}
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null
    } catch {
      return null
    }
  }

  return async function handlePairing(request: IncomingMessage, response: ServerResponse, route: 'pair' | 'pair/status'): Promise<void> {
    if (request.method !== 'POST') return answer(request, response, 405, failure('invalid_argument', 'Pairing takes POST requests.'))
    const origin = request.headers.origin
    if (!isExtensionOrigin(origin)) return answer(request, response, 403, failure('unauthorized', 'Only the Scriptorium browser extension can ask to pair.'))
    if (!request.headers['content-type']?.startsWith('application/json')) return answer(request, response, 415, failure('invalid_argument', 'Pairing takes JSON.'))
    const fields = await readSmallJson(request)
    if (!fields) return answer(request, response, 400, failure('invalid_argument', 'The request body must be a small JSON object.'))
    const now = Date.now()
    for (const [id, entry] of waiting) if (entry.expires <= now) waiting.delete(id)

    if (route === 'pair') {
      const client = typeof fields.client === 'string' && fields.client.trim() ? fields.client.trim().slice(0, 80) : 'Browser extension'
      const token = randomBytes(32).toString('hex')
      try {
        const pending = await store.request({ client, origin, token })
        const pairingId = randomBytes(16).toString('hex')
        waiting.set(pairingId, { token, expires: now + PAIRING_TTL_MS })
        return answer(request, response, 200, { ok: true, value: { pairingId, code: pending.code, expiresAt: pending.expiresAt } })
      } catch (error) {
        if (error instanceof PairingRefusal) return answer(request, response, 429, failure('conflict', error.message))
        throw error
      }
    }

    const entry = typeof fields.pairingId === 'string' ? waiting.get(fields.pairingId) : undefined
    if (!entry) return answer(request, response, 404, failure('not_found', 'This pairing request has expired or was never made here; pair again.'))
    if (!(await store.isPaired(entry.token))) return answer(request, response, 200, { ok: true, value: { status: 'pending' } })
    waiting.delete(fields.pairingId as string)
    return answer(request, response, 200, { ok: true, value: { status: 'approved', token: entry.token } })
  }
}
