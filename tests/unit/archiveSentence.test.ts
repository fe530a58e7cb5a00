/// <reference types="vite/client" />
import { afterEach, describe, expect, it } from 'vitest'
import type { Item, ItemPatch } from '../../electron/core/archiveApi'
import { applyItemPatch } from '../../electron/core/applyItemPatch'
import { duplicateError } from '../../electron/core/capture/findDuplicate'
import { decodeText } from '../../electron/core/decodeText'
import { tooLargeToImport } from '../../electron/core/importLimit'
import { i18n } from '../../renderer/src/i18n'
import { archiveSentence } from '../../renderer/src/i18n/archiveSentence'

// The sentences come from the core itself, so a change of its English wording shows here as a sentence left untranslated.
function refusalOf(work: () => unknown): { code?: string; message: string } {
  try {
    work()
  } catch (error) {
    return error as { code?: string; message: string }
  }
  throw new Error('the core accepted it')
}

const item: Item = {
  id: 'a1',
  citekey: 'noord2018',
  csl: { id: 'a1', type: 'article-newspaper', title: 'Noord- en Zuid-Korea openen een verbindingsbureau', author: [{ family: 'Visser', given: 'Anna' }] },
  tags: [],
  addedAt: '2018-09-14T10:00:00.000Z',
  modifiedAt: '2018-09-14T10:00:00.000Z',
  trashedAt: null,
  source: { fileName: 'nos.html' } as Item['source'],
  wordCount: 500,
  paragraphCount: 9,
}
const patchRefusal = (patch: ItemPatch) => refusalOf(() => applyItemPatch(structuredClone(item), patch, (key) => key === 'taken2020'))

const dutch = (refusal: { code?: string; message: string }) => {
  i18n.global.locale.value = 'nl'
  return archiveSentence(refusal.message, refusal.code as never)
}

afterEach(() => {
  i18n.global.locale.value = 'en'
})

describe('archive sentences in Dutch', () => {
  it('English stays the archive’s own words', () => {
    const refusal = patchRefusal({ title: ' ' })
    expect(archiveSentence(refusal.message, refusal.code as never)).toBe(refusal.message)
  })

  it.each([
    ['an empty title', () => patchRefusal({ title: ' ' }), 'De titel mag niet leeg zijn.'],
    ['a date that is none', () => patchRefusal({ issued: '2018-13-40' }), 'De datum “2018-13-40” is geen echte datum in de vorm JJJJ, JJJJ-MM of JJJJ-MM-DD.'],
    ['a URL that is no web address', () => patchRefusal({ URL: 'ftp://example.org/a' }), 'De URL “ftp://example.org/a” is geen http- of https-adres.'],
    ['a DOI that is none', () => patchRefusal({ DOI: 'doi-ish' }), '“doi-ish” is geen DOI; een DOI ziet eruit als 10.1000/xyz.'],
    ['a citation key of another item', () => patchRefusal({ citekey: 'taken2020' }), 'De citeersleutel “taken2020” hoort al bij een ander item.'],
    ['an empty file', () => refusalOf(() => decodeText(new Uint8Array(), 'leeg.txt')), 'leeg.txt is leeg.'],
    ['a binary file', () => refusalOf(() => decodeText(new Uint8Array([0, 1, 2, 0, 0, 3, 4, 0, 5]), 'plaatje.txt')), 'plaatje.txt is een binair bestand, geen tekst.'],
    ['a file too large', () => ({ code: 'file_too_large', message: tooLargeToImport('groot.pdf', 20 * 1024 * 1024) }), 'groot.pdf is te groot om te importeren (20.0 MB); de grens is 16 MB per bestand.'],
    ['a duplicate', () => duplicateError('kopie.html', { item, reason: 'the same address' }), 'kopie.html staat al in de bibliotheek als noord2018, “Noord- en Zuid-Korea openen een verbindingsbureau” van Anna Visser (hetzelfde adres).'],
  ])('%s', (_what, refusal, expected) => {
    expect(dutch(refusal())).toBe(expected)
  })

  it('a sentence without a translation yet keeps its English words after the code’s Dutch summary', () => {
    expect(dutch({ code: 'invalid_argument', message: 'Something the archive says that no one translated.' })).toBe(
      'Niet geaccepteerd: Something the archive says that no one translated.',
    )
  })
})
