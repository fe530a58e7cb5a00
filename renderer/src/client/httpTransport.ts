import type { Envelope } from '../../../electron/core/archiveApi'
import type { Transport } from './archiveClient'

const TOKEN_KEY = 'scriptorium-token'

/**
 * "scriptorium serve" prints an address whose fragment holds this run's token. Keep it for the tab's
 * life (so a reload still works) and take it out of the address bar.
 */
function sessionToken(): string | null {
  const match = /(?:^#|&)token=([0-9a-f]+)/.exec(location.hash)
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, match[1])
    history.replaceState(null, '', `${location.pathname}${location.search}#/`)
  }
  return sessionStorage.getItem(TOKEN_KEY)
}

const token = sessionToken()

export const transport: Transport = async (method, arg) => {
  if (!token) {
    return {
      ok: false,
      error: { code: 'unauthorized', message: 'Open the address that "scriptorium serve" printed: it carries the access token of this session.' },
    }
  }
  let response: Response
  try {
    response = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(arg),
    })
  } catch {
    return { ok: false, error: { code: 'internal', message: 'Scriptorium is not reachable: is "scriptorium serve" still running?' } }
  }
  return (await response.json()) as Envelope<unknown>
}
