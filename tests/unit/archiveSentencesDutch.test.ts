/// <reference types="vite/client" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { i18n } from '../../renderer/src/i18n'
import { archiveSentence } from '../../renderer/src/i18n/archiveSentence'
import { ARCHIVE_SENTENCES_NL } from '../../renderer/src/i18n/archiveSentencesDutch'
import { archiveSentencesInSource } from './archiveSentenceSource'

// The list comes from the archive's source, so a sentence added there without its Dutch fails here.
const inSource = archiveSentencesInSource()
const english = [...new Set(inSource.map((sentence) => sentence.english))]
const holes = (text: string) => [...text.matchAll(/\{(\d+)\}/g)].map((match) => match[1]).sort()
/** Values no form of the archive could take for its own words. */
const filled = (text: string) => text.replace(/\{(\d+)\}/g, (_, index) => `‹${index}›`)

beforeAll(() => {
  i18n.global.locale.value = 'nl'
})
afterAll(() => {
  i18n.global.locale.value = 'en'
})

describe('every sentence of the archive has Dutch', () => {
  it('finds the archive’s sentences in its source', () => {
    // The reader of the source must keep finding what it is for: a handful would mean it broke.
    expect(english.length).toBeGreaterThan(300)
    expect(english).toContain('{0} is already in the library as {1}, “{2}”{3} ({4}).')
    expect(english).toContain('The quote "{0}" is not in the text of this article.')
  })

  it('has a Dutch form for each', () => {
    const missing = inSource.filter((sentence) => !Object.hasOwn(ARCHIVE_SENTENCES_NL, sentence.english))
    expect(missing.map((sentence) => `${sentence.at}  ${sentence.english}`)).toEqual([])
  })

  it('keeps no Dutch form of a sentence the archive no longer says', () => {
    expect(Object.keys(ARCHIVE_SENTENCES_NL).filter((key) => !english.includes(key))).toEqual([])
  })

  it('puts every value of the English into the Dutch, and no other', () => {
    const wrong = Object.entries(ARCHIVE_SENTENCES_NL).filter(([key, dutch]) => holes(key).join() !== holes(dutch).join())
    expect(wrong).toEqual([])
  })

  it('recognises each sentence as the archive writes it, and says it in Dutch', () => {
    const misread = english
      .filter((key) => Object.hasOwn(ARCHIVE_SENTENCES_NL, key))
      // A part of a few words (" by {0}", "read {0}") is recognised only inside a sentence; those are below.
      .filter((key) => (key.split(/\{\d+\}/).join(' ').match(/[A-Za-z]{2,}/g)?.length ?? 0) >= 2)
      .map((key) => ({ key, got: archiveSentence(filled(key)), want: filled(ARCHIVE_SENTENCES_NL[key]) }))
      .filter(({ got, want }) => got !== want)
    expect(misread).toEqual([])
  })

  it.each([
    [
      'a storage failure names what it could not do',
      'Scriptorium could not read the settings /lib/settings.json: the disk is full.',
      'Het lukte Scriptorium niet om de instellingen /lib/settings.json te lezen: de schijf is vol.',
    ],
    [
      'a malformed BibTeX entry names the entry and what is wrong',
      'The entry smith2020 (line 4) is not terminated: a closing brace is missing.',
      'De referentie smith2020 (regel 4) is niet afgesloten: er ontbreekt een sluitende accolade.',
    ],
    [
      'a duplicate says why',
      'kopie.txt is already in the library as visser2018, “Korea” (the same text).',
      'kopie.txt staat al in de bibliotheek als visser2018, “Korea” (dezelfde tekst).',
    ],
    [
      'a title that reads like the archive’s words stays the title',
      'kopie.txt is already in the library as x2018, “the same text” (the same text).',
      'kopie.txt staat al in de bibliotheek als x2018, “the same text” (dezelfde tekst).',
    ],
    [
      'a reference file’s refused entry carries its reason in Dutch too',
      'refs.json: the entry Entry 2 (smith) cannot be imported: its title is longer than 10,000 characters.',
      'refs.json: de referentie Referentie 2 (smith) kan niet worden geïmporteerd: het veld title is langer dan 10,000 tekens.',
    ],
  ])('%s', (_what, sentence, dutch) => {
    expect(archiveSentence(sentence)).toBe(dutch)
  })
})
