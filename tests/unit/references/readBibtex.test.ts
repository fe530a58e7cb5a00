import { describe, expect, it } from 'vitest'
import { readReferences } from '../../../electron/core/references/readReferences'

async function read(bib: string) {
  return readReferences(bib, 'test.bib', 'bibtex')
}

describe('readBibtex: BibTeX as biber reads it', () => {
  it('reads an entry in parentheses, with @string macros and # concatenation', async () => {
    const file = await read(`@string{jams = {J.~Amer. Math. Soc.}}
@article(smith2020,
  author = {Smith, John},
  title = {On Parentheses (and Braces)},
  journal = jams # { Letters},
  year = 2020
)`)
    expect(file.problems).toEqual([])
    expect(file.entries).toHaveLength(1)
    expect(file.entries[0].key).toBe('smith2020')
    expect(file.entries[0].csl['container-title']).toBe('J.\u00a0Amer. Math. Soc. Letters')
    expect(file.entries[0].csl.title).toBe('On Parentheses (and Braces)')
  })

  it('reads a parenthesised entry whose quoted values hold parentheses, and the entry after it', async () => {
    const file = await read(`@article(Swinney:79,
	title =		"Lexical access during sentence comprehension: (re)consideration of context effects",
	note = "(Special issue on time-oriented systems)",
	year =		{1979}
)

@book(Emonds:76, title = "A Transformational Approach", year = {1976})`)
    expect(file.problems).toEqual([])
    expect(file.entries.map((entry) => entry.key)).toEqual(['Swinney:79', 'Emonds:76'])
    expect(file.entries[0].csl.title).toBe('Lexical access during sentence comprehension: (re)consideration of context effects')
    expect(file.entries[0].csl.note).toBe('(Special issue on time-oriented systems)')
  })

  it('reads a month written into the year, as old .bib files do, as year and month', async () => {
    const file = await read(`@techreport(Hirst:79, title = {Anaphora}, institution = {Toronto}, year = {May 1979})
@techreport(Woods:78, title = {Research}, institution = {BBN}, year = {January 1978})
@misc(k3, title = {Undated}, year = {Spring 1980})`)
    expect(file.entries.map((entry) => entry.csl.issued)).toEqual([{ 'date-parts': [[1979, 5]] }, { 'date-parts': [[1978, 1]] }, { literal: 'Spring 1980' }])
  })

  it('leaves out a name that is only an undefined macro, as BibTeX reads it empty', async () => {
    const file = await read(`@inproceedings(ingrand99, author = INGRAND # " and Olivier Despouys", title = {Propice-Plan}, year = 1999)`)
    expect(file.problems).toEqual([])
    expect(file.entries[0].csl.author).toEqual([{ given: 'Olivier', family: 'Despouys' }])
  })

  it('splits only name lists at "and": a publisher "John Wiley and Sons" stays one', async () => {
    const file = await read(`@book{k1, author = {Kullback, S. and Leibler, R.}, title = {Info}, publisher = {John Wiley and Sons}, year = 1959}`)
    expect(file.problems).toEqual([])
    expect(file.entries[0].csl.publisher).toBe('John Wiley and Sons')
    expect(file.entries[0].csl.author).toEqual([{ family: 'Kullback', given: 'S.' }, { family: 'Leibler', given: 'R.' }])
  })

  it('reads a note with \\enquote* instead of refusing the entry', async () => {
    const file = await read(`@misc{k2, title = {X}, note = {See \\enquote*{foo} here}, year = 2001}`)
    expect(file.problems).toEqual([])
    expect(file.entries[0].csl.note).toContain('foo')
    expect(file.entries[0].csl.note).not.toContain('\\')
  })

  it('maps Mendeley and JabRef types to the nearest CSL type, and names an unknown type', async () => {
    const file = await read(`@web_page{k3, title = {Page}, url = {http://x.org}, year = 2001}
@book_section{k4, title = {Sec}, booktitle = {Book}, author = {A, B}, editor = {C, D}, year = 2001}
@generic{k5, title = {Gen}, year = 2001}
@electronic{k6, title = {E}, year = 2001}
@frobnicate{k7, title = {F}}`)
    expect(Object.fromEntries(file.entries.map((entry) => [entry.key, entry.csl.type]))).toEqual({ k3: 'webpage', k4: 'chapter', k5: 'document', k6: 'webpage' })
    expect(file.problems).toEqual(['The entry k7 (line 5) has the type @frobnicate, which neither biblatex nor any reference manager we know defines.'])
  })

  it('turns LaTeX into Unicode: accents over a dotless i, letters run into words, \\hyphen', async () => {
    const file = await read(`@book{k6, author = {Mart{\\'\\i}n, Jos{\\'e} and B\\aa\\aa tnes, Ole and G\\"{o}del, Kurt}, title = {Foo\\hyphen{}bar {DNA} \\& Co}, year = 2001}`)
    const [entry] = file.entries
    expect(entry.csl.author).toEqual([
      { family: 'Martín', given: 'José' },
      { family: 'Bååtnes', given: 'Ole' },
      { family: 'Gödel', given: 'Kurt' },
    ])
    expect(entry.csl.title).toBe('Foo-bar DNA & Co')
  })

  it('splits a control word glued to the next letters (B\\aatnes is Båtnes)', async () => {
    const file = await read(`@book{k8, author = {B\\aatnes, Ole}, title = {T}, year = 2001}`)
    expect(file.entries[0].csl.author).toEqual([{ family: 'Båtnes', given: 'Ole' }])
  })

  it('keeps the address as written: %2f is not encoded again', async () => {
    const file = await read(`@misc{k7, url = {http://x.org/a%2fb?q=1&r=2}, title = {x}, year = 2000}`)
    expect(file.entries[0].csl.URL).toBe('http://x.org/a%2fb?q=1&r=2')
  })

  it('keeps keys byte for byte, with : . - + / included', async () => {
    const keys = ['averroes/bland', 'a:b.c-d+e', 'Knuth1984*']
    const file = await read(keys.map((key) => `@book{${key}, title = {T}, year = 2000}`).join('\n'))
    expect(file.entries.map((entry) => entry.key)).toEqual(keys)
  })

  it('reads a keyless Mendeley entry and leaves the key to the library', async () => {
    const file = await read(`@web_page{,\n   author = {Marc Espinos Longa},\n   title = {UK Active Power Demand},\n   year = {2023}\n}`)
    expect(file.problems).toEqual([])
    expect(file.entries[0].key).toBeUndefined()
    expect(file.entries[0].source.startsWith('@web_page{,')).toBe(true)
  })

  it('resolves crossref and xdata parents, keeps the crossref as a relation, and names the xdata entry', async () => {
    const file = await read(`@incollection{child, author = {Westfahl, Gary}, title = {The True Frontier}, pages = {55--65}, crossref = {parent}, xdata = {pub}}
@collection{parent, editor = {Westfahl, Gary}, title = {Space and Beyond}, year = 2000}
@xdata{pub, publisher = {Greenwood}, location = {Westport, Conn. and London}}`)
    const child = file.entries.find((entry) => entry.key === 'child')!
    expect(child.csl['container-title']).toBe('Space and Beyond')
    expect(child.csl.editor).toEqual([{ family: 'Westfahl', given: 'Gary' }])
    expect(child.csl.issued).toEqual({ 'date-parts': [[2000]] })
    expect(child.csl.publisher).toBe('Greenwood')
    expect(child.csl['publisher-place']).toBe('Westport, Conn.; London')
    expect(child.csl.custom).toMatchObject({ crossref: 'parent' })
    expect(file.problems).toEqual(['The entry pub (line 3) is an @xdata entry, which holds fields for other entries and is not a reference itself.'])
  })

  it('stores a sentence-case title for English entries, keeping braced words, and none for others', async () => {
    const file = await read(`@article{en, title = {The Rise of {DNA} Sequencing in {Europe}}, subtitle = {A History}, journal = {J}, year = 2001}
@article{de, title = {Die Geschichte der Stadt}, langid = {ngerman}, journal = {J}, year = 2001}`)
    const [en, de] = file.entries
    expect(en.csl.title).toBe('The Rise of DNA Sequencing in Europe: A History')
    expect(en.csl.custom).toMatchObject({ 'title-sentence-case': 'The rise of DNA sequencing in Europe: A history' })
    expect(de.csl.custom).not.toHaveProperty('title-sentence-case')
    expect(de.csl.language).toBe('de')
  })

  it('sentence-cases compounds and the title of the book a chapter is in as pandoc does, never a journal name', async () => {
    const file = await read(`@incollection{ch, author = {A, B}, editor = {E, F}, title = {A Higher-Order History of Self-Driving {X-Ray} Cars}, booktitle = {The Cambridge Companion to Early-Modern {Philosophy}}, year = 2000}
@article{ar, author = {A, B}, title = {Talking to O'Brien d'Interaction at McDonald's}, journal = {Journal of Higher-Order Studies}, year = 2000}`)
    const [chapter, article] = file.entries
    expect(chapter.csl.custom).toMatchObject({
      'title-sentence-case': 'A higher-order history of self-driving X-Ray cars',
      'container-title-sentence-case': 'The cambridge companion to early-modern Philosophy',
    })
    expect(article.csl.custom).toMatchObject({ 'title-sentence-case': "Talking to o'brien d'interaction at McDonald's" })
    expect(article.csl.custom).not.toHaveProperty('container-title-sentence-case')
  })

  it('names an unterminated entry by key and line and still reads the rest', async () => {
    const file = await read(`@article{broken, title = {No end\n\n@book{fine, title = {Fine}, year = 2001}`)
    expect(file.entries.map((entry) => entry.key)).toEqual(['fine'])
    expect(file.problems).toEqual(['The entry broken (line 1) is not terminated: a closing brace is missing.'])
  })
})
