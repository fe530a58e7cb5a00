import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { importPdf } from '../../../electron/core/pdf/importPdf'
import { pageAt } from '../../../electron/core/pdf/pdfPages'
import { findPhrase } from '../../../electron/core/search/findPhrase'
import { makeSnippets, phraseSpans } from '../../../electron/core/search/makeSnippets'
import { parseSearchQuery } from '../../../electron/core/search/parseSearchQuery'
import type { SearchDocument } from '../../../electron/core/search/searchDocument'
import { tokenizeForSearch } from '../../../electron/core/search/tokenizeForSearch'
import { extractPdfText } from '../../../electron/node/pdf/extractPdfText'
import { repoRoot } from '../../support/tempLibrary'

// Real pages in several languages (Mozilla Readability's test pages, see tests/fixtures/pages/real/SOURCES.md),
// with diacritics, curly apostrophes and non-Latin scripts, as plain text.
const PAGES = ['lemonde-1', 'aktualne', 'folha', 'heise', 'ietf-1', 'medium-1']
const textOf = (name: string) =>
  gunzipSync(readFileSync(join(repoRoot, `tests/fixtures/pages/real/${name}.readability.html.gz`)))
    .toString('utf8')
    .replace(/<[^>]*>/g, '\n')
    .replace(/&nbsp;/g, ' ')

/** Every place the phrase stands, found the slow way: every word of the text folded, then compared. */
function everyPlace(text: string, words: string[]): [number, number][] {
  const tokens = tokenizeForSearch(text)
  return findPhrase(tokens, words).map((index) => [tokens[index].start, tokens[index + words.length - 1].end])
}

describe('finding a phrase for a snippet without folding every word', () => {
  it('finds the same places as folding every word, in real pages of several languages', () => {
    let compared = 0
    for (const name of PAGES) {
      const text = textOf(name)
      const tokens = tokenizeForSearch(text)
      expect(tokens.length).toBeGreaterThan(200)
      // Phrases of one to four words taken from all over the page, so that many occur more than once.
      for (let at = 0; at + 4 < tokens.length; at += 23) {
        const words = tokens.slice(at, at + 1 + (at % 4)).map((token) => token.word)
        const expected = everyPlace(text, words)
        expect(expected.length).toBeGreaterThan(0)
        expect(phraseSpans(text, words)).toEqual(expected)
        compared++
      }
      // A phrase of the page's words in an order it never has is found nowhere.
      const reversed = tokens.slice(10, 13).map((token) => token.word).reverse()
      expect(phraseSpans(text, reversed)).toEqual(everyPlace(text, reversed))
    }
    expect(compared).toBeGreaterThan(100)
  })

  it('marks the same phrase in a snippet when lower case changes the text length, by folding every word then', () => {
    const text = 'İstanbul was the capital. The old city of Istanbul lies on both sides of the Bosporus.'
    expect(phraseSpans(text, ['old', 'city'])).toBeNull()
    const doc: SearchDocument = {
      id: 'a', stamp: '', citekey: 'a', trashed: false, language: 'en', type: 'article', year: null, date: '', tags: [],
      title: '', authors: '', authorNames: [], container: '', abstract: '', text, annotations: [],
    }
    const [snippet] = makeSnippets(doc, parseSearchQuery('"old city of istanbul"'))
    expect(snippet.text.slice(snippet.marks[0][0], snippet.marks[0][1])).toBe('old city of Istanbul')
    expect(text.slice(snippet.range!.start, snippet.range!.end)).toBe('old city of Istanbul')
  })
})

describe("a snippet's page", () => {
  it('is the page whose text holds the offset, in a real PDF, for every offset of every page', async () => {
    const bytes = readFileSync(join(repoRoot, 'tests/fixtures/pdfs/souza-junior-2023-micromag-euler-preprint-draft.pdf'))
    const { pages } = await importPdf(await extractPdfText({ name: 'preprint.pdf', bytes }))
    expect(pages.pageCount).toBe(5)
    const end = pages.starts[pages.starts.length - 1] + 5000
    for (let offset = 0; offset < end; offset++) {
      // The last page that starts at or before the offset, read from the list one by one.
      const page = pages.starts.reduce((found, start, index) => (start <= offset ? index + 1 : found), 1)
      expect(pageAt(pages, offset)).toEqual({ page, label: pages.labels[page - 1] })
    }
  })

  it('skips a page without text, which starts where the next one does', () => {
    const pages = { pageCount: 4, hasText: true, labels: ['i', 'ii', '1', '2'], starts: [0, 120, 120, 300] }
    expect([0, 119, 120, 299, 300, 10_000].map((offset) => pageAt(pages, offset)?.label)).toEqual(['i', 'i', '1', '1', '2', '2'])
    expect(pageAt({ ...pages, starts: [] }, 5)).toBeUndefined()
  })
})
