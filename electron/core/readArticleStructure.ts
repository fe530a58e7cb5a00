import { parseHTML } from 'linkedom'
import { articleStructure, type ArticleStructure } from './articleStructure'

/** The structure of stored content.html, as the reader's DOM will show it. */
export function readArticleStructure(html: string): ArticleStructure {
  const { document } = parseHTML(`<!doctype html><html><body><div id="article">${html}</div></body></html>`)
  return articleStructure(document.getElementById('article') as unknown as Node)
}
