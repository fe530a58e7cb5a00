import { describe, expect, it } from 'vitest'
import { worthMergingWhole, type FtsSegment } from '../../../electron/node/search/ftsSegments'

const segment = (entries: number, tombstonePages = 0): FtsSegment => ({ level: 0, pages: 1, firstWrite: 1, lastWrite: 1, entries, tombstonePages })

describe('worthMergingWhole: when the whole index is worth rewriting', () => {
  it('leaves one piece, or a large one with a change or two beside it, as it is', () => {
    expect(worthMergingWhole([segment(100_000)])).toBe(false)
    expect(worthMergingWhole([segment(100_000, 40), segment(1), segment(3)])).toBe(false)
    expect(worthMergingWhole([segment(100_000), segment(1_000), segment(2_000)])).toBe(false)
  })

  it('merges when a twentieth of the entries or more lie outside the largest piece', () => {
    expect(worthMergingWhole([segment(95_000), segment(5_000)])).toBe(true)
    expect(worthMergingWhole([segment(60_000), segment(20_000), segment(20_000)])).toBe(true)
    // A command's import a file at a time: many small pieces, none holding most.
    expect(worthMergingWhole([segment(16), segment(16), segment(4), segment(4)])).toBe(true)
  })

  it('concludes nothing from a structure it cannot read', () => {
    expect(worthMergingWhole(null)).toBe(false)
    expect(worthMergingWhole([])).toBe(false)
  })
})
