/**
 * Folds characters that readers and keyboards use interchangeably, one character for one, so an offset
 * into the folded text is the same offset into the original and a match maps back without bookkeeping.
 *
 * Curly and straight quotes fold together (a quote typed with ' must find zo’n), and every kind of space
 * or line break becomes a plain space (a re-extraction may wrap or join lines differently). Dashes are
 * left alone: a hyphen and an en dash mean different things (Noord-Korea, 2016–2018).
 * Runs of whitespace cannot be collapsed without breaking the 1:1 offsets; fuzzy matching covers those.
 */
const FOLDS: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u2033': '"',
}
const FOLDABLE = /[\u2018\u2019\u201A\u201B\u2032\u201C\u201D\u201E\u201F\u2033\t\n\v\f\r\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF]/g

export function normalizeForMatching(text: string): string {
  return text.replace(FOLDABLE, (char) => FOLDS[char] ?? ' ')
}

let lastDocument: string | undefined
let lastNormalized = ''

/**
 * normalizeForMatching for an article's whole text, remembering the last one: re-anchoring asks for the
 * same article once per highlight, and folding 60,000 characters a hundred times would cost more than
 * the matching itself.
 */
export function normalizeDocument(text: string): string {
  if (text !== lastDocument) {
    lastNormalized = normalizeForMatching(text)
    lastDocument = text
  }
  return lastNormalized
}
