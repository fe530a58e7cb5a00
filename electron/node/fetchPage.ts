import { ArchiveError } from '../core/archiveError'
import type { FetchedPage } from '../core/capture/webPage'

export interface FetchPageOptions {
  timeoutMs?: number
  maxBytes?: number
  maxRedirects?: number
  /** What to ask for and accept; a web page by default. */
  accept?: string
  acceptedTypes?: RegExp
  /** How a refused answer names what was expected, e.g. "a web page". */
  expected?: string
}

/** A DOI's metadata as CSL-JSON, by content negotiation at the resolver; the registrars answer in JSON. */
export const DOI_METADATA: FetchPageOptions = {
  accept: 'application/vnd.citationstyles.csl+json',
  acceptedTypes: /json/i,
  expected: 'CSL-JSON metadata',
  maxBytes: 2 * 1024 * 1024,
}

export const MAX_PAGE_BYTES = 20 * 1024 * 1024
// A page address may serve a PDF, which is archived as one.
const HTML_TYPES = /^(text\/html|application\/xhtml\+xml|application\/pdf)\b/i

/**
 * Fetches a web page for the archive: http(s) only, every redirect checked and counted, a time limit
 * on the whole exchange and a cap on the bytes read. Each refusal is one sentence naming the address.
 */
export async function fetchPage(
  address: string,
  {
    timeoutMs = 20_000,
    maxBytes = MAX_PAGE_BYTES,
    maxRedirects = 5,
    accept = 'text/html,application/xhtml+xml;q=0.9,application/pdf;q=0.8,*/*;q=0.1',
    acceptedTypes = HTML_TYPES,
    expected = 'a web page or a PDF',
  }: FetchPageOptions = {},
): Promise<FetchedPage> {
  let url = webAddress(address)
  const signal = AbortSignal.timeout(timeoutMs)
  for (let redirects = 0; ; redirects++) {
    let response: Response
    try {
      response = await fetch(url, {
        redirect: 'manual',
        signal,
        headers: { Accept: accept, 'User-Agent': 'Mozilla/5.0 (compatible; Scriptorium)' },
      })
    } catch (error) {
      throw unreachable(url, error, timeoutMs)
    }
    if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
      await response.body?.cancel()
      if (redirects >= maxRedirects) throw new ArchiveError('fetch_failed', `${address} redirects more than ${maxRedirects} times; nothing was added.`)
      url = webAddress(new URL(response.headers.get('location')!, url).href, address)
      continue
    }
    if (!response.ok) {
      await response.body?.cancel()
      // The status travels with the sentence, so a caller can word a 404 for what it asked (a DOI, say).
      throw Object.assign(new ArchiveError('fetch_failed', `${url} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}; nothing was added.`), { status: response.status })
    }
    const contentType = response.headers.get('content-type') ?? ''
    if (!acceptedTypes.test(contentType.trim())) {
      await response.body?.cancel()
      throw new ArchiveError('unsupported_file', `${url} is not ${expected} but ${contentType.split(';')[0].trim() || 'a file of unknown type'}; nothing was added.`)
    }
    const declaredLength = Number(response.headers.get('content-length'))
    if (declaredLength > maxBytes) {
      await response.body?.cancel()
      throw tooLarge(url, maxBytes)
    }
    const bytes = await readCapped(response, url, maxBytes, timeoutMs)
    const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1]
    const mediaType = contentType.split(';')[0].trim().toLowerCase()
    return { url, bytes, ...(charset ? { charset } : {}), ...(mediaType ? { mediaType } : {}) }
  }
}

function webAddress(text: string, original = text): string {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    throw new ArchiveError('invalid_argument', `"${original}" is not a web address.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ArchiveError('invalid_argument', `Only http and https pages can be added, not ${url.protocol.replace(/:$/, '')}: ${original}`)
  }
  return url.href
}

async function readCapped(response: Response, url: string, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.length
      if (total > maxBytes) {
        await response.body?.cancel().catch(() => {})
        throw tooLarge(url, maxBytes)
      }
      chunks.push(chunk)
    }
  } catch (error) {
    if (error instanceof ArchiveError) throw error
    throw unreachable(url, error, timeoutMs)
  }
  return Buffer.concat(chunks)
}

function tooLarge(url: string, maxBytes: number): ArchiveError {
  return new ArchiveError('file_too_large', `${url} is larger than ${maxBytes / 1024 / 1024} MB, the limit for a page; nothing was added.`)
}

function unreachable(url: string, error: unknown, timeoutMs: number): ArchiveError {
  const name = (error as Error)?.name
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ArchiveError('fetch_failed', `${url} did not answer within ${+(timeoutMs / 1000).toFixed(1)} seconds; nothing was added.`)
  }
  const cause = (error as { cause?: { code?: string } })?.cause?.code
  const host = new URL(url).host
  const reason =
    cause === 'ENOTFOUND' || cause === 'EAI_AGAIN' ? `the host ${host} could not be found`
    : cause === 'ECONNREFUSED' ? `${host} refused the connection`
    : cause === 'ECONNRESET' ? `${host} closed the connection`
    : `${host} could not be reached`
  return new ArchiveError('fetch_failed', `Could not fetch ${url}: ${reason}; nothing was added.`)
}
