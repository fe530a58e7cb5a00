/** One entry of a .bib file as written, with where it starts. */
export interface BibtexChunk {
  text: string
  line: number
  key?: string
  /** The entry type as written, in lower case: "article", "web_page"… */
  type: string
  /** Written without a key (`@misc{,`); the text then carries keylessLabel(line) for the parser. */
  keyless?: boolean
  /** Set when the entry cannot be read on its own; the sentence says why. */
  problem?: string
}

// biber's entry types are identifiers; Mendeley writes `@web_page`, others `@book-section`.
const ENTRY_START = /^[ \t]*@[ \t]*([A-Za-z_][A-Za-z0-9_-]*)[ \t]*([{(])/gm

/**
 * Splits a .bib file into its entries by counting braces, so that one broken entry (an unterminated
 * one, typically) is reported by its key and line while the others are still read. @string macros
 * are returned apart, to be given to every entry; @comment and @preamble are not references.
 * Entries may be delimited by braces or by parentheses, as BibTeX allows.
 */
export function splitBibtexEntries(text: string): { entries: BibtexChunk[]; strings: string } {
  const entries: BibtexChunk[] = []
  const strings: string[] = []
  const starts = [...text.matchAll(ENTRY_START)]
  const lineStarts = lineOffsets(text)
  for (const [index, match] of starts.entries()) {
    const kind = match[1].toLowerCase()
    const open = match[2]
    const close = open === '{' ? '}' : ')'
    const line = lineOf(lineStarts, match.index)
    const nextStart = starts[index + 1]?.index ?? text.length
    const key = /^\s*([^,\s{}()"#%'=]+)\s*,/.exec(text.slice(match.index + match[0].length, match.index + match[0].length + 1000))?.[1]
    let depth = 0
    let quoted = false
    let end = -1
    for (let position = match.index + match[0].length - 1; position < text.length; position++) {
      const char = text[position]
      if (char === '\\') {
        position++
        continue
      }
      // Inside a parenthesised entry, parentheses in field values are text; only braces nest. A ")"
      // inside a "…" value, `title = "(re)consideration"`, does not close the entry either.
      if (open === '(' && depth === 1 && char === '"') quoted = !quoted
      else if (char === '{' || (open === '(' && depth === 0 && char === '(')) depth++
      else if (char === '}' || (open === '(' && depth === 1 && !quoted && char === ')')) depth--
      if (depth === 0) {
        end = position + 1
        break
      }
    }
    if (kind === 'comment' || kind === 'preamble') continue
    // An entry whose braces close only after the next entry began swallowed that entry: it is unterminated.
    if (end < 0 || end > nextStart) {
      entries.push({ text: text.slice(match.index, nextStart), line, key, type: kind, problem: `is not terminated: a closing ${close === '}' ? 'brace' : 'parenthesis'} is missing` })
      continue
    }
    const chunk = text.slice(match.index, end)
    if (kind === 'string') strings.push(chunk)
    else if (key) entries.push({ text: chunk, line, key, type: kind })
    else if (/^\s*,/.test(text.slice(match.index + match[0].length))) {
      // Mendeley writes `@web_page{,` when the user gave no key: read it, and let the library make one.
      const head = match[0].length
      entries.push({ text: `${chunk.slice(0, head)}${keylessLabel(line)}${chunk.slice(head)}`, line, type: kind, keyless: true })
    } else entries.push({ text: chunk, line, type: kind, problem: 'has no citation key before its first comma' })
  }
  return { entries, strings: strings.join('\n') }
}

/** The stand-in key a keyless entry is parsed under; it never becomes the item's key. */
export function keylessLabel(line: number): string {
  return `scriptorium-keyless-line-${line}`
}

function lineOffsets(text: string): number[] {
  const offsets = [0]
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) offsets.push(index + 1)
  return offsets
}

/** The 1-based line holding an offset, by binary search: counting newlines per entry is quadratic. */
function lineOf(offsets: number[], offset: number): number {
  let low = 0
  let high = offsets.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (offsets[middle] <= offset) low = middle
    else high = middle - 1
  }
  return low + 1
}
