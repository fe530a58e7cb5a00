import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ArchiveApi, Envelope, Item } from '../core/archiveApi'
import { dispatch, failure } from '../core/dispatch'
import { escapeHtml } from '../core/escapeHtml'
import { bearerToken } from './bearerToken'
import { readRequestBody, UNREAD_BODY_HEADERS, type BodyRead } from './requestBody'

export interface ConnectorContext {
  api: ArchiveApi
  /** Whether a presented token opens the connector: this session's (compared in constant time) or a paired extension's. */
  tokenMatches: (token: string) => boolean | Promise<boolean>
  /** The largest body a request with the token may send. */
  maxBodyBytes: number
  headers: Record<string, string>
}

/**
 * How much of a form is read before its token is checked: the bookmarklet sends the token as the
 * first field ("token=" and 64 hex digits). Nothing more of a request without the token is read.
 */
const UNAUTHENTICATED_BYTES = 1024

/** A selection longer than this is cut: addHighlight takes quotes of at most 20,000 characters. */
const MAX_SELECTION = 20_000

const NO_TOKEN = 'This request lacks the access token of this Scriptorium session; copy the bookmarklet again from Settings.'

/**
 * POST /connector/save: a page's address and HTML, as a browser extension (JSON, with the token as a
 * Bearer header) or the bookmarklet (a form posted to a new tab, with the token as its first field)
 * sends it, like Zotero's connector on its local port. Other sites may call it, so the token is the
 * only key, and it is checked before the body is read: a caller without it cannot make the bridge
 * take in megabytes.
 */
export async function handleConnectorSave(request: IncomingMessage, response: ServerResponse, context: ConnectorContext): Promise<void> {
  const type = request.headers['content-type'] ?? ''
  const isForm = type.startsWith('application/x-www-form-urlencoded')
  const answer = (status: number, envelope: Envelope<unknown>) => {
    // An answer before the whole body came (a refusal) closes the connection instead of reading that body.
    const headers = request.complete ? context.headers : { ...context.headers, ...UNREAD_BODY_HEADERS }
    return isForm ? sendPage(response, status, envelope, headers) : sendJson(response, status, envelope, headers)
  }

  if (request.method !== 'POST') return answer(405, failure('invalid_argument', 'The connector takes POST requests.'))
  if (!isForm && !type.startsWith('application/json')) return answer(415, failure('invalid_argument', 'The connector takes JSON or a form.'))

  let read: BodyRead
  if (isForm) {
    const head = await readRequestBody(request, { limit: UNAUTHENTICATED_BYTES, enough: (soFar) => soFar.includes('&') })
    const firstField = head.body.subarray(0, head.body.includes('&') ? head.body.indexOf('&') : head.body.length).toString('utf8')
    const token = new URLSearchParams(firstField).get('token')
    if (head.tooLarge || token === null || !(await context.tokenMatches(token))) return answer(401, failure('unauthorized', NO_TOKEN))
    read = head.ended ? head : await readRequestBody(request, { limit: context.maxBodyBytes, from: head.body })
  } else {
    const token = bearerToken(request.headers.authorization)
    if (token === undefined || !(await context.tokenMatches(token))) return answer(401, failure('unauthorized', NO_TOKEN))
    read = await readRequestBody(request, { limit: context.maxBodyBytes })
  }
  if (read.tooLarge) return answer(413, failure('file_too_large', 'The page is too large to save.'))

  let fields: { url?: unknown; html?: unknown; pdfBase64?: unknown; allowDuplicate?: unknown; selection?: unknown } | null
  try {
    fields = isForm ? Object.fromEntries(new URLSearchParams(read.body.toString('utf8'))) : JSON.parse(read.body.toString('utf8'))
  } catch {
    return answer(400, failure('invalid_argument', 'The request body is not valid JSON.'))
  }
  if (!fields || typeof fields !== 'object' || Array.isArray(fields)) {
    return answer(400, failure('invalid_argument', 'The request body must be a JSON object with the page\'s url and html.'))
  }
  const allowDuplicate = fields.allowDuplicate === true || fields.allowDuplicate === 'true' ? { allowDuplicate: true } : {}
  // A tab that showed a PDF: the extension fetched its bytes, which go the way of any PDF (addPdf).
  if (!isForm && typeof fields.pdfBase64 === 'string') {
    const envelope = await dispatch(context.api, 'addWebPage', { url: fields.url, pdfBase64: fields.pdfBase64, ...allowDuplicate })
    return answer(envelope.ok ? 200 : 422, envelope)
  }
  const arg = { url: fields.url, html: fields.html, ...allowDuplicate }
  if (typeof arg.html !== 'string') return answer(400, failure('invalid_argument', 'The connector needs the page\'s html (or the PDF it shows) as well as its url.'))
  const envelope = await dispatch(context.api, 'addWebPage', arg)
  if (!envelope.ok || isForm || typeof fields.selection !== 'string' || !fields.selection.trim()) return answer(envelope.ok ? 200 : 422, envelope)
  // The passage the user had selected becomes a highlight at once; the page is saved either way.
  const item = envelope.value as Item
  const highlight = await dispatch(context.api, 'addHighlight', { id: item.id, quote: fields.selection.trim().slice(0, MAX_SELECTION) })
  sendJson(response, 200, { ...envelope, highlight: highlight.ok ? highlight.value : null, ...(highlight.ok ? {} : { highlightProblem: highlight.error.message }) }, context.headers)
}

function sendJson(response: ServerResponse, status: number, envelope: Envelope<unknown> | Record<string, unknown>, headers: Record<string, string>): void {
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
