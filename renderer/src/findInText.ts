/**
 * Find in the article being read: every place a query occurs, ignoring case and accents (a search for
 * "cafe" finds "café"), as DOM ranges over the article's text nodes. The ranges are painted with the
 * CSS Custom Highlight API, so finding never changes the article's DOM, which highlights and their
 * text offsets rely on.
 */

/** One UTF-16 unit folded to a single unit: lower case, without its accent. Keeps offsets aligned with the text. */
function foldUnit(unit: string): string {
  const folded = unit.normalize('NFD')[0].toLowerCase()
  return folded.length === 1 ? folded : unit
}

function fold(text: string): string {
  let folded = ''
  for (let index = 0; index < text.length; index++) folded += foldUnit(text[index])
  return folded
}

export function findInText(root: HTMLElement, query: string): Range[] {
  const needle = fold(query.normalize('NFC').replace(/\p{M}/gu, ''))
  if (!needle.trim()) return []
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  const nodes: { node: Text; start: number }[] = []
  let text = ''
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push({ node: node as Text, start: text.length })
    text += (node as Text).data
  }
  const haystack = fold(text)
  const ranges: Range[] = []
  let at = 0
  let from = haystack.indexOf(needle)
  while (from >= 0) {
    const to = from + needle.length
    const range = document.createRange()
    while (nodes[at + 1] && nodes[at + 1].start <= from) at++
    range.setStart(nodes[at].node, from - nodes[at].start)
    let end = at
    while (nodes[end + 1] && nodes[end + 1].start < to) end++
    range.setEnd(nodes[end].node, to - nodes[end].start)
    ranges.push(range)
    from = haystack.indexOf(needle, to)
  }
  return ranges
}

const ALL = 'find-match'
const CURRENT = 'find-current'

/** Paints the matches, the current one apart; with no ranges it clears them. */
export function paintFindMatches(ranges: Range[], current: number): void {
  if (typeof CSS === 'undefined' || !('highlights' in CSS)) return
  CSS.highlights.set(ALL, new Highlight(...ranges.filter((_, index) => index !== current)))
  CSS.highlights.set(CURRENT, new Highlight(...(ranges[current] ? [ranges[current]] : [])))
}

/** Scrolls the scroller so that the range is in its middle, unless it is in view already. */
export function scrollRangeIntoView(scroller: HTMLElement, range: Range): void {
  const box = range.getBoundingClientRect()
  const view = scroller.getBoundingClientRect()
  const margin = 48
  if (box.top >= view.top + margin && box.bottom <= view.bottom - margin) return
  scroller.scrollTop += box.top - view.top - (view.height - box.height) / 2
}
