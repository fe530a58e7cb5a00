import type { IncomingMessage } from 'node:http'

export interface BodyRead {
  /** What was read, `from` included; empty when the body was too large. */
  body: Buffer
  /** The whole body is in `body`. */
  ended: boolean
  /** More than the limit came, or was announced by Content-Length; the rest was not read. */
  tooLarge: boolean
}

/**
 * Reads a request body, at most `limit` bytes of it. With `enough`, it stops as soon as what came so
 * far suffices (the rest stays unread, to be read by a later call with `from`), so a request can be
 * judged by its first bytes before its body is taken in. A refused request's remaining body is never
 * read: answer it with "Connection: close" (see UNREAD_BODY_HEADERS).
 */
export function readRequestBody(
  request: IncomingMessage,
  { limit, enough, from = Buffer.alloc(0) }: { limit: number; enough?: (soFar: Buffer) => boolean; from?: Buffer },
): Promise<BodyRead> {
  const declared = Number(request.headers['content-length'])
  // A body announced as too large is refused unread; with `enough`, only its beginning is wanted.
  if (!enough && declared > limit) return Promise.resolve({ body: Buffer.alloc(0), ended: false, tooLarge: true })
  if (request.readableEnded) return Promise.resolve({ body: from, ended: true, tooLarge: false })
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [from]
    let size = from.length
    const finish = (result: BodyRead | Error) => {
      request.off('data', onData).off('end', onEnd).off('error', finish)
      request.pause()
      if (result instanceof Error) reject(result)
      else resolve(result)
    }
    const onData = (chunk: Buffer) => {
      chunks.push(chunk)
      size += chunk.length
      // Judge only the first `limit` bytes, so that a large first chunk cannot stand in for a token.
      if (enough?.(Buffer.concat(chunks).subarray(0, limit))) return finish({ body: Buffer.concat(chunks), ended: false, tooLarge: false })
      if (size > limit) finish({ body: Buffer.alloc(0), ended: false, tooLarge: true })
    }
    const onEnd = () => finish({ body: Buffer.concat(chunks), ended: true, tooLarge: false })
    request.on('data', onData).on('end', onEnd).on('error', finish)
    request.resume()
  })
}

/** Sent with an answer given before the body was read: the server closes the connection rather than read the body to keep it open. */
export const UNREAD_BODY_HEADERS = { Connection: 'close' }
