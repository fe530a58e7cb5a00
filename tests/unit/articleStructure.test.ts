import { describe, expect, it } from 'vitest'
import { anchorHighlight } from '../../electron/core/anchoring/anchorHighlight'
import { describeTextRange } from '../../electron/core/anchoring/textSelectors'
import { headingBefore, paragraphAt } from '../../electron/core/articleStructure'
import { readArticleStructure } from '../../electron/core/readArticleStructure'

const HTML = [
  '<p data-para="1">Tot nu toe <em>communiceerden</em> Pyongyang en <a href="https://example.org">Seoul</a> telefonisch.</p>',
  '<h2>Derde top</h2>',
  '<p data-para="2">Kim en <strong>Moon</strong> praten verder.</p>',
].join('\n')

describe('articleStructure', () => {
  it('reads the text as the DOM shows it, with inline markup flattened', async () => {
    const { text } = await readArticleStructure(HTML)
    expect(text).toBe('Tot nu toe communiceerden Pyongyang en Seoul telefonisch.\nDerde top\nKim en Moon praten verder.')
  })

  it('spans each numbered paragraph and each heading', async () => {
    const structure = await readArticleStructure(HTML)
    const { text } = structure
    expect(structure.paragraphs.map(({ start, end }) => text.slice(start, end))).toEqual([
      'Tot nu toe communiceerden Pyongyang en Seoul telefonisch.',
      'Kim en Moon praten verder.',
    ])
    expect(structure.headings).toEqual([{ start: text.indexOf('Derde'), end: text.indexOf('Derde') + 9, text: 'Derde top' }])
  })

  it('spans a numbered preformatted block as a paragraph', async () => {
    const structure = await readArticleStructure('<pre data-para="1">Abstract\n</pre><pre data-para="2">   This draft describes a protocol.\n</pre>')
    expect(structure.paragraphs.map(({ start, end }) => structure.text.slice(start, end))).toEqual(['Abstract\n', '   This draft describes a protocol.\n'])
    expect(paragraphAt(structure, structure.text.indexOf('protocol'))).toBe(2)
  })

  it('places an offset in its paragraph, or in the next one when it falls in a heading', async () => {
    const structure = await readArticleStructure(HTML)
    const { text } = structure
    expect(paragraphAt(structure, text.indexOf('Pyongyang'))).toBe(1)
    expect(paragraphAt(structure, text.indexOf('top'))).toBe(2)
    expect(paragraphAt(structure, text.indexOf('Moon'))).toBe(2)
    expect(headingBefore(structure, text.indexOf('Pyongyang'))).toBeNull()
    expect(headingBefore(structure, text.indexOf('Moon'))).toBe('Derde top')
  })

  it('anchors a quote that runs over emphasis and a link', async () => {
    const { text } = await readArticleStructure(HTML)
    const start = text.indexOf('communiceerden Pyongyang en Seoul')
    const { quote, position } = describeTextRange(text, { start, end: start + 33 })
    expect(anchorHighlight(text, quote, position)).toMatchObject({ start, end: start + 33 })
  })
})
