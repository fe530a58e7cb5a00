import { describe, expect, it } from 'vitest'
import type { StoredAnnotation } from '../../../electron/core/annotations/annotationModel'
import { annotationFileName, deviceOfAnnotationFile, isAnnotationFileName } from '../../../electron/core/sync/annotationFileName'
import { foldAnnotationFiles, lostAnnotationConflict } from '../../../electron/core/sync/foldAnnotationFiles'
import type { StampedAnnotationFile } from '../../../electron/core/sync/mergeRecords'

const note = (id: string, text: string, modified: string): StoredAnnotation => ({
  id: `urn:scriptorium:annotation:${id}`,
  type: 'Annotation',
  motivation: 'commenting',
  created: '2026-12-01T08:00:00.000Z',
  modified,
  body: [{ type: 'TextualBody', value: text, format: 'text/markdown', purpose: 'commenting' }],
  target: { source: 'urn:scriptorium:item:AB12CD34' },
})
const file = (annotations: StoredAnnotation[], changes?: StampedAnnotationFile['scriptorium:changes']): StampedAnnotationFile => ({ schemaVersion: 1, annotations, ...(changes ? { 'scriptorium:changes': changes } : {}) })
const KEY = 'urn:scriptorium:annotation:NOTE2345'

describe('annotation file names', () => {
  it('are the legacy annotations.json and annotations.<device>.json, never a conflict copy or a path', () => {
    expect(annotationFileName('laptop')).toBe('annotations.laptop.json')
    expect(deviceOfAnnotationFile('annotations.laptop.json')).toBe('laptop')
    expect(deviceOfAnnotationFile('annotations.json')).toBeNull()
    expect(isAnnotationFileName('annotations.json')).toBe(true)
    for (const name of ['annotations.sync-conflict-20261201-101500-ABCDEF7.json', 'annotations.laptop.sync-conflict-20261201-101500-ABCDEF7.json', "annotations (Anna's conflicted copy 2026-12-01).json", 'annotations.laptop (conflicted copy 2026-12-01 101500).json', '.annotations.laptop.json.123.abcdef12.tmp', 'annotations.a.b.json', 'item.json']) {
      expect(isAnnotationFileName(name), name).toBe(false)
    }
  })
})

describe('folding the annotation files of one item', () => {
  it('takes a file from before change stamps whole, with nothing lost', () => {
    const legacy = file([note('NOTE2345', 'Oud', '2026-12-01T08:00:00.000Z')])
    const { merged, lost } = foldAnnotationFiles(null, [legacy])
    expect(merged.annotations.map((annotation) => annotation.id)).toEqual([KEY])
    expect(lost).toEqual([])
  })

  it('keeps the later of two changes nobody saw, and hands back the other with its stamp; both orders agree on the kept entry', () => {
    const alpha = file([note('NOTE2345', 'Van alpha', '2026-12-01T09:00:00.000Z')], { versions: { alpha: 2 }, changes: { [KEY]: { at: '2026-12-01T09:00:00.000Z', by: 'alpha', n: 2 } } })
    const beta = file([note('NOTE2345', 'Van beta', '2026-12-01T09:05:00.000Z')], { versions: { alpha: 1, beta: 1 }, changes: { [KEY]: { at: '2026-12-01T09:05:00.000Z', by: 'beta', n: 1 } } })
    const onAlpha = foldAnnotationFiles(alpha, [beta])
    const onBeta = foldAnnotationFiles(beta, [alpha])
    for (const { merged } of [onAlpha, onBeta]) expect(merged.annotations.map((annotation) => annotation.body[0].value)).toEqual(['Van beta'])
    expect(onAlpha.lost).toEqual([{ key: KEY, annotation: alpha.annotations[0], stamp: { at: '2026-12-01T09:00:00.000Z', by: 'alpha', n: 2 } }])
    expect(JSON.stringify(lostAnnotationConflict('AB12CD34', onAlpha.lost[0]))).toBe(JSON.stringify(lostAnnotationConflict('AB12CD34', onBeta.lost[0])))
    // A file that has seen both (the folded one) clashes with neither.
    expect(foldAnnotationFiles(alpha, [onAlpha.merged, beta]).lost).toEqual([])
    expect(foldAnnotationFiles(onBeta.merged, [alpha, beta]).lost).toEqual([])
  })
})
