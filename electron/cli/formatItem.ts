import type { Item } from '../core/archiveApi'
import { formatAuthor, formatPartialDate } from '../core/cslItem'

function authors(item: Item): string {
  return (item.csl.author ?? []).map(formatAuthor).join('; ')
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`
}

/** The list as a terminal table: id, citekey, date, authors, title. */
export function formatItemTable(items: Item[]): string {
  const rows = items.map((item) => [
    item.id,
    item.citekey,
    formatPartialDate(item.csl.issued) || '—',
    truncate(authors(item) || '—', 24),
    truncate(item.csl.title ?? '(untitled)', 60),
  ])
  const header = ['ID', 'CITEKEY', 'DATE', 'AUTHORS', 'TITLE']
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)))
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n')
}

/** One item's metadata, a field a line. */
export function describeItem(item: Item): string {
  const csl = item.csl
  const lines: [string, string | undefined][] = [
    ['ID', item.id],
    ['Citekey', item.citekey],
    ['Title', csl.title],
    ['Authors', authors(item)],
    ['Date', formatPartialDate(csl.issued)],
    ['Container', csl['container-title']],
    ['URL', csl.URL],
    ['Type', csl.type],
    ['Language', csl.language],
    ['Tags', item.tags.join(', ')],
    ['Words', `${item.wordCount} in ${item.paragraphCount} paragraphs`],
    ['Source', `${item.source.fileName} (${item.source.encoding})`],
    ['Added', item.addedAt],
    ['Modified', item.modifiedAt],
    ['Trashed', item.trashedAt ?? undefined],
  ]
  return lines
    .filter(([, value]) => value)
    .map(([label, value]) => `${`${label}:`.padEnd(11)}${value}`)
    .join('\n')
}
