const BLANK = /\s/
/** A hyphen (or soft hyphen) the importer dropped where it joined a word broken at a line's end. */
const DROPPED_HYPHEN = /[-\u00ad\u2010]/

/**
 * Where each character of a page's text-layer spans lies in that page's archived text, so that a
 * selection in the drawn page becomes the same offsets the importer's text (and every stored
 * selector) uses. The spans are pdf.js's text items in their order, as the importer read them, but
 * not normalized: a ligature ("ﬁ") counts as the letters the archive holds, runs of blanks as one,
 * and a hyphen dropped at a line's end as nothing. `offsets[i][j]` is the archived offset before
 * character j of span i; `offsets[i][span.length]` the one after its last character.
 */
export function alignTextLayer(pageText: string, spans: readonly string[]): number[][] {
  let at = 0
  return spans.map((span) => {
    const offsets: number[] = []
    for (const char of span) {
      // Indexes of a string count UTF-16 units; a character outside the BMP takes two.
      const units = char.length
      if (BLANK.test(char)) {
        for (let unit = 0; unit < units; unit++) offsets.push(at)
        if (BLANK.test(pageText[at] ?? '')) at++
        continue
      }
      let next = at
      while (next < pageText.length && BLANK.test(pageText[next])) next++
      const written = char.normalize('NFKC')
      for (let unit = 0; unit < units; unit++) offsets.push(next)
      if (pageText.startsWith(written, next)) at = next + written.length
      else if (pageText.startsWith(char, next)) at = next + units
      else if (!DROPPED_HYPHEN.test(char)) at = resync(pageText, span, offsets.length, next) ?? at
    }
    offsets.push(at)
    return offsets
  })
}

/**
 * A character the archive does not hold where expected (a glyph pdf.js maps differently): the rest of
 * the span is looked for a little further on, so one odd glyph does not shift every later offset.
 */
function resync(pageText: string, span: string, from: number, near: number): number | undefined {
  const rest = span.slice(from).trim().normalize('NFKC').slice(0, 12)
  if (!rest) return undefined
  const found = pageText.indexOf(rest, near)
  return found >= 0 && found - near < 40 ? found : undefined
}
