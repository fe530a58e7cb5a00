import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../electron/core/contentSecurityPolicy'

/** The policy as a map of directive name to its sources. */
function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>()
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    if (!name) continue
    expect(map.has(name), `directive ${name} appears twice`).toBe(false)
    map.set(name, sources)
  }
  return map
}

describe('CONTENT_SECURITY_POLICY', () => {
  const policy = directives(CONTENT_SECURITY_POLICY)

  it("denies everything by default", () => {
    expect(policy.get('default-src')).toEqual(["'none'"])
  })

  it("runs only the app's own scripts", () => {
    expect(policy.get('script-src')).toEqual(["'self'"])
  })

  it('allows no inline code, eval, hashes or nonces anywhere', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-/)
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'(nonce|sha256|sha384|sha512)-/)
  })

  it('loads nothing from a server', () => {
    for (const [name, sources] of policy) {
      for (const source of sources) {
        expect(source, `${name} ${source}`).toMatch(/^('self'|'none'|data:|blob:)$/)
      }
    }
  })

  it('locks plugins, base URLs, forms and framing', () => {
    expect(policy.get('object-src')).toEqual(["'none'"])
    expect(policy.get('base-uri')).toEqual(["'none'"])
    expect(policy.get('form-action')).toEqual(["'none'"])
    expect(policy.get('frame-ancestors')).toEqual(["'none'"])
  })

  it('keeps images to the app, data: and blob: URLs', () => {
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:'])
  })
})
