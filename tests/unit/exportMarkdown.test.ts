import { describe, expect, it } from 'vitest'
import { escapeMarkdown } from '../../electron/core/escapeMarkdown'

describe('escapeMarkdown', () => {
  it('keeps quoted text from turning into emphasis, links, headings or lists', () => {
    expect(escapeMarkdown('a *b* [c](d) <e> #f')).toBe('a \\*b\\* \\[c\\](d) \\<e\\> \\#f')
    expect(escapeMarkdown('3. punt')).toBe('3\\. punt')
    expect(escapeMarkdown('- lijst')).toBe('\\- lijst')
    expect(escapeMarkdown('zo’n “vrede” – 2018')).toBe('zo’n “vrede” – 2018')
  })
})
