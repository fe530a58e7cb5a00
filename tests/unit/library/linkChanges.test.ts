import { describe, expect, it } from 'vitest'
import { linkChanges } from '../../../electron/node/library/catalogRows'

const exact = (value: string) => value
const noCase = (value: string) => value.replace(/[A-Z]+/g, (letters) => letters.toLowerCase())

describe('the link rows a changed record needs (catalogRows)', () => {
  it('writes only the added and removed links', () => {
    expect(linkChanges(['a', 'b', 'c'], ['a', 'c', 'd'], exact)).toEqual({ gone: ['b'], added: ['d'] })
    expect(linkChanges(['a', 'b'], ['a', 'b'], exact)).toEqual({ gone: [], added: [] })
    expect(linkChanges([], ['a', 'a'], exact)).toEqual({ gone: [], added: ['a'] })
  })

  it('replaces a link whose spelling changed, and keeps the first of two spellings, as inserting them all would', () => {
    expect(linkChanges(['Korea'], ['korea'], noCase)).toEqual({ gone: ['Korea'], added: ['korea'] })
    expect(linkChanges(['Korea'], ['Korea', 'korea'], noCase)).toEqual({ gone: [], added: [] })
    expect(linkChanges(['korea'], ['Korea', 'korea'], noCase)).toEqual({ gone: ['korea'], added: ['Korea'] })
  })
})
