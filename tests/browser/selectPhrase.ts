import type { Page } from '@playwright/test'

/** Where the phrase's first and last characters are drawn in paragraph `para`, in page coordinates. */
export async function phraseEdges(page: Page, para: number, phrase: string) {
  await page.locator(`p[data-para="${para}"]`).scrollIntoViewIfNeeded()
  return page.locator(`p[data-para="${para}"]`).evaluate((paragraph, phrase) => {
    // The phrase may run over several text nodes once highlights have split them.
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT)
    const nodes: { node: Text; start: number }[] = []
    let text = ''
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      nodes.push({ node, start: text.length })
      text += node.data
    }
    const at = text.indexOf(phrase)
    if (at < 0) throw new Error(`"${phrase}" is not in paragraph`)
    const box = (offset: number) => {
      const { node, start } = nodes.findLast((entry) => entry.start <= offset && offset < entry.start + entry.node.data.length)!
      const range = document.createRange()
      range.setStart(node, offset - start)
      range.setEnd(node, offset - start + 1)
      return range.getBoundingClientRect()
    }
    const first = box(at)
    const last = box(at + phrase.length - 1)
    return { startX: first.left + 1, startY: first.top + first.height / 2, endX: last.right - 1, endY: last.top + last.height / 2 }
  }, phrase)
}

/** Drags the mouse over the phrase, as a reader selects it. */
export async function selectWithMouse(page: Page, para: number, phrase: string) {
  const edges = await phraseEdges(page, para, phrase)
  await page.mouse.move(edges.startX, edges.startY)
  await page.mouse.down()
  await page.mouse.move(edges.endX, edges.endY, { steps: 8 })
  await page.mouse.up()
}
