import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseHTML } from 'linkedom'
import { describe, expect, it } from 'vitest'
import { checkElementCount, checkNestingDepth, PAGE_LIMITS } from '../../../electron/core/capture/checkPageComplexity'
import { repoRoot } from '../../support/tempLibrary'

const nested = (depth: number) => `<html><body>${'<div>'.repeat(depth)}text${'</div>'.repeat(depth)}</body></html>`
const root = (html: string) => parseHTML(html).document.documentElement as unknown as Element

describe('checkPageComplexity', () => {
  it('lets a real page through', async () => {
    const page = await readFile(join(repoRoot, 'tests/fixtures/pages/wikipedia-mozilla.html'), 'utf8')
    expect(() => checkElementCount(page, 'mozilla.html')).not.toThrow()
    expect(() => checkNestingDepth(root(page), 'mozilla.html')).not.toThrow()
  })

  it('counts elements, not every "<" of the text', () => {
    const text = `<p>${'x < y, 3<4 and <= '.repeat(1000)}</p>`
    expect(() => checkElementCount(text, 'maths.html', 1)).not.toThrow()
    expect(() => checkElementCount('<P>a</P><p>b</p><br>', 'tags.html', 2)).toThrow('tags.html is too complex to extract (about 3 elements; the limit is 2).')
  })

  it('refuses a page nested deeper than the limit, saying how deep', () => {
    // <html>, <body> and the divs: the limit itself passes, one level more does not.
    expect(() => checkNestingDepth(root(nested(PAGE_LIMITS.maxDepth - 2)), 'at-limit.html')).not.toThrow()
    expect(() => checkNestingDepth(root(nested(PAGE_LIMITS.maxDepth - 1)), 'over.html')).toThrow(
      `over.html is too complex to extract (nested ${PAGE_LIMITS.maxDepth + 1} levels deep; the limit is ${PAGE_LIMITS.maxDepth}).`,
    )
    expect(() => checkNestingDepth(root(nested(2000)), 'deep.html')).toThrow('deep.html is too complex to extract (nested 2,002 levels deep; the limit is 200).')
  })
})
