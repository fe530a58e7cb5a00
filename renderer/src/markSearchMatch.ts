/**
 * Marks a passage of the archived text as the search match the reader was opened at, split at
 * element boundaries like a highlight, and returns the first mark to scroll to.
 */
export function markSearchMatch(root: HTMLElement, range: { start: number; end: number }): HTMLElement | null {
  clearSearchMatch(root)
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  const targets: { node: Text; start: number }[] = []
  let offset = 0
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    targets.push({ node: node as Text, start: offset })
    offset += (node as Text).data.length
  }
  let first: HTMLElement | null = null
  for (const { node, start: nodeStart } of targets.reverse()) {
    const nodeEnd = nodeStart + node.data.length
    if (nodeEnd <= range.start || nodeStart >= range.end || !node.data.length) continue
    let target = node
    if (range.end < nodeEnd) target.splitText(range.end - nodeStart)
    if (range.start > nodeStart) target = target.splitText(range.start - nodeStart)
    const mark = document.createElement('mark')
    mark.dataset.searchMatch = ''
    mark.className = 'search-match'
    target.replaceWith(mark)
    mark.append(target)
    first = mark
  }
  return first
}

/** Takes the search mark away, leaving the text as it was. */
export function clearSearchMatch(root: HTMLElement): void {
  const marks = root.querySelectorAll('mark[data-search-match]')
  if (!marks.length) return
  for (const mark of marks) mark.replaceWith(...mark.childNodes)
  root.normalize()
}
