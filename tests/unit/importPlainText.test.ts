import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { importPlainText } from '../../electron/core/importPlainText'

const SAMPLE = readFileSync(new URL('../../resources/samples/korea-liaison-office-2018.txt', import.meta.url), 'utf8')

describe('importPlainText: the bundled sample article', () => {
  const article = importPlainText(SAMPLE)

  it('reads the leading "date 2018-09" token that shares a line with the text', () => {
    expect(SAMPLE.trimStart().startsWith('date 2018-09 Noord-')).toBe(true)
    expect(article.csl.issued).toEqual({ 'date-parts': [[2018, 9]] })
    expect(article.blocks[0].text.startsWith('Noord- en Zuid-Korea hebben vrijdag')).toBe(true)
    expect(article.blocks[0].text).not.toContain('2018-09')
  })

  it('infers the title from the first sentence, without its full stop', () => {
    expect(article.csl.title).toBe('Noord- en Zuid-Korea hebben vrijdag een verbindingsbureau geopend aan de grens')
    expect(article.titleInferred).toBe(true)
  })

  it('keeps seven paragraphs and one heading, in order', () => {
    const paragraphs = article.blocks.filter((block) => block.kind === 'paragraph')
    expect(paragraphs).toHaveLength(7)
    expect(paragraphs[2].text).toContain('een nieuw tijdperk van vrede')
    expect(article.blocks.filter((block) => block.kind === 'heading')).toEqual([
      { kind: 'heading', text: 'Derde top Kim en Moon' },
    ])
    expect(article.blocks[4]).toEqual({ kind: 'heading', text: 'Derde top Kim en Moon' })
  })

  it('has no header metadata or tags', () => {
    expect(article.tags).toEqual([])
    expect(article.csl.author).toBeUndefined()
    expect(article.csl['container-title']).toBeUndefined()
  })
})

describe('importPlainText: the leading date token', () => {
  it('accepts a year alone and a full date, case-insensitively', () => {
    expect(importPlainText('date 2018\n\nSome text here.').csl.issued).toEqual({ 'date-parts': [[2018]] })
    expect(importPlainText('Date 2018-09-14 Some text here.').csl.issued).toEqual({ 'date-parts': [[2018, 9, 14]] })
  })

  it('leaves an impossible date in the text', () => {
    const article = importPlainText('date 2018-13 Some text here.')
    expect(article.csl.issued).toBeUndefined()
    expect(article.blocks).toEqual([{ kind: 'paragraph', text: 'date 2018-13 Some text here.' }])
  })

  it('does not override a date already given in a header', () => {
    const article = importPlainText('Title: T\nDate: 2018-09-14\n\ndate 2019 Body text.')
    expect(article.csl.issued).toEqual({ 'date-parts': [[2018, 9, 14]] })
    expect(article.blocks).toEqual([{ kind: 'paragraph', text: 'Body text.' }])
  })
})

describe('importPlainText: "key: value" headers', () => {
  it('maps every known key to its field', () => {
    const article = importPlainText(
      [
        'Title: De grens gaat open',
        'Author: Müller, Hans; Jan de Vries',
        'Date: 2018-09-14',
        'Source: NRC Handelsblad',
        'URL: https://example.com/artikel?id=1',
        'Tags: korea, diplomatie; korea',
        'Language: NL',
        'Type: article-newspaper',
        '',
        'The body starts here.',
      ].join('\n'),
    )
    expect(article.csl).toEqual({
      title: 'De grens gaat open',
      author: [{ family: 'Müller', given: 'Hans' }, { literal: 'Jan de Vries' }],
      issued: { 'date-parts': [[2018, 9, 14]] },
      'container-title': 'NRC Handelsblad',
      URL: 'https://example.com/artikel?id=1',
      language: 'nl',
      type: 'article-newspaper',
    })
    expect(article.tags).toEqual(['korea', 'diplomatie'])
    expect(article.titleInferred).toBe(false)
    expect(article.blocks).toEqual([{ kind: 'paragraph', text: 'The body starts here.' }])
  })

  it('keeps a date it cannot parse as a raw date', () => {
    const article = importPlainText('Title: T\nDate: 14 September 2018\n\nBody.')
    expect(article.csl.issued).toEqual({ raw: '14 September 2018' })
  })

  it('ignores a type that is not a CSL type, and unknown keys beside known ones', () => {
    const article = importPlainText('Type: blog\nTitle: T\nMood: cheerful\n\nBody.')
    expect(article.csl).toEqual({ title: 'T' })
    expect(article.blocks).toEqual([{ kind: 'paragraph', text: 'Body.' }])
  })

  it('keeps a first block as text when none of its keys is known', () => {
    const article = importPlainText('Note: this is a sentence.\nRemark: so is this.\n\nThe rest of the text.')
    expect(article.csl.title).toBe('Note: this is a sentence')
    expect(article.titleInferred).toBe(true)
    expect(article.blocks).toEqual([
      { kind: 'paragraph', text: 'Note: this is a sentence. Remark: so is this.' },
      { kind: 'paragraph', text: 'The rest of the text.' },
    ])
  })

  it('keeps a first block as text when one of its lines is not "key: value"', () => {
    const article = importPlainText('Title: Not a header\nbecause this line has no colon\n\nBody.')
    expect(article.csl.title).toBe('Title: Not a header because this line has no colon')
    expect(article.blocks).toHaveLength(2)
  })
})

describe('importPlainText: YAML front matter', () => {
  it('reads a title, an author list, a tag list and a date', () => {
    const article = importPlainText(
      [
        '---',
        'title: "Kim en Moon: derde top"',
        'author:',
        '  - Müller, Hans',
        '  - de Vries, Jan',
        'date: 2018-09-14',
        'tags: [korea, diplomatie]',
        'source: NRC',
        '---',
        'Body text.',
      ].join('\n'),
    )
    expect(article.csl).toEqual({
      title: 'Kim en Moon: derde top',
      author: [
        { family: 'Müller', given: 'Hans' },
        { family: 'de Vries', given: 'Jan' },
      ],
      issued: { 'date-parts': [[2018, 9, 14]] },
      'container-title': 'NRC',
    })
    expect(article.tags).toEqual(['korea', 'diplomatie'])
    expect(article.titleInferred).toBe(false)
    expect(article.blocks).toEqual([{ kind: 'paragraph', text: 'Body text.' }])
  })

  it('turns a date YAML parses as a Date into a calendar date', () => {
    // The core schema leaves 2018-09-14 a string; the explicit tag makes it a Date object.
    const article = importPlainText('---\ntitle: T\ndate: !!timestamp 2018-09-14\n---\nBody.')
    expect(article.csl.issued).toEqual({ 'date-parts': [[2018, 9, 14]] })
  })

  it('reads a year given as a YAML number', () => {
    expect(importPlainText('---\ntitle: T\nyear: 2018\n---\nBody.').csl.issued).toEqual({ 'date-parts': [[2018]] })
  })

  it('accepts CRLF line ends and a "..." end marker', () => {
    const article = importPlainText('---\r\ntitle: T\r\n...\r\nBody.\r\n')
    expect(article.csl.title).toBe('T')
    expect(article.blocks).toEqual([{ kind: 'paragraph', text: 'Body.' }])
  })

  it('treats dashes around text that is not a YAML mapping as text', () => {
    const article = importPlainText('---\njust a line\n---\n\nBody text.')
    expect(article.csl.title).toBe('--- just a line ---')
    expect(article.blocks).toEqual([
      { kind: 'paragraph', text: '--- just a line ---' },
      { kind: 'paragraph', text: 'Body text.' },
    ])
  })
})

describe('importPlainText: paragraphs and headings', () => {
  it('splits paragraphs on blank lines with CRLF line ends, and on whitespace-only lines', () => {
    const article = importPlainText('First paragraph here.\r\n\r\nSecond paragraph here.\r\n  \t\r\nThird one.\r\n')
    expect(article.blocks).toEqual([
      { kind: 'paragraph', text: 'First paragraph here.' },
      { kind: 'paragraph', text: 'Second paragraph here.' },
      { kind: 'paragraph', text: 'Third one.' },
    ])
  })

  it('joins soft-wrapped lines of a paragraph with single spaces', () => {
    const article = importPlainText('Title\n\nThis sentence was\n   wrapped by an editor\nat a short width.')
    expect(article.blocks).toEqual([{ kind: 'paragraph', text: 'This sentence was wrapped by an editor at a short width.' }])
  })

  it('reads a short line without closing punctuation as a heading, and one with it as a paragraph', () => {
    const article = importPlainText('Opening sentence.\n\nA short heading\n\nShort but ended.\n\n“Quoted words”')
    expect(article.blocks).toEqual([
      { kind: 'paragraph', text: 'Opening sentence.' },
      { kind: 'heading', text: 'A short heading' },
      { kind: 'paragraph', text: 'Short but ended.' },
      { kind: 'paragraph', text: '“Quoted words”' },
    ])
  })

  it('reads a line of more than twelve words as a paragraph even without punctuation', () => {
    const long = 'one two three four five six seven eight nine ten eleven twelve thirteen'
    expect(importPlainText(`Intro.\n\n${long}`).blocks[1]).toEqual({ kind: 'paragraph', text: long })
  })

  it('reads a markdown "# Heading" as a heading without the hashes', () => {
    const article = importPlainText('Opening sentence.\n\n## Second part\n\nMore text.')
    expect(article.blocks[1]).toEqual({ kind: 'heading', text: 'Second part' })
  })
})

describe('importPlainText: the title', () => {
  it('takes a leading heading as the title and removes it from the body', () => {
    const article = importPlainText('# Derde top Kim en Moon\n\nHet is een volgende stap.')
    expect(article.csl.title).toBe('Derde top Kim en Moon')
    expect(article.titleInferred).toBe(false)
    expect(article.blocks).toEqual([{ kind: 'paragraph', text: 'Het is een volgende stap.' }])
  })

  it('keeps a heading that is the only block, as both the body and an inferred title', () => {
    const article = importPlainText('Only a heading')
    expect(article.csl.title).toBe('Only a heading')
    expect(article.titleInferred).toBe(true)
    expect(article.blocks).toEqual([{ kind: 'heading', text: 'Only a heading' }])
  })

  it('keeps a question mark that ends the first sentence', () => {
    expect(importPlainText('Is this the end? Nobody knows.').csl.title).toBe('Is this the end?')
  })

  it('cuts a long first sentence at a word boundary with "…", at most 160 characters', () => {
    const sentence = `${'Lorem ipsum dolor sit amet '.repeat(10)}end.`
    const { csl, titleInferred } = importPlainText(sentence)
    const title = csl.title!
    expect(titleInferred).toBe(true)
    expect(title.length).toBeLessThanOrEqual(160)
    expect(title.endsWith('…')).toBe(true)
    const kept = title.slice(0, -1)
    expect(sentence.startsWith(`${kept} `)).toBe(true)
    // The cut falls at the last space within the first 160 characters.
    expect(kept).toBe(sentence.slice(0, 160).slice(0, sentence.slice(0, 160).lastIndexOf(' ')))
  })

  it('leaves the title unset for an empty body', () => {
    const article = importPlainText('\n\n  \n')
    expect(article.blocks).toEqual([])
    expect(article.csl.title).toBeUndefined()
    expect(article.titleInferred).toBe(false)
  })
})

describe('importPlainText: forms met in real files', () => {
  it('reads a YAML author written as CSL name fields', () => {
    const article = importPlainText('---\ntitle: T\nauthor:\n  - family: Vries\n    given: Jan\n    non-dropping-particle: de\n  - literal: NOS\n---\nBody text here.\n')
    expect(article.csl.author).toEqual([{ family: 'Vries', given: 'Jan', 'non-dropping-particle': 'de' }, { literal: 'NOS' }])
  })

  it('ends a header at a line that holds only spaces', () => {
    const article = importPlainText('Title: X\nAuthor: Jansen, Piet\n   \nBody text here.')
    expect(article.csl.title).toBe('X')
    expect(article.csl.author).toEqual([{ family: 'Jansen', given: 'Piet' }])
    expect(article.blocks).toEqual([{ kind: 'paragraph', text: 'Body text here.' }])
  })

  it('separates a Markdown heading from the text on the next line', () => {
    const article = importPlainText('# Title\nBody text here.\n\nMore.')
    expect(article.csl.title).toBe('Title')
    expect(article.blocks).toEqual([
      { kind: 'paragraph', text: 'Body text here.' },
      { kind: 'paragraph', text: 'More.' },
    ])
  })

  it('takes the calendar date of a full timestamp, as static-site generators write it', () => {
    const article = importPlainText('---\ntitle: T\ndate: 2018-09-14T23:30:00-05:00\n---\nBody text here.')
    expect(article.csl.issued).toEqual({ 'date-parts': [[2018, 9, 14]] })
  })
})

describe('importPlainText: values the editor would refuse are not stored', () => {
  it('ignores YAML values that are lists or mappings where one value belongs', () => {
    const article = importPlainText('---\ntitle: {en: Foo}\ndate: []\nlanguage: []\nauthor: Jansen, Piet\n---\nBody text here.')
    expect(article.csl.title).toBe('Body text here')
    expect(article.titleInferred).toBe(true)
    expect(article.csl.issued).toBeUndefined()
    expect(article.csl.language).toBeUndefined()
    expect(article.csl.author).toEqual([{ family: 'Jansen', given: 'Piet' }])
  })

  it('keeps front matter of unknown keys as text rather than dropping it', () => {
    const article = importPlainText('---\nSummary: the war began\n---\n\nBody text here.')
    expect(article.blocks.map((block) => block.text)).toEqual(['--- Summary: the war began ---', 'Body text here.'])
  })

  it('canonicalizes a language code and leaves a language name to detection', () => {
    expect(importPlainText('Title: T\nLanguage: en-gb\n\nBody.').csl.language).toBe('en-GB')
    expect(importPlainText('Title: T\nLanguage: Dutch\n\nBody.').csl.language).toBeUndefined()
  })

  it('keeps a web address, completes a bare host, and drops anything else', () => {
    expect(importPlainText('Title: T\nURL: https://nos.nl/a\n\nBody.').csl.URL).toBe('https://nos.nl/a')
    expect(importPlainText('Title: T\nURL: nos.nl/artikel/1\n\nBody.').csl.URL).toBe('https://nos.nl/artikel/1')
    expect(importPlainText('Title: T\nURL: javascript:alert(1)\n\nBody.').csl.URL).toBeUndefined()
    expect(importPlainText('Title: T\nURL: see the printed edition\n\nBody.').csl.URL).toBeUndefined()
  })

  it('does not end the inferred title at an abbreviation', () => {
    expect(importPlainText('Dr. Jansen zei dat het verdrag werkt. Daarna volgde meer.').csl.title).toBe('Dr. Jansen zei dat het verdrag werkt')
  })
})
