import { escapeHtml } from './escapeHtml'

/** An article body as the reader shows it: headings and numbered paragraphs. */
export interface ArticleBlock {
  kind: 'heading' | 'paragraph'
  text: string
}

/**
 * The archived HTML of a text article. Paragraphs carry data-para, 1-based over the whole article
 * with headings not counted: the number an APA "para. N" locator cites.
 */
export function renderArticleHtml(blocks: ArticleBlock[]): string {
  let paragraph = 0
  return blocks
    .map((block) =>
      block.kind === 'heading'
        ? `<h2>${escapeHtml(block.text)}</h2>`
        : `<p data-para="${++paragraph}">${escapeHtml(block.text)}</p>`,
    )
    .join('\n')
}

export function countWords(blocks: ArticleBlock[]): number {
  return blocks.reduce((total, block) => total + (block.text.match(/\S+/g)?.length ?? 0), 0)
}
