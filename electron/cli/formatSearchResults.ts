import type { SearchResults, SearchSnippet } from '../core/archiveApi'

const SOURCE_LABELS: Partial<Record<SearchSnippet['source'], string>> = {
  highlight: 'in a highlight',
  note: 'in a note',
  title: 'in the title',
  author: 'in the authors',
  container: 'in the source',
  abstract: 'in the abstract',
  tags: 'in the tags',
}

/** Matched words between «», as a terminal shows them without colour. */
export function markSnippet(snippet: SearchSnippet): string {
  let text = ''
  let at = 0
  for (const [start, end] of snippet.marks) {
    text += `${snippet.text.slice(at, start)}«${snippet.text.slice(start, end)}»`
    at = end
  }
  text += snippet.text.slice(at)
  return `${snippet.cutStart ? '…' : ''}${text.replace(/\s+/g, ' ').trim()}${snippet.cutEnd ? '…' : ''}`
}

export function formatSearchResults(results: SearchResults): string {
  if (!results.hits.length) return `Nothing matches ${results.query}.`
  const lines = [`${results.total} item${results.total === 1 ? '' : 's'} match${results.total === 1 ? 'es' : ''}${results.hits.length < results.total ? `; the first ${results.hits.length}:` : ':'}`]
  for (const hit of results.hits) {
    const byline = [hit.authors.join(', '), hit.year ?? ''].filter(Boolean).join(', ')
    lines.push('', `${hit.id} ${hit.citekey}  ${hit.title}${byline ? ` (${byline})` : ''}`)
    for (const snippet of hit.snippets) {
      // A PDF's text names its page, as a citation would: "p. iv", "p. 12".
      const label = snippet.pageLabel ? `p. ${snippet.pageLabel}` : SOURCE_LABELS[snippet.source]
      lines.push(`    ${label ? `[${label}] ` : ''}${markSnippet(snippet)}`)
    }
  }
  return lines.join('\n')
}
