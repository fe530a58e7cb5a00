import { clearFindMatches, findInText, markFindMatches, scrollIntoViewWithin, setCurrentFindMatch } from './findInText'

/**
 * What the find bar looks in: the article's content, or a PDF's pages. The bar keeps the query and
 * which match is current; the target marks the matches and brings one into view.
 */
export interface FindTarget {
  /** Marks every place the query occurs; says how many there are and which to show first (the first from what is in view). */
  find(query: string): { count: number; first: number }
  /** Makes match `index` the current one and scrolls to it. */
  show(index: number): void
  /** Takes every mark away. */
  clear(): void
}

/** Find in an article: its content's text, marked in place, scrolled within the reader's scroller. */
export function articleFindTarget(content: HTMLElement, scroller: HTMLElement): FindTarget {
  return {
    find(query) {
      const matches = findInText(content, query)
      markFindMatches(content, matches)
      const top = scroller.getBoundingClientRect().top
      const below = [...content.querySelectorAll<HTMLElement>('mark.find-match')].find((mark) => mark.getBoundingClientRect().bottom > top)
      return { count: matches.length, first: Number(below?.dataset.find ?? 0) }
    },
    show(index) {
      const mark = setCurrentFindMatch(content, index)
      if (mark) scrollIntoViewWithin(scroller, mark)
    },
    clear: () => clearFindMatches(content),
  }
}
