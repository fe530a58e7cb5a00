import { describe, expect, it } from 'vitest'
import type { Item } from '../../electron/core/archiveApi'
import { itemsInView, matchesOf } from '../../electron/core/organize/itemsInView'

const item = (id: string, tags: string[], collections?: string[]): Item => ({
  id,
  citekey: id,
  csl: { id, type: 'article', title: id },
  tags,
  ...(collections ? { collections } : {}),
  addedAt: '2024-01-01T00:00:00.000Z',
  modifiedAt: '2024-01-01T00:00:00.000Z',
  trashedAt: null,
  source: { fileName: `${id}.txt`, mediaType: 'text/plain', encoding: 'utf-8', byteLength: 0 },
  wordCount: 0,
  paragraphCount: 0,
})

const sorted = [item('c', ['Korea', 'peace'], ['thesis']), item('a', ['korea'], ['chapter']), item('b', [], undefined), item('d', ['peace'], ['other'])]
const idsOf = (items: Item[]) => items.map((each) => each.id)

describe('itemsInView', () => {
  it('lets everything through with no filter, in the given order', () => {
    expect(idsOf(itemsInView(sorted, {}))).toEqual(['c', 'a', 'b', 'd'])
  })

  it('narrows to any of the collection ids given (a collection with its subcollections)', () => {
    expect(idsOf(itemsInView(sorted, { collectionIds: ['thesis', 'chapter'] }))).toEqual(['c', 'a'])
    expect(idsOf(itemsInView(sorted, { collectionIds: [] }))).toEqual([])
  })

  it('needs every tag, whatever its case, and every set of matches', () => {
    expect(idsOf(itemsInView(sorted, { tags: ['KOREA'] }))).toEqual(['c', 'a'])
    expect(idsOf(itemsInView(sorted, { tags: ['korea', 'peace'] }))).toEqual(['c'])
    expect(idsOf(itemsInView(sorted, { matching: [new Set(['a', 'b', 'c']), new Set(['b', 'c', 'd'])] }))).toEqual(['c', 'b'])
    expect(idsOf(itemsInView(sorted, { collectionIds: ['thesis', 'chapter'], tags: ['korea'], matching: [new Set(['a'])] }))).toEqual(['a'])
  })

  it("takes matchItems' answer either way: the ids that match, or the ids left out", () => {
    expect(idsOf(itemsInView(sorted, { matching: [matchesOf({ ids: ['d', 'a'] })] }))).toEqual(['a', 'd'])
    expect(idsOf(itemsInView(sorted, { matching: [matchesOf({ except: ['d', 'a'] })] }))).toEqual(['c', 'b'])
    expect(idsOf(itemsInView(sorted, { matching: [matchesOf({ except: [] }), matchesOf({ ids: ['b'] })] }))).toEqual(['b'])
  })

  it('keeps the same rows, in order, whether they come as a few long runs or as thousands of short ones', () => {
    const many = Array.from({ length: 6000 }, (_, n) => item(`i${n}`, n % 3 ? ['peace'] : [], n % 5 ? ['thesis'] : []))
    const byHand = (keep: (each: Item, n: number) => boolean) => idsOf(many.filter(keep))
    // Nearly everything: a few long runs.
    const few = new Set(['i0', 'i17', 'i4000', 'i5999'])
    expect(idsOf(itemsInView(many, { matching: [matchesOf({ except: [...few] })] }))).toEqual(byHand((each) => !few.has(each.id)))
    // Every other item, and every third with the tag: more runs than are sliced.
    const even = new Set(many.filter((_, n) => n % 2 === 0).map((each) => each.id))
    expect(idsOf(itemsInView(many, { matching: [even] }))).toEqual(byHand((_, n) => n % 2 === 0))
    expect(idsOf(itemsInView(many, { tags: ['PEACE'], collectionIds: ['thesis'] }))).toEqual(byHand((_, n) => n % 3 !== 0 && n % 5 !== 0))
    expect(itemsInView(many, { matching: [new Set()] })).toEqual([])
    expect(itemsInView(many, {})).toEqual(many)
  })
})
