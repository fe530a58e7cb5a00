import type { Item, SearchResults } from '../archiveApi'
import { pageAt } from './pdfPages'

/** Names the page of each text snippet of a PDF, from where its match lies in the archived text. */
export function withPdfPages(results: SearchResults, find: (id: string) => Item | undefined): SearchResults {
  for (const hit of results.hits) {
    const pages = find(hit.id)?.pdf
    if (!pages) continue
    for (const snippet of hit.snippets) {
      const page = snippet.source === 'text' && snippet.range ? pageAt(pages, snippet.range.start) : undefined
      if (page) Object.assign(snippet, { page: page.page, pageLabel: page.label })
    }
  }
  return results
}
