import { describe, expect, it } from 'vitest'
import { deepLinkTo, deepLinkToSearch, parseDeepLink } from '../../electron/core/shellRequest'

describe('scriptorium:// deep links', () => {
  it('open an item, a highlight of it, or a search', () => {
    expect(parseDeepLink('scriptorium://item/K7Q2mX9a')).toEqual({ kind: 'open-item', id: 'K7Q2mX9a' })
    expect(parseDeepLink('scriptorium://item/K7Q2mX9a/highlight/h3J9')).toEqual({ kind: 'open-item', id: 'K7Q2mX9a', highlightId: 'h3J9' })
    expect(parseDeepLink('scriptorium://search?q=tijdperk%20vrede%20year%3A2018')).toEqual({ kind: 'search', query: 'tijdperk vrede year:2018' })
  })

  it('round-trip through the links the app makes', () => {
    expect(parseDeepLink(deepLinkTo('abc_DEF-1'))).toEqual({ kind: 'open-item', id: 'abc_DEF-1' })
    expect(parseDeepLink(deepLinkTo('abc', 'h1'))).toEqual({ kind: 'open-item', id: 'abc', highlightId: 'h1' })
    expect(parseDeepLink(deepLinkToSearch('"een nieuw tijdperk" & -oorlog'))).toEqual({ kind: 'search', query: '"een nieuw tijdperk" & -oorlog' })
  })

  it('refuse ids that could become a path, other schemes and unknown verbs', () => {
    for (const link of [
      'scriptorium://item/..%2F..%2Fetc',
      'scriptorium://item/a%2Fb',
      'scriptorium://item/..',
      'scriptorium://item/',
      'scriptorium://item/abc/highlight/..%2F..%2Fx',
      'scriptorium://item/abc/extra',
      'scriptorium://delete/abc',
      'scriptorium://search?q=',
      `scriptorium://search?q=${'a'.repeat(1001)}`,
      'https://item/abc',
      'file:///etc/passwd',
      'not a link',
    ]) {
      expect(parseDeepLink(link), link).toBeNull()
    }
  })
})
