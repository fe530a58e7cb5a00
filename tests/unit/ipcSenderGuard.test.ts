import { describe, expect, it } from 'vitest'
import { isTrustedSender } from '../../electron/main/ipcSenderGuard'

describe('isTrustedSender', () => {
  it('trusts the app page in the top-level frame', () => {
    expect(isTrustedSender({ url: 'app://scriptorium/index.html', parent: null })).toBe(true)
  })

  it('refuses a missing frame', () => {
    expect(isTrustedSender(null)).toBe(false)
    expect(isTrustedSender(undefined)).toBe(false)
  })

  it('refuses a subframe, even of the app origin', () => {
    const top = { url: 'app://scriptorium/index.html', parent: null }
    expect(isTrustedSender({ url: 'app://scriptorium/index.html', parent: top })).toBe(false)
  })

  it('refuses a top-level frame of another origin', () => {
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null })).toBe(false)
    expect(isTrustedSender({ url: 'file:///tmp/page.html', parent: null })).toBe(false)
    expect(isTrustedSender({ url: 'about:blank', parent: null })).toBe(false)
  })

  it('trusts the dev server only when it is given', () => {
    const frame = { url: 'http://localhost:5173/', parent: null }
    expect(isTrustedSender(frame)).toBe(false)
    expect(isTrustedSender(frame, 'http://localhost:5173')).toBe(true)
    expect(isTrustedSender(frame, 'http://localhost:4000')).toBe(false)
  })

  it('refuses a frame whose parent is undefined rather than null', () => {
    expect(isTrustedSender({ url: 'app://scriptorium/', parent: undefined })).toBe(false)
  })
})
