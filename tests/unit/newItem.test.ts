import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { accessedOn, newItem } from '../../electron/core/newItem'

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')
const source = { fileName: 'a.txt', mediaType: 'text/plain', encoding: 'utf-8', byteLength: 10 }

describe('newItem', () => {
  it('stamps the item, leaves its id and citekey to the catalog, and detects the language of its text', () => {
    const stamp = new Date('2026-03-04T05:06:07.000Z')
    const item = newItem({ id: '', type: 'article', title: 'Verdrag' }, source, stamp, () => fixture('maastricht-1992.txt'), { wordCount: 3, paragraphCount: 1 })
    expect(item).toEqual({
      id: '',
      citekey: '',
      csl: { id: '', type: 'article', title: 'Verdrag', language: 'nl' },
      tags: [],
      addedAt: '2026-03-04T05:06:07.000Z',
      modifiedAt: '2026-03-04T05:06:07.000Z',
      trashedAt: null,
      source,
      wordCount: 3,
      paragraphCount: 1,
    })
    expect(newItem({ id: '', type: 'article' }, source, stamp, () => fixture('long-peace.md'), { wordCount: 1, paragraphCount: 1 }).csl.language).toBe('en')
  })

  it('keeps the language the metadata names without reading the text, and names none for a text too short to tell', () => {
    let asked = 0
    const named = newItem({ id: '', type: 'article', language: 'de' }, source, new Date(), () => String(++asked), { wordCount: 0, paragraphCount: 0, tags: ['x'] })
    expect([named.csl.language, named.tags, asked]).toEqual(['de', ['x'], 0])
    const short = newItem({ id: '', type: 'article', language: '' }, source, new Date(), () => 'Hallo', { wordCount: 1, paragraphCount: 1 })
    expect('language' in short.csl).toBe(false)
  })

  it('dates a page read from the web by the day of the stamp, in UTC', () => {
    expect(accessedOn(new Date('2026-12-31T23:30:00.000-02:00'))).toEqual({ 'date-parts': [[2027, 1, 1]] })
  })
})
