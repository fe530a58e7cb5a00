import { readFile, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TextQuoteSelector } from '../../electron/core/anchoring/textSelectors'
import type { ArchiveApi, Item } from '../../electron/core/archiveApi'
import { renderArticleHtml } from '../../electron/core/articleBlocks'
import { importPlainText } from '../../electron/core/importPlainText'
import { readArticleStructure } from '../../electron/core/readArticleStructure'
import { makeTempDir, samplePath, useTempDir } from '../support/tempLibrary'
import { ownAnnotationsPath } from '../support/libraryFiles'
import { workerTransport, directTransport, httpTransport, ipcTransport, refusal, type OpenedClient } from './transports'

const QUOTE = 'een nieuw tijdperk van vrede'

describe.each([directTransport, ipcTransport, httpTransport, workerTransport])('annotations over $name', (transport) => {
  const temp = useTempDir()
  let client: OpenedClient
  let api: ArchiveApi
  let item: Item

  beforeEach(async () => {
    client = await transport.open(temp.libraryDir)
    api = client.api
    item = await api.addSampleArticle({})
  })

  afterEach(async () => {
    await client.close()
  })

  it('anchors a highlight by its quote in paragraph 3 and lists highlights in reading order', async () => {
    const later = await api.addHighlight({ id: item.id, quote: 'Derde top Kim en Moon', color: 'green' })
    const highlight = await api.addHighlight({ id: item.id, quote: QUOTE, note: 'Cho speaks.' })
    expect(highlight).toMatchObject({ quote: QUOTE, paragraph: 3, heading: null, color: 'yellow', note: 'Cho speaks.', orphan: false })
    expect(later).toMatchObject({ paragraph: 5, heading: 'Derde top Kim en Moon' })
    const { highlights, notes } = await api.listAnnotations({ id: item.id })
    expect(highlights.map((entry) => entry.id)).toEqual([highlight.id, later.id])
    expect(notes).toEqual([])
  })

  it('takes a selection as offsets, and refuses offsets that do not hold the quote', async () => {
    const { html } = await api.getContent({ id: item.id })
    const { text } = await readArticleStructure(html)
    const start = text.indexOf('Pyongyang en Seoul')
    const highlight = await api.addHighlight({ id: item.id, quote: 'Pyongyang en Seoul', start, end: start + 18 })
    expect(highlight).toMatchObject({ paragraph: 2, range: { start, end: start + 18 } })
    expect(await refusal(api.addHighlight({ id: item.id, quote: 'Pyongyang en Seoul', start: start + 1, end: start + 19 }))).toEqual({
      code: 'invalid_argument',
      message: 'The selection does not match the text of the article; select the passage again.',
    })
  })

  it('edits, deletes and restores a highlight, and keeps notes on the item', async () => {
    const highlight = await api.addHighlight({ id: item.id, quote: QUOTE })
    let annotations = await api.updateAnnotation({ id: item.id, annotationId: highlight.id, color: 'purple', note: 'A *new* era.' })
    expect(annotations.highlights[0]).toMatchObject({ color: 'purple', note: 'A *new* era.' })
    const note = await api.addNote({ id: item.id, note: 'Read the **Yonhap** report.' })
    annotations = await api.deleteAnnotation({ id: item.id, annotationId: highlight.id })
    expect(annotations.highlights).toEqual([])
    expect(annotations.notes.map((entry) => entry.id)).toEqual([note.id])
    annotations = await api.restoreAnnotation({ id: item.id, annotationId: highlight.id })
    expect(annotations.highlights[0]).toMatchObject({ id: highlight.id, color: 'purple', note: 'A *new* era.' })
    expect(await refusal(api.restoreAnnotation({ id: item.id, annotationId: highlight.id }))).toEqual({
      code: 'not_found',
      message: `There is no deleted highlight or note with id "${highlight.id}" on this item.`,
    })
    expect(await refusal(api.addNote({ id: item.id, note: '   ' }))).toEqual({ code: 'invalid_argument', message: 'A note needs some text.' })
  })

  it('exports W3C JSON-LD that imports back with nothing lost', async () => {
    await api.addHighlight({ id: item.id, quote: QUOTE, color: 'blue', note: 'Cho.' })
    await api.addNote({ id: item.id, note: 'On the liaison office.' })
    const before = await api.listAnnotations({ id: item.id })
    const exported = await api.exportAnnotations({ id: item.id, format: 'jsonld' })
    const collection = JSON.parse(exported.content)
    expect(collection).toMatchObject({ type: 'AnnotationCollection', total: 2, first: { type: 'AnnotationPage' } })
    expect(collection['@context'][0]).toBe('http://www.w3.org/ns/anno.jsonld')

    for (const entry of [...before.highlights, ...before.notes]) await api.deleteAnnotation({ id: item.id, annotationId: entry.id })
    expect(await api.importAnnotations({ id: item.id, content: exported.content })).toEqual({ imported: 2, unchanged: 0, orphaned: 0 })
    expect(await api.listAnnotations({ id: item.id })).toEqual(before)
    expect(await api.importAnnotations({ id: item.id, content: exported.content })).toEqual({ imported: 0, unchanged: 2, orphaned: 0 })
  })

  it('refuses a file of annotations that are not W3C text annotations, and imports nothing', async () => {
    const bad = JSON.stringify([{ type: 'Annotation', id: 'urn:x:1', motivation: 'highlighting', created: 'x', modified: 'x', body: [], target: { source: 'x' } }])
    expect(await refusal(api.importAnnotations({ id: item.id, content: bad }))).toEqual({
      code: 'invalid_argument',
      message: 'Entry 1 of the annotations file has no TextQuoteSelector; nothing was imported.',
    })
    expect(await refusal(api.importAnnotations({ id: item.id, content: '{"a":' }))).toEqual({ code: 'invalid_argument', message: 'The annotations file is not valid JSON.' })
    expect((await api.listAnnotations({ id: item.id })).highlights).toEqual([])
  })

  it('exports Markdown with the reference, each quote with its locator, and the notes', async () => {
    await api.addHighlight({ id: item.id, quote: QUOTE, note: 'Cho speaks.' })
    await api.addNote({ id: item.id, note: 'On the office.' })
    const file = await api.exportAnnotations({ id: item.id, format: 'markdown' })
    expect(file).toMatchObject({ fileName: 'noord2018zuidkorea.md', mediaType: 'text/markdown' })
    expect(file.content).toBe(
      [
        '# Noord- en Zuid-Korea hebben vrijdag een verbindingsbureau geopend aan de grens',
        '',
        'Noord- en Zuid-Korea hebben vrijdag een verbindingsbureau geopend aan de grens. (2018).',
        '',
        '## Highlights',
        '',
        `> ${QUOTE}`,
        '> — para. 3 · Key point',
        '',
        'Cho speaks.',
        '',
        '## Notes',
        '',
        'On the office.',
        '',
      ].join('\n'),
    )
  })

  it('exports a quote across paragraphs as one blockquote of two paragraphs, with a range locator, its text escaped', async () => {
    await api.addHighlight({ id: item.id, quote: 'Tweede Wereldoorlog.\nTot nu toe', color: 'green' })
    const { content } = await api.exportAnnotations({ id: item.id, format: 'markdown' })
    expect(content).toContain('> Tweede Wereldoorlog.\n>\n> Tot nu toe\n> — paras. 1–2 · Evidence\n')
  })

  it('writes a highlight to the item’s own annotations file, never to its record', async () => {
    const record = await readFile(join(temp.libraryDir, 'items', item.id, 'item.json'), 'utf8')
    const highlight = await api.addHighlight({ id: item.id, quote: QUOTE })
    expect(await readFile(join(temp.libraryDir, 'items', item.id, 'item.json'), 'utf8')).toBe(record)
    const stored = JSON.parse(await readFile(ownAnnotationsPath(temp.libraryDir, item.id), 'utf8'))
    expect(stored.annotations[0]).toMatchObject({
      id: `urn:scriptorium:annotation:${highlight.id}`,
      type: 'Annotation',
      motivation: 'highlighting',
      target: { source: `urn:scriptorium:item:${item.id}`, selector: [{ type: 'TextQuoteSelector', exact: QUOTE }, { type: 'TextPositionSelector' }] },
      'scriptorium:paragraph': 3,
    })
  })
})

describe('re-anchoring when the archived text is extracted again', () => {
  it('moves highlights with their text, and keeps the ones whose text is gone as orphans', async () => {
    const temp = await makeTempDir()
    try {
      const libraryDir = join(temp.dir, 'library')
      const first = (await directTransport.open(libraryDir)).api
      const item = await first.addSampleArticle({})
      const kept = await first.addHighlight({ id: item.id, quote: QUOTE, note: 'Cho speaks.' })
      const lost = await first.addHighlight({ id: item.id, quote: 'Noord-Korea deed dat jaar meerdere testen met langeafstandraketten' })

      // A new extraction of the same article: a paragraph inserted before, one sentence rewritten.
      const sample = await readFile(samplePath, 'utf8')
      const edited = sample
        .replace(' date 2018-09 ', 'Een ingevoegde inleiding van de redactie.\n\n')
        .replace('Noord-Korea deed dat jaar meerdere testen met langeafstandraketten.', 'Dat jaar werden er geen proeven meer gedaan.')
      await writeFile(join(libraryDir, 'items', item.id, 'content.html'), renderArticleHtml(importPlainText(edited).blocks))

      const { highlights } = await (await directTransport.open(libraryDir)).api.listAnnotations({ id: item.id })
      expect(highlights.map(({ id, orphan, paragraph, note }) => ({ id, orphan, paragraph, note }))).toEqual([
        { id: kept.id, orphan: false, paragraph: 4, note: 'Cho speaks.' },
        { id: lost.id, orphan: true, paragraph: 4, note: '' },
      ])
      expect(highlights[1].range).toBeNull()
      expect(highlights[1].quote).toBe('Noord-Korea deed dat jaar meerdere testen met langeafstandraketten')
    } finally {
      await temp.remove()
    }
  })
})

describe('annotations from elsewhere', () => {
  const temp = useTempDir()
  let api: ArchiveApi
  let item: Item

  beforeEach(async () => {
    api = (await directTransport.open(temp.libraryDir)).api
    item = await api.addSampleArticle({})
  })

  const foreign = (id: string, prefix = 'kondigde ') => ({
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id,
    type: 'Annotation',
    motivation: 'highlighting',
    created: '2024-01-01T00:00:00.000Z',
    modified: '2024-01-01T00:00:00.000Z',
    body: [{ type: 'TextualBody', value: 'From Hypothesis.', format: 'text/markdown', purpose: 'commenting' }],
    target: {
      source: 'https://example.org/article',
      selector: [
        { type: 'TextQuoteSelector', exact: QUOTE, prefix, suffix: '” aan.' },
        { type: 'TextPositionSelector', start: 938, end: 966 },
      ],
    },
  })

  it('gives another tool’s annotation a local id, keeps the original as "via", and knows it on a second import', async () => {
    const content = JSON.stringify([foreign('urn:other:"odd id"')])
    expect(await api.importAnnotations({ id: item.id, content })).toEqual({ imported: 1, unchanged: 0, orphaned: 0 })
    expect(await api.importAnnotations({ id: item.id, content })).toEqual({ imported: 0, unchanged: 1, orphaned: 0 })
    const [highlight] = (await api.listAnnotations({ id: item.id })).highlights
    expect(highlight.id).toMatch(/^[2-9A-Z]{8}$/)
    expect(highlight).toMatchObject({ quote: QUOTE, paragraph: 3, note: 'From Hypothesis.', orphan: false })
    const stored = JSON.parse(await readFile(ownAnnotationsPath(temp.libraryDir, item.id), 'utf8'))
    expect(stored.annotations[0].via).toBe('urn:other:"odd id"')
    expect((await api.deleteAnnotation({ id: item.id, annotationId: highlight.id })).highlights).toEqual([])
  })

  it('reads only the context next to the quote, however long an imported one is', async () => {
    const started = performance.now()
    await api.importAnnotations({ id: item.id, content: JSON.stringify([foreign('urn:other:long', `${'x'.repeat(5000)}kondigde `)]) })
    const [highlight] = (await api.listAnnotations({ id: item.id })).highlights
    expect(highlight.orphan).toBe(false)
    expect((highlight.target.selector![0] as TextQuoteSelector).prefix).toHaveLength(32)
    expect(performance.now() - started).toBeLessThan(5000) // unbounded context took 15 s a highlight
  })

  it('sets aside and names each damaged entry of an annotation file, shows and searches the rest, and keeps the damaged ones on disk', async () => {
    const kept = await api.addHighlight({ id: item.id, quote: QUOTE })
    const path = ownAnnotationsPath(temp.libraryDir, item.id)
    const name = basename(path)
    const file = JSON.parse(await readFile(path, 'utf8'))
    file.annotations.push({ ...file.annotations[0], id: 'urn:scriptorium:annotation:BROKEN22', body: undefined }, null)
    await writeFile(path, JSON.stringify(file))
    const annotations = await api.listAnnotations({ id: item.id })
    expect(annotations.highlights.map((entry) => entry.id)).toEqual([kept.id])
    expect(annotations.damaged).toBe(2)
    expect(annotations.setAside).toEqual([
      `Entry 2 (BROKEN22) of ${name} has a body that is not text; it was set aside and is kept in the file.`,
      `Entry 3 of ${name} is not a W3C annotation with an id; it was set aside and is kept in the file.`,
    ])
    // The item and its sound highlight stay searchable.
    await api.updateAnnotation({ id: item.id, annotationId: kept.id, note: 'marmoset remark' })
    expect((await api.search({ query: 'marmoset' })).hits.map((hit) => hit.id)).toEqual([item.id])
    expect((await api.search({ query: 'verbindingsbureau' })).hits.map((hit) => hit.id)).toEqual([item.id])
    await api.addNote({ id: item.id, note: 'Still writable.' })
    const after = JSON.parse(await readFile(path, 'utf8'))
    expect(after.annotations).toHaveLength(4)
    expect(after.annotations).toContainEqual(file.annotations[1])
    expect(after.annotations).toContain(null)
  })
})

describe('annotations imported into another article', () => {
  it('are kept, and the import says how many do not anchor there', async () => {
    const temp = await makeTempDir()
    try {
      const api = (await directTransport.open(join(temp.dir, 'library'))).api
      const sample = await api.addSampleArticle({})
      await api.addHighlight({ id: sample.id, quote: QUOTE })
      const { content } = await api.exportAnnotations({ id: sample.id, format: 'jsonld' })
      const text = 'Title: Een ander artikel\n\nDit artikel gaat over iets heel anders, namelijk de bouw van dijken.\n'
      const [other] = (await api.importFiles({ files: [{ name: 'ander.txt', dataBase64: Buffer.from(text).toString('base64') }] })).added
      expect(await api.importAnnotations({ id: other.id, content })).toEqual({ imported: 1, unchanged: 0, orphaned: 1 })
      expect((await api.listAnnotations({ id: other.id })).highlights.map(({ quote, orphan }) => ({ quote, orphan }))).toEqual([{ quote: QUOTE, orphan: true }])
    } finally {
      await temp.remove()
    }
  })
})
