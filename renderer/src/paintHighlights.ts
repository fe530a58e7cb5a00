import type { Highlight } from '../../electron/core/archiveApi'

/** The text nodes under root in document order, with where each starts in the archived text. */
export function textNodes(root: Node): { node: Text; start: number }[] {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  const nodes: { node: Text; start: number }[] = []
  let offset = 0
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push({ node: node as Text, start: offset })
    offset += (node as Text).data.length
  }
  return nodes
}

/** A position in the DOM (as a Selection gives it) as an offset in the archived text. */
export function textOffset(root: Node, container: Node, offset: number): number {
  const range = document.createRange()
  range.setStart(root, 0)
  range.setEnd(container, offset)
  // Count text only: the range's toString is exactly the text nodes' data, which the offsets address.
  return range.toString().length
}

/**
 * Draws highlights as <mark> elements around the text they cover, split at element boundaries so
 * a highlight across paragraphs, links or emphasis keeps the markup intact. Redraws from scratch.
 */
export function paintHighlights(root: HTMLElement, highlights: Highlight[]): void {
  for (const mark of root.querySelectorAll('mark[data-annotation-id]')) mark.replaceWith(...mark.childNodes)
  root.normalize()
  // Later ranges first, so wrapping one never shifts the text nodes an earlier one needs.
  const ranges = highlights.filter((highlight) => highlight.range).sort((a, b) => b.range!.start - a.range!.start)
  for (const highlight of ranges) {
    const { start, end } = highlight.range!
    for (const { node, start: nodeStart } of textNodes(root)) {
      const nodeEnd = nodeStart + node.data.length
      if (nodeEnd <= start || nodeStart >= end || !node.data.length) continue
      let target = node
      if (end < nodeEnd) target.splitText(end - nodeStart)
      if (start > nodeStart) target = target.splitText(start - nodeStart)
      if (!target.data.trim() && target.parentElement && !target.parentElement.closest('p, h1, h2, h3, h4, h5, h6, li, blockquote')) continue
      const mark = document.createElement('mark')
      mark.dataset.annotationId = highlight.id
      mark.dataset.color = highlight.color
      mark.className = 'highlight'
      target.replaceWith(mark)
      mark.append(target)
    }
  }
}
