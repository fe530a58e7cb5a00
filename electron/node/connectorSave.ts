import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ArchiveApi, Envelope, Item } from '../core/archiveApi'
import { dispatch, failure } from '../core/dispatch'
import { escapeHtml } from '../core/escapeHtml'

export interface ConnectorContext {
  api: ArchiveApi
  /** Compares a presented token with this session's, in constant time. */
  tokenMatches: (token: string) => boolean
  readBody: (request: IncomingMessage) => Promise<Buffer | undefined>
  headers: Record<string, string>
}


/**
 * POST /connector/save: a page's address and HTML, as a browser extension (JSON, with the token as a
 * Bearer header) or the bookmarklet (a form posted to a new tab, with the token as a field) sends it,
 * like Zotero's connector on its local port. Other sites may call it, so the token is the only key.
 */
export async function handleConnectorSave(request: IncomingMessage, response: ServerResponse, context: ConnectorContext): Promise<void> {
  const type = request.headers['content-type'] ?? ''
  const isForm = type.startsWith('application/x-www-form-urlencoded')
  const answer = (status: number, envelope: Envelope<unknown>) => (isForm ? sendPage(response, status, envelope, context.headers) : sendJson(response, status, envelope, context.headers))

  if (request.method !== 'POST') return answer(405, failure('invalid_argument', 'The connector takes POST requests.'))
  if (!isForm && !type.startsWith('application/json')) return answer(415, failure('invalid_argument', 'The connector takes JSON or a form.'))
  const body = await context.readBody(request)
  if (body === undefined) return answer(413, failure('file_too_large', 'The page is too large to save.'))

  let fields: { token?: unknown; url?: unknown; html?: unknown; allowDuplicate?: unknown } | null
  try {
    fields = isForm ? Object.fromEntries(new URLSearchParams(body.toString('utf8'))) : JSON.parse(body.toString('utf8'))
  } catch {
    return answer(400, failure('invalid_argument', 'The request body is not valid JSON.'))
  }
  if (!fields || typeof fields !== 'object' || Array.isArray(fields)) {
    return answer(400, failure('invalid_argument', 'The request body must be a JSON object with the page\'s url and html.'))
  }
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
  const token = isForm ? fields.token : bearer
  if (typeof token !== 'string' || !context.tokenMatches(token)) {
    return answer(401, failure('unauthorized', 'This request lacks the access token of this Scriptorium session; copy the bookmarklet again from Settings.'))
  }
  const arg = { url: fields.url, html: fields.html, ...(fields.allowDuplicate === true || fields.allowDuplicate === 'true' ? { allowDuplicate: true } : {}) }
  if (typeof arg.html !== 'string') return answer(400, failure('invalid_argument', 'The connector needs the page\'s html as well as its url.'))
  const envelope = await dispatch(context.api, 'addWebPage', arg)
  answer(envelope.ok ? 200 : 422, envelope)
}

function sendJson(response: ServerResponse, status: number, envelope: Envelope<unknown>, headers: Record<string, string>): void {
  response.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  response.end(JSON.stringify(envelope))
}

/** What the bookmarklet's tab shows: one sentence, and no script. */
function sendPage(response: ServerResponse, status: number, envelope: Envelope<unknown>, headers: Record<string, string>): void {
  const text = envelope.ok ? `Saved “${(envelope.value as Item).csl.title ?? 'the page'}” to Scriptorium.` : envelope.error.message
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Scriptorium</title></head><body style="font:16px system-ui;margin:3em auto;max-width:36em"><p>${escapeHtml(text)}</p><p>You can close this tab.</p></body></html>`
  response.writeHead(status, { ...headers, 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'", 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
  response.end(page)
}
