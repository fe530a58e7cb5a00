/** One entry of a .bib file as written, with where it starts. */
export interface BibtexChunk {
  text: string
  line: number
  key?: string
  /** Set when the entry cannot be read on its own; the sentence says why. */
  problem?: string
}

const ENTRY_START = /^[ \t]*@([A-Za-z]+)[ \t]*([{(])/gm

/**
 * Splits a .bib file into its entries by counting braces, so that one broken entry (an unterminated
 * one, typically) is reported by its key and line while the others are still read. @string macros
 * are returned apart, to be given to every entry; @comment and @preamble are dropped.
 */
export function splitBibtexEntries(text: string): { entries: BibtexChunk[]; strings: string } {
  const entries: BibtexChunk[] = []
  const strings: string[] = []
  const starts = [...text.matchAll(ENTRY_START)]
  for (const [index, match] of starts.entries()) {
    const kind = match[1].toLowerCase()
    const open = match[2]
    const close = open === '{' ? '}' : ')'
    const line = text.slice(0, match.index).split('\n').length
    const nextStart = starts[index + 1]?.index ?? text.length
    const key = /^\s*([^,\s{}()]+)\s*,/.exec(text.slice(match.index + match[0].length))?.[1]
    let depth = 0
    let end = -1
    for (let position = match.index + match[0].length - 1; position < text.length; position++) {
      const char = text[position]
      if (char === '\\') {
        position++
        continue
      }
      if (char === open || (open === '(' && char === '{')) depth++
      else if (char === close || (open === '(' && char === '}')) depth--
      if (depth === 0) {
        end = position + 1
        break
      }
    }
    if (kind === 'comment' || kind === 'preamble') continue
    // An entry whose braces close only after the next entry began swallowed that entry: it is unterminated.
    if (end < 0 || end > nextStart) {
      entries.push({ text: text.slice(match.index, nextStart), line, key, problem: 'is not terminated: a closing brace is missing' })
      continue
    }
    const chunk = text.slice(match.index, end)
    if (kind === 'string') strings.push(chunk)
    else entries.push({ text: chunk, line, key })
  }
  return { entries, strings: strings.join('\n') }
}
