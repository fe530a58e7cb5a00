/** Where a paragraph or heading lies in the archived text. */
export interface TextBlock {
  start: number
  end: number
}

/**
 * The archived text as anchors address it: every text node of the article in document order (the
 * content element's textContent), with the span of each numbered paragraph and each heading. The
 * service builds it from the stored HTML; the reader's selections and marks count offsets in the
 * textContent of the same HTML, so both agree (a browser test checks it).
 */
export interface ArticleStructure {
  text: string
  /** Index i holds paragraph i + 1, as data-para numbers them. */
  paragraphs: TextBlock[]
  headings: (TextBlock & { text: string })[]
  /** A PDF's pages (sections with data-page, see renderPdfHtml); index i holds page i + 1. Empty for an article. */
  pages: (TextBlock & { label: string })[]
}

// The DOM's node types; numbers, not Node.TEXT_NODE, so that the core needs no DOM globals.
const ELEMENT_NODE = 1
const TEXT_NODE = 3

/** Walks a DOM tree (a browser's or linkedom's) once. */
export function articleStructure(root: Node): ArticleStructure {
  const parts: string[] = []
  const paragraphs: TextBlock[] = []
  const headings: ArticleStructure['headings'] = []
  const pages: ArticleStructure['pages'] = []
  let offset = 0

  const visit = (node: Node) => {
    if (node.nodeType === TEXT_NODE) {
      const data = (node as Text).data
      parts.push(data)
      offset += data.length
      return
    }
    if (node.nodeType !== ELEMENT_NODE) return
    const element = node as Element
    const start = offset
    for (let child = element.firstChild; child; child = child.nextSibling) visit(child)
    const paragraph = Number(element.getAttribute('data-para'))
    if ((element.tagName === 'P' || element.tagName === 'PRE') && paragraph >= 1) paragraphs[paragraph - 1] = { start, end: offset }
    else if (/^H[1-6]$/.test(element.tagName)) headings.push({ start, end: offset, text: parts.join('').slice(start, offset).trim() })
    const page = Number(element.getAttribute('data-page'))
    if (element.tagName === 'SECTION' && page >= 1) pages[page - 1] = { start, end: offset, label: element.getAttribute('data-page-label') || String(page) }
  }
  for (let child = root.firstChild; child; child = child.nextSibling) visit(child)
  return { text: parts.join(''), paragraphs, headings, pages }
}

/**
 * The 1-based number of the paragraph an offset falls in. An offset between paragraphs or in a
 * heading belongs to the paragraph that follows; past the last one, to the last.
 */
export function paragraphAt(structure: ArticleStructure, offset: number): number | null {
  let last: number | null = null
  for (const [index, block] of structure.paragraphs.entries()) {
    if (!block) continue
    if (offset < block.end) return index + 1
    last = index + 1
  }
  return last
}

/** The text of the last heading that starts at or before the offset. */
export function headingBefore(structure: ArticleStructure, offset: number): string | null {
  let heading: string | null = null
  for (const block of structure.headings) if (block.start <= offset) heading = block.text
  return heading
}
