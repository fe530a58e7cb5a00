import { ArchiveError } from '../archiveError'

/**
 * What a page may hold before Readability sees it. Readability's cost grows with the square of the
 * nesting depth (500 nested divs took 9.8 s, 2,000 took 112 s), and linkedom's parse with the
 * number of elements (900,000 took 24 s). Of Readability's own 130 real test pages, the deepest
 * nests 38 levels and the largest holds 9,888 elements, so these limits leave real pages room.
 */
export const PAGE_LIMITS: Readonly<PageLimits> = { maxElements: 60_000, maxDepth: 200 }

export interface PageLimits {
  maxElements: number
  maxDepth: number
}

/** Refuses a page with more start tags than the limit; run on the text, before anything parses it. */
export function checkElementCount(html: string, name: string, limit: number = PAGE_LIMITS.maxElements): void {
  let count = 0
  // A `<` followed by a letter opens an element; a loop over char codes is many times faster than a regex here.
  for (let index = html.indexOf('<'); index !== -1; index = html.indexOf('<', index + 1)) {
    const next = html.charCodeAt(index + 1) | 0x20
    if (next >= 0x61 && next <= 0x7a) count++
  }
  if (count > limit) throw tooComplex(name, `about ${formatCount(count)} elements`, formatCount(limit))
}

/** Refuses a parsed page nested deeper than the limit; walks the tree without recursion, once. */
export function checkNestingDepth(root: Element, name: string, limit: number = PAGE_LIMITS.maxDepth): void {
  let deepest = 0
  const pending: [Element, number][] = [[root, 1]]
  while (pending.length) {
    const [element, depth] = pending.pop()!
    if (depth > deepest) deepest = depth
    for (let child = element.firstElementChild; child; child = child.nextElementSibling) pending.push([child, depth + 1])
  }
  if (deepest > limit) throw tooComplex(name, `nested ${formatCount(deepest)} levels deep`, formatCount(limit))
}

function tooComplex(name: string, what: string, limit: string): ArchiveError {
  return new ArchiveError('unsupported_file', `${name} is too complex to extract (${what}; the limit is ${limit}).`)
}

const formatCount = (count: number) => count.toLocaleString('en-US')
