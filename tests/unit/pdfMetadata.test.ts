import { describe, expect, it } from 'vitest'
import type { PdfExtraction } from '../../electron/core/pdf/pdfExtraction'
import { pdfMetadata } from '../../electron/core/pdf/pdfMetadata'

const pdf = (fields: Partial<PdfExtraction>): PdfExtraction => ({ pageCount: 1, pages: [{ label: '1', paragraphs: ['Body text.'] }], info: {}, xmp: {}, largestText: null, ...fields })

describe('pdfMetadata', () => {
  it('passes over titles that are file names or a blank page, and guesses from the largest text', () => {
    for (const junk of ['euler-inversion.xopp', 'Microsoft Word - draft3.docx', 'about:blank', 'Untitled', 'paper.tex']) {
      expect(pdfMetadata(pdf({ info: { Title: junk }, largestText: 'Tidal Clocks' }))).toEqual({ csl: { title: 'Tidal Clocks' }, titleInferred: true })
    }
  })

  it('splits the Info author into names, keeps "Family, Given" whole and drops "et al."', () => {
    const authors = (Author: string) => pdfMetadata(pdf({ info: { Author } })).csl.author
    expect(authors('Anna de Vries, Jan Jansen and Piet Smit')).toEqual([
      { family: 'Vries', given: 'Anna', 'non-dropping-particle': 'de' },
      { family: 'Jansen', given: 'Jan' },
      { family: 'Smit', given: 'Piet' },
    ])
    expect(authors('Vries, Anna')).toEqual([{ family: 'Vries', given: 'Anna' }])
    expect(authors('Souza-Junior et al.')).toEqual([{ literal: 'Souza-Junior' }])
  })

  it('finds a DOI in the XMP before one printed on the first pages, without the punctuation after it', () => {
    expect(pdfMetadata(pdf({ pages: [{ label: '1', paragraphs: ['See https://doi.org/10.1000/printed.7).'] }] })).csl.DOI).toBe('10.1000/printed.7')
    expect(pdfMetadata(pdf({ xmp: { 'prism:doi': '10.1000/xmp.1' }, pages: [{ label: '1', paragraphs: ['doi:10.1000/printed.7'] }] })).csl.DOI).toBe('10.1000/xmp.1')
    // A DOI on page 3 is a reference the paper cites, not its own.
    const later = [{ label: '1', paragraphs: ['a'] }, { label: '2', paragraphs: ['b'] }, { label: '3', paragraphs: ['doi:10.1000/cited'] }]
    expect(pdfMetadata(pdf({ pages: later })).csl.DOI).toBeUndefined()
  })
})
