import { describe, expect, it } from 'vitest'
import { APP_ORIGIN, isAppUrl, isSafeExternalUrl } from '../../electron/main/navigationGuard'

const DEV = 'http://localhost:5173/'

describe('isAppUrl', () => {
  it('accepts pages of the app:// origin', () => {
    expect(APP_ORIGIN).toBe('app://scriptorium')
    expect(isAppUrl('app://scriptorium/')).toBe(true)
    expect(isAppUrl('app://scriptorium/index.html#/item/ABC')).toBe(true)
  })

  it('refuses other hosts and schemes that merely look alike', () => {
    for (const url of [
      'app://scriptorium.evil.example/',
      'app://evil/scriptorium',
      'app://scriptorium:8080/',
      'https://scriptorium/',
      'file:///app/scriptorium/index.html',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url), url).toBe(false)
    }
  })

  it('accepts the dev server origin only when one is given', () => {
    expect(isAppUrl('http://localhost:5173/index.html')).toBe(false)
    expect(isAppUrl('http://localhost:5173/index.html', DEV)).toBe(true)
    expect(isAppUrl('http://localhost:5174/', DEV)).toBe(false)
    expect(isAppUrl('https://localhost:5173/', DEV)).toBe(false)
    expect(isAppUrl('http://127.0.0.1:5173/', DEV)).toBe(false)
    expect(isAppUrl('app://scriptorium/', DEV)).toBe(true)
  })

  it('refuses everything when the dev server URL is not a URL', () => {
    expect(isAppUrl('http://localhost:5173/', 'localhost:5173')).toBe(false)
  })
})

describe('isSafeExternalUrl', () => {
  it('lets http, https and mailto links open outside', () => {
    expect(isSafeExternalUrl('https://nos.nl/artikel/1')).toBe(true)
    expect(isSafeExternalUrl('http://example.com')).toBe(true)
    expect(isSafeExternalUrl('mailto:redactie@example.com')).toBe(true)
  })

  it('refuses file:, script and custom schemes, and non-URLs', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'app://scriptorium/',
      'smb://server/share',
      'ms-msdt:/id',
      '//example.com',
      'example.com',
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false)
    }
  })
})
