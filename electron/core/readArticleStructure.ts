import { articleStructure, type ArticleStructure } from './articleStructure'

/** The structure of stored content.html, as the reader's DOM will show it. */
export async function readArticleStructure(html: string): Promise<ArticleStructure> {
  // Loaded on first use: an HTML parser is no part of opening the library.
  const { parseHTML } = await import('linkedom')
  // A browser's parser turns CR LF into LF before anything else; linkedom's does not.
  const { document } = parseHTML(`<!doctype html><html><body><div id="article">${html.replace(/\r\n?/g, '\n')}</div></body></html>`)
  return articleStructure(document.getElementById('article') as unknown as Node)
}
