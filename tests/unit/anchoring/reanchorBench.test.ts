import { describe, expect, it } from 'vitest'
import { anchorHighlight } from '../../../electron/core/anchoring/anchorHighlight'
import { buildReanchorCase } from '../../../bench/reanchorBench'

describe('the re-anchoring bench case', () => {
  const { original, edited, highlights, expected } = buildReanchorCase()

  it('is an article of about 10,000 words in varied sentences, with 100 highlights', () => {
    const words = original.split(/\s+/).length
    expect(words).toBeGreaterThanOrEqual(10_000)
    expect(words).toBeLessThan(10_100)
    const sentences = original.split(/(?<=\.)\s/)
    expect(new Set(sentences).size / sentences.length).toBeGreaterThan(0.9)
    expect(highlights).toHaveLength(100)
  })

  it('re-anchors every highlight of the edited text exactly where the edits moved it', () => {
    const anchors = highlights.map(({ quote, position }) => anchorHighlight(edited, quote, position))
    expect(anchors.map((anchor) => anchor && { start: anchor.start, end: anchor.end })).toEqual(expected)
    // The edits change some quotes, so the approximate search is part of what the bench measures.
    expect(anchors.filter((anchor) => anchor?.method === 'fuzzy').length).toBeGreaterThanOrEqual(10)
    expect(anchors.filter((anchor) => anchor?.method === 'quote').length).toBeGreaterThanOrEqual(80)
  })
})
