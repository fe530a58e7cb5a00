import type { CslDate } from '../cslItem'

const TAG = /^[A-Z][A-Z0-9] {2}-( |$)/

/**
 * A RIS file's lines, one tag each: the byte-order mark and CRs dropped, and a line without a tag
 * (a wrapped abstract or title, as EndNote and Scopus write them) joined to the tagged line above it.
 */
export function unfoldRis(text: string): string[] {
  return unfoldRisLines(text).map(({ text: line }) => line)
}

/** The unfolded lines, each with the line of the file it starts on. */
export function unfoldRisLines(text: string): { text: string; line: number }[] {
  const lines: { text: string; line: number }[] = []
  for (const [index, line] of text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n').entries()) {
    const last = lines[lines.length - 1]
    if (TAG.test(line) || !last || !line.trim() || /^ER {2}-/.test(last.text)) lines.push({ text: line, line: index + 1 })
    else last.text = `${last.text.replace(/\s+$/, '')} ${line.trim()}`
  }
  return lines
}

/**
 * The date of one RIS entry as the specification ranks its tags: `PY` (or the older `Y1`) gives the
 * year, `DA` refines it only when it is a full date. EndNote's `DA  - SEP 10` (a season, a month or a
 * day without year) never replaces the year. Undefined when the entry has no year at all.
 */
export function risDate(lines: string[]): CslDate | undefined {
  const value = (tag: string) => lines.find((line) => line.startsWith(`${tag}  -`))?.slice(6).trim()
  const year = /^(\d{4})/.exec(value('PY') ?? value('Y1') ?? '')?.[1]
  const full = /^(\d{4})(?:[/-](\d{1,2})(?:[/-](\d{1,2}))?)?/.exec(value('DA') ?? '')
  if (full && (!year || full[1] === year)) {
    const parts = [full[1], full[2], full[3]].filter((part) => part && Number(part) > 0).map(Number)
    return { 'date-parts': [parts] }
  }
  if (year) {
    // Y1/PY may carry "2022/09/10/" itself.
    const own = /^(\d{4})\/(\d{1,2})?\/?(\d{1,2})?/.exec(value('PY') ?? value('Y1') ?? '')
    const parts = own ? [own[1], own[2], own[3]].filter((part) => part && Number(part) > 0).map(Number) : [Number(year)]
    return { 'date-parts': [parts] }
  }
  return undefined
}
