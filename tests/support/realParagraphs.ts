import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'

/**
 * Real prose: the paragraphs of the articles Readability extracts from the saved pages of its test
 * suite (tests/fixtures/pages/SOURCES.md), those of 12 words or more, in file order.
 */
export function realParagraphs(): string[] {
  const pagesDir = join(__dirname, '..', 'fixtures', 'pages', 'real')
  return readdirSync(pagesDir)
    .filter((name) => name.endsWith('.readability.html.gz'))
    .sort()
    .flatMap((name) =>
      gunzipSync(readFileSync(join(pagesDir, name)))
        .toString('utf8')
        .split(/<\/p>/i)
        .map((html) => html.replace(/<[^>]*>/g, ' ').replace(/&[a-z#0-9]+;/gi, ' ').replace(/\s+/g, ' ').trim())
        .filter((text) => text.split(' ').length >= 12),
    )
}
