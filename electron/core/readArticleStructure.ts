import { articleStructure, type ArticleStructure } from './articleStructure'

/** The structure of stored content.html, as the reader's DOM will show it. */
export async function readArticleStructure(html: string): Promise<ArticleStructure> {
  // Loaded on first use: an HTML parser is no part of opening the library.
  const { parseHTML } = await import('linkedom')
  const { document } = parseHTML(`<!doctype html><html><body><div id="article">${html}</div></body></html>`)
  return articleStructure(document.getElementById('article') as unknown as Node)
}
