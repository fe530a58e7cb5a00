import { textNodes } from './paintHighlights'

/**
 * Find in the article being read: every place a query occurs, ignoring case and accents (a search for
 * "cafe" finds "café"). The matches are drawn as <mark class="find-match"> around the text, like the
 * search mark: they add elements, never text, so the text offsets highlights rely on stay the same.
 * (The CSS Custom Highlight API would leave the DOM alone, but Chromium does not repaint its
 * highlights until the page scrolls.)
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

export interface TextMatch {
  start: number
  end: number
  /** The number drawn in data-find, when it is not the match's place in the list given (a part of a longer list). */
  index?: number
}

/** Where the query occurs in the text under root, as offsets into that text. */
export function findInText(root: HTMLElement, query: string): TextMatch[] {
  return findInString(root.textContent ?? '', query)
}

/** Where the query occurs in a text, as offsets into it. */
export function findInString(text: string, query: string): TextMatch[] {
  const needle = fold(query.normalize('NFC').replace(/\p{M}/gu, ''))
  if (!needle.trim()) return []
  const haystack = fold(text)
  const matches: TextMatch[] = []
  for (let from = haystack.indexOf(needle); from >= 0; from = haystack.indexOf(needle, from + needle.length)) {
    matches.push({ start: from, end: from + needle.length })
  }
  return matches
}

/** Takes the find marks away, leaving the text as it was. */
export function clearFindMatches(root: HTMLElement): void {
  const marks = root.querySelectorAll('mark.find-match')
  if (!marks.length) return
  for (const mark of marks) mark.replaceWith(...mark.childNodes)
  root.normalize()
}

/** Draws the matches, each split at element boundaries and numbered in data-find; redraws from scratch. */
export function markFindMatches(root: HTMLElement, matches: TextMatch[]): void {
  clearFindMatches(root)
  const nodes = textNodes(root)
  // Later matches first, and each match's last node first: a split only ever shortens a node from its
  // end, so the nodes an earlier match needs keep their place.
  for (let index = matches.length - 1; index >= 0; index--) {
    const { start, end, index: drawn = index } = matches[index]
    for (let at = nodes.length - 1; at >= 0; at--) {
      const { node, start: nodeStart } = nodes[at]
      const nodeEnd = nodeStart + node.data.length
      if (nodeEnd <= start || nodeStart >= end || !node.data.length) continue
      let target = node
      if (end < nodeEnd) target.splitText(end - nodeStart)
      if (start > nodeStart) target = target.splitText(start - nodeStart)
      const mark = document.createElement('mark')
      mark.className = 'find-match'
      mark.dataset.find = String(drawn)
      target.replaceWith(mark)
      mark.append(target)
    }
  }
}

/** Marks one match as the current one and returns its first element, to scroll to. */
export function setCurrentFindMatch(root: HTMLElement, index: number): HTMLElement | null {
  for (const mark of root.querySelectorAll('mark.find-match.current')) mark.classList.remove('current')
  const marks = root.querySelectorAll<HTMLElement>(`mark.find-match[data-find="${index}"]`)
  for (const mark of marks) mark.classList.add('current')
  return marks[0] ?? null
}

/** Scrolls the scroller so that the element is in its middle, unless it is in view already. */
export function scrollIntoViewWithin(scroller: HTMLElement, element: HTMLElement): void {
  const box = element.getBoundingClientRect()
  const view = scroller.getBoundingClientRect()
  const margin = 48
  if (box.top >= view.top + margin && box.bottom <= view.bottom - margin) return
  scroller.scrollTop += box.top - view.top - (view.height - box.height) / 2
}
