import { describe, expect, it } from 'vitest'
import type { Item } from '../../../electron/core/archiveApi'
import type { AnnotationFile } from '../../../electron/core/annotations/annotationModel'
import { findDuplicatePairs } from '../../../electron/core/duplicates/findDuplicatePairs'
import { mergeInto, unmergeFrom } from '../../../electron/core/duplicates/mergeItems'
import { workKeyOf } from '../../../electron/core/duplicates/workKey'
import { inverseItemPatch } from '../../../electron/core/inverseItemPatch'
import { undoShortcutOf } from '../../../renderer/src/undoShortcut'

const item = (id: string, csl: Record<string, unknown>, extra: Partial<Item> = {}): Item => ({
  id,
  citekey: id.toLowerCase(),
  csl: { id, type: 'article-journal', ...csl },
  tags: [],
  addedAt: `2026-01-0${id.length % 9}T00:00:00.000Z`,
  modifiedAt: '2026-01-01T00:00:00.000Z',
  trashedAt: null,
  source: { fileName: 'x.bib', mediaType: 'application/x-bibtex', encoding: 'utf-8', byteLength: 1 },
  wordCount: 0,
  paragraphCount: 0,
  ...extra,
})

describe('workKeyOf', () => {
  it('ignores case, accents, punctuation and spacing, and needs title, year and first author', () => {
    const a = workKeyOf({ title: 'Les rites de passage', author: [{ family: 'van Gennep', given: 'Arnold' }], issued: { 'date-parts': [[1909]] } })
    expect(a).toBe(workKeyOf({ title: 'Les Rites de Passage.', author: [{ family: 'Van Gennep' }], issued: { 'date-parts': [[1909, 5]] } }))
    expect(workKeyOf({ title: 'Één, twee', author: [{ literal: 'NOS' }], issued: { 'date-parts': [[2018]] } })).toBe(workKeyOf({ title: 'Een twee', author: [{ literal: 'nos' }], issued: { 'date-parts': [[2018]] } }))
    expect(workKeyOf({ title: 'Les rites de passage', issued: { 'date-parts': [[1909]] } })).toBeNull()
    expect(workKeyOf({ title: 'Les rites de passage', author: [{ family: 'van Gennep' }] })).toBeNull()
    expect(workKeyOf({ title: '  ', author: [{ family: 'van Gennep' }], issued: { 'date-parts': [[1909]] } })).toBeNull()
    expect(a).not.toBe(workKeyOf({ title: 'Les rites de passage', author: [{ family: 'van Gennep' }], issued: { 'date-parts': [[1960]] } }))
  })
})

describe('findDuplicatePairs', () => {
  const work = { title: 'Information Theory and Statistics', author: [{ family: 'Kullback', given: 'Solomon' }], issued: { 'date-parts': [[1959]] } }
  it('pairs by the rule of imports, once per pair, keeping the item with text, and leaves the trash and conflicting DOIs out', () => {
    const reference = item('AAAA', { ...work, DOI: '10.1/a' })
    const article = item('BBBBB', { ...work }, { wordCount: 900 })
    const sameDoi = item('CCCCCC', { ...work, DOI: '10.1/A' })
    const otherDoi = item('DDDDDDD', { ...work, DOI: '10.1/b' })
    const trashed = item('EE', { ...work }, { trashedAt: '2026-02-01T00:00:00.000Z' })
    const pairs = findDuplicatePairs([reference, article, sameDoi, otherDoi, trashed]).map((pair) => [pair.keep.id, pair.other.id, pair.reason])
    expect(pairs).toEqual([
      ['AAAA', 'CCCCCC', 'the same DOI'],
      ['BBBBB', 'AAAA', 'the same title, year and first author'],
      ['BBBBB', 'CCCCCC', 'the same title, year and first author'],
      // Without a DOI of its own, the article may be either DOI's work; the two DOIs are never paired with each other.
      ['BBBBB', 'DDDDDDD', 'the same title, year and first author'],
    ])
  })
})

describe('mergeInto and unmergeFrom', () => {
  it('adds only what keep lacks, and takes exactly that away again', () => {
    const keep = item('KEEP2345', { title: 'T', volume: '3', page: '' }, { tags: ['Korea'], collections: ['C1'] })
    const other = item('OTHR2345', { title: 'T (copy)', volume: '4', page: '12-19', DOI: '10.1/x' }, { tags: ['korea', 'border'], collections: ['C1', 'C2'] })
    const keepNotes: AnnotationFile = { schemaVersion: 1, annotations: [] }
    const otherNotes: AnnotationFile = {
      schemaVersion: 1,
      annotations: [
        { id: 'urn:scriptorium:annotation:NOTE2345', type: 'Annotation', motivation: 'commenting', created: 'c', modified: 'm', body: [], target: { source: 'urn:scriptorium:item:OTHR2345' } },
        { id: 'urn:scriptorium:annotation:GONE2345', type: 'Annotation', motivation: 'commenting', created: 'c', modified: 'm', body: [], target: { source: 'urn:scriptorium:item:OTHR2345' }, 'scriptorium:deleted': 'd' },
      ],
    }
    const before = structuredClone(keep)
    const added = mergeInto(keep, keepNotes, other, otherNotes, '2026-03-01T00:00:00.000Z')
    expect(added).toMatchObject({ fields: ['page', 'DOI'], tags: ['border'], collections: ['C2'] })
    expect(keep.csl).toMatchObject({ title: 'T', volume: '3', page: '12-19', DOI: '10.1/x', id: 'KEEP2345' })
    expect(keepNotes.annotations).toHaveLength(1)
    expect(keepNotes.annotations[0].target.source).toBe('urn:scriptorium:item:KEEP2345')
    expect(keepNotes.annotations[0].id).toBe(`urn:scriptorium:annotation:${added.annotationIds[0]}`)
    unmergeFrom(keep, keepNotes, added, '2026-03-02T00:00:00.000Z')
    expect({ ...keep, modifiedAt: before.modifiedAt, csl: { ...keep.csl, page: '' } }).toEqual(before)
    expect(keepNotes.annotations[0]['scriptorium:deleted']).toBe('2026-03-02T00:00:00.000Z')
  })
})

describe('inverseItemPatch', () => {
  it('gives back each field the edit names, empty where it was absent', () => {
    const before = item('EDIT2345', { title: 'Old', author: [{ family: 'Jansen', given: 'Pieter' }], issued: { 'date-parts': [[2018, 9]] }, 'container-title': 'NRC' }, { tags: ['a'] })
    expect(inverseItemPatch(before, { title: 'New', author: [], issued: '2019', containerTitle: '', DOI: '10.1/x', tags: ['b'], citekey: 'new', type: 'book' })).toEqual({
      title: 'Old', author: [{ family: 'Jansen', given: 'Pieter' }], issued: '2018-09', containerTitle: 'NRC', DOI: '', tags: ['a'], citekey: 'edit2345', type: 'article-journal',
    })
  })
})

describe('undoShortcutOf', () => {
  const key = (key: string, modifiers: { ctrlKey?: boolean; metaKey?: boolean; shiftKey?: boolean; altKey?: boolean } = {}, target: unknown = null) =>
    undoShortcutOf({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, target: target as EventTarget | null, ...modifiers })
  const field = { closest: (selector: string) => (selector.includes('input') ? {} : null) }
  const plain = { closest: () => null }
  it('reads Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y and Cmd+Z, and leaves text fields to the browser', () => {
    expect(key('z', { ctrlKey: true }, plain)).toBe('undo')
    expect(key('Z', { ctrlKey: true, shiftKey: true }, plain)).toBe('redo')
    expect(key('y', { ctrlKey: true }, plain)).toBe('redo')
    expect(key('z', { metaKey: true }, plain)).toBe('undo')
    expect(key('z', {}, plain)).toBeNull()
    expect(key('z', { ctrlKey: true, altKey: true }, plain)).toBeNull()
    expect(key('z', { ctrlKey: true }, field)).toBeNull()
  })
})
