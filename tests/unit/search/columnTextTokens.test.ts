import { expect, it } from 'vitest'
import type { SearchDocument } from '../../../electron/core/search/searchDocument'
import { SEARCH_FIELDS } from '../../../electron/core/search/searchFields'
import { ftsColumnTextsOfChange } from '../../../electron/node/search/ftsColumnTexts'
import { ftsTokens } from '../../../electron/node/search/impactLists'
import { realParagraphs } from '../../support/realParagraphs'

const doc = (fields: Partial<SearchDocument>): SearchDocument => ({
  id: 'A1', stamp: 's1', citekey: 'a1', trashed: false, language: 'nl', type: 'article', year: 2001, date: '2001-01-01', tags: ['Haven', 'zo’n'],
  title: 'De haven van Rotterdam', authors: 'Émile Zola; J. O’Brien', authorNames: ['Émile Zola', 'J. O’Brien'], container: 'NRC', abstract: '',
  text: '', annotations: [{ id: 'n1', kind: 'note', text: 'Zie **ook** blz. 12–14' }], ...fields,
})

it('gives the tokens of an item’s column texts as FTS5 splits them, the article’s included, so they are not split again', () => {
  const text = realParagraphs().slice(0, 5).join('\n\n')
  // The characters folding and the ASCII tokenizer treat apart: capitals, diacritics, curly apostrophes, digits,
  // dashes, CJK, Roman numerals, the Turkish dotted capital, and a letter outside the BMP that folds to an ASCII capital.
  const abstract = 'İSTANBUL’s CAFÉ — 12½ x-ray 東京 Ⅻ naïve don\'t ’t O’Neill Straße ﬁ 𝒜lpha'
  const before = doc({ text, abstract })
  const after = doc({ text, abstract, title: 'De haven van Rotterdam elders bewerkt' })
  const tokens = new Map<string, string[]>()
  const texts = ftsColumnTextsOfChange(before, after, tokens)
  const article = SEARCH_FIELDS.indexOf('text')
  // The article's words and stems, shared by both sides, are given once.
  expect(texts.before.exact[article]).toBe(texts.after.exact[article])
  expect(tokens.get(texts.after.exact[article])?.length).toBeGreaterThan(100)
  expect(tokens.has(texts.after.stems[article])).toBe(true)
  // A folded capital is left to ftsTokens, which lowers it as FTS5 does.
  expect(tokens.has(texts.after.exact[SEARCH_FIELDS.indexOf('abstract')])).toBe(false)
  // Every text given is split exactly as FTS5's tokenizer (ftsTokens) splits it.
  for (const side of [texts.before, texts.after]) for (const column of [...side.exact, ...side.stems]) if (tokens.has(column)) expect(tokens.get(column)).toEqual(ftsTokens(column))
})
