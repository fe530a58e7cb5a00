import { readFileSync } from 'node:fs'

/** The bundled NRC article as archived: paragraphs separated by blank lines, curly quotes and apostrophes. */
export const SAMPLE = readFileSync(new URL('../../../resources/samples/korea-liaison-office-2018.txt', import.meta.url), 'utf8')

/** The one place a passage occurs, so a fixture fails loudly if the sample ever changes. */
export function rangeOf(text: string, passage: string): { start: number; end: number } {
  const start = text.indexOf(passage)
  if (start === -1 || text.indexOf(passage, start + 1) !== -1) throw new Error(`"${passage}" does not occur exactly once`)
  return { start, end: start + passage.length }
}
