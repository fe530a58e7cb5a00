import type { Page } from '@playwright/test'

/**
 * Selection by text, never by pixels: where a glyph is drawn depends on the fonts a machine has, so a
 * drag to coordinates selects different characters on different machines. These helpers put the
 * browser's own selection over exact characters; the browser then fires `selectionchange`, which is
 * what the reader listens to, as it does after a mouse drag or Shift+arrows.
 */

export interface PhraseEnd {
  /** 1-based paragraph number (the reader's `data-para`). */
  para: number
  phrase: string
}

/**
 * Selects from the first character of `from.phrase` to the last character of `to.phrase` (the same
 * paragraph and phrase when `to` is left out). A phrase may run over several text nodes once
 * highlights have split them.
 */
export async function selectText(page: Page, from: PhraseEnd, to: PhraseEnd = from) {
  await page.locator(`p[data-para="${from.para}"]`).scrollIntoViewIfNeeded()
  await page.evaluate(
    ({ from, to }) => {
      const locate = ({ para, phrase }: { para: number; phrase: string }, edge: 'start' | 'end') => {
        const paragraph = document.querySelector(`p[data-para="${para}"]`)
        if (!paragraph) throw new Error(`There is no paragraph ${para}`)
        const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT)
        const nodes: { node: Text; start: number }[] = []
        let text = ''
        for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
          nodes.push({ node, start: text.length })
          text += node.data
        }
        const at = text.indexOf(phrase)
        if (at < 0) throw new Error(`"${phrase}" is not in paragraph ${para}`)
        const offset = edge === 'start' ? at : at + phrase.length
        // The start lies in the node that holds its character; the end in the node that holds the character before it.
        const holder = nodes.find(({ node, start }) => (edge === 'start' ? start <= offset && offset < start + node.data.length : start < offset && offset <= start + node.data.length))!
        return { node: holder.node, offset: offset - holder.start }
      }
      const start = locate(from, 'start')
      const end = locate(to, 'end')
      const selection = document.getSelection()!
      selection.removeAllRanges()
      selection.setBaseAndExtent(start.node, start.offset, end.node, end.offset)
    },
    { from, to },
  )
}

/** Selects one phrase in paragraph `para`. */
export function selectPhrase(page: Page, para: number, phrase: string) {
  return selectText(page, { para, phrase })
}

/** Puts a collapsed caret just before `phrase` in paragraph `para`, in the focused article, to extend from with the keyboard. */
export async function placeCaretBefore(page: Page, para: number, phrase: string) {
  await page.getByTestId('article-content').focus()
  await selectText(page, { para, phrase })
  await page.evaluate(() => document.getSelection()!.collapseToStart())
}
