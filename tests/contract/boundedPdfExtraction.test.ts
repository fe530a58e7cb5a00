import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { extractPdfInWorker } from '../../electron/node/pdf/extractPdfInWorker'
import { repoRoot } from '../support/tempLibrary'

const PREPRINT = join(repoRoot, 'tests/fixtures/pdfs/souza-junior-2023-micromag-euler-preprint-draft.pdf')

describe('reading PDFs in a worker with limits', () => {
  it('stops a PDF that takes longer than the limit; given time, the same file is read', async () => {
    const bytes = new Uint8Array(await readFile(PREPRINT))
    // No machine reads five pages in a millisecond: the limit always stops it.
    const hurried = extractPdfInWorker({ timeLimitMs: 1 })
    await expect(hurried({ name: 'preprint.pdf', bytes })).rejects.toThrow('preprint.pdf took longer than 0.001 s to read and was stopped; nothing was added.')
    const patient = extractPdfInWorker()
    expect((await patient({ name: 'preprint.pdf', bytes })).pageCount).toBe(5)
  })

  it('stops a worker that needs more memory than its cap', async () => {
    const bytes = new Uint8Array(await readFile(PREPRINT))
    // pdf.js alone needs more than 2 MB of heap.
    const starved = extractPdfInWorker({ memoryLimitMb: 2 })
    await expect(starved({ name: 'preprint.pdf', bytes })).rejects.toThrow('preprint.pdf needed more than 2 MB to read and was stopped; nothing was added.')
  })
})
