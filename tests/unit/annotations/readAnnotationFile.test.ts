import { describe, expect, it } from 'vitest'
import { annotationFileText, readAnnotationFile } from '../../../electron/core/annotations/readAnnotationFile'

const PATH = '/library/items/ABCDEFGH/annotations.json'
const note = (id: string, value: string) => ({
  id: `urn:scriptorium:annotation:${id}`,
  type: 'Annotation',
  motivation: 'commenting',
  created: '2026-11-30T10:00:00.000Z',
  modified: '2026-11-30T10:00:00.000Z',
  body: [{ type: 'TextualBody', value, format: 'text/markdown', purpose: 'commenting' }],
  target: { source: 'urn:scriptorium:item:ABCDEFGH' },
})
const highlightWithoutSelector = { ...note('NOSELECT', 'text'), motivation: 'highlighting' }

describe('readAnnotationFile', () => {
  it('keeps a sound file as it is, and writes it back unchanged', () => {
    const text = `${JSON.stringify({ schemaVersion: 1, annotations: [note('AAAAAAAA', 'one'), note('BBBBBBBB', 'two')] }, null, 2)}\n`
    const file = readAnnotationFile(text, PATH)
    expect(file.annotations.map((entry) => entry.id)).toEqual(['urn:scriptorium:annotation:AAAAAAAA', 'urn:scriptorium:annotation:BBBBBBBB'])
    expect(file.setAside).toBeUndefined()
    expect(annotationFileText(file)).toBe(text)
  })

  it('sets aside each damaged entry with a sentence naming it, and writes it back as it was read', () => {
    const damaged = [42, highlightWithoutSelector, { ...note('NOBODY22', 'x'), body: 'plain' }]
    const text = JSON.stringify({ schemaVersion: 1, annotations: [note('AAAAAAAA', 'one'), ...damaged, note('BBBBBBBB', 'two')] })
    const file = readAnnotationFile(text, PATH)
    expect(file.annotations.map((entry) => entry.id)).toEqual(['urn:scriptorium:annotation:AAAAAAAA', 'urn:scriptorium:annotation:BBBBBBBB'])
    expect(file.setAside?.map(({ reason }) => reason)).toEqual([
      'Entry 2 of annotations.json is not a W3C annotation with an id; it was set aside and is kept in the file.',
      'Entry 3 (NOSELECT) of annotations.json has no TextQuoteSelector; it was set aside and is kept in the file.',
      'Entry 4 (NOBODY22) of annotations.json has a body that is not text; it was set aside and is kept in the file.',
    ])
    file.annotations.pop()
    expect(JSON.parse(annotationFileText(file)).annotations).toEqual([note('AAAAAAAA', 'one'), ...damaged])
  })

  it('never takes a file’s own "setAside" field for entries to write', () => {
    const file = readAnnotationFile(JSON.stringify({ schemaVersion: 1, annotations: [], setAside: [{ entry: 'smuggled', reason: 'x' }] }), PATH)
    expect(file.setAside).toBeUndefined()
    expect(JSON.parse(annotationFileText(file))).toEqual({ schemaVersion: 1, annotations: [] })
  })

  it('refuses a file that is not an annotation file at all, or is newer, in words', () => {
    for (const text of ['{"annotations": ', '[]', '{"schemaVersion": 1, "annotations": {}}']) {
      expect(() => readAnnotationFile(text, PATH)).toThrow(`The annotations file ${PATH} is damaged; Scriptorium left it untouched. Restore it from a backup.`)
    }
    expect(() => readAnnotationFile('{"schemaVersion": 2, "annotations": []}', PATH)).toThrow(
      `The annotations file ${PATH} was written by a newer Scriptorium; update Scriptorium to open it.`,
    )
  })
})
