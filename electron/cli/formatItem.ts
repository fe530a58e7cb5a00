import { pageSpanText } from '../core/pdf/pageSpan'
import type { Item, ItemAnnotations } from '../core/archiveApi'
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

/** One item's metadata, a field a line, then its highlights and notes. */
export function describeItem(item: Item, annotations?: ItemAnnotations): string {
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
  const metadata = lines
    .filter(([, value]) => value)
    .map(([label, value]) => `${`${label}:`.padEnd(11)}${value}`)
    .join('\n')
  const highlights = (annotations?.highlights ?? []).map((highlight) => {
    const where = highlight.orphan ? 'not found in the text' : highlight.pages ? pageSpanText(highlight.pages) : `para. ${highlight.paragraph}`
    const note = highlight.note ? `\n      ${highlight.note.replace(/\n/g, '\n      ')}` : ''
    return `  ${highlight.id}  [${highlight.color}, ${where}] “${highlight.quote}”${note}`
  })
  const notes = (annotations?.notes ?? []).map((note) => `  ${note.id}  ${note.note.replace(/\n/g, '\n            ')}`)
  return [metadata, ...(highlights.length ? ['', 'Highlights:', ...highlights] : []), ...(notes.length ? ['', 'Notes:', ...notes] : [])].join('\n')
}
