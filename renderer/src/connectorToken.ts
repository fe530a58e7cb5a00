import { CONNECTOR_TOKEN_PURPOSE } from '../../electron/core/connectorTokenPurpose'

/**
 * The token a bookmarklet carries: an HMAC of the session token, which the bridge accepts for
 * /connector/save only. The bookmarklet puts it into the page being saved, whose scripts can read it;
 * with it they can save pages, never call the archive's API.
 */
export async function connectorToken(sessionToken: string): Promise<string> {
  const encoder = new TextEncoder()
  const key = await crypto.subtle.importKey('raw', encoder.encode(sessionToken), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const signature = await crypto.subtle.sign('HMAC', key, encoder.encode(CONNECTOR_TOKEN_PURPOSE))
  return [...new Uint8Array(signature)].map((byte) => byte.toString(16).padStart(2, '0')).join('')
}
