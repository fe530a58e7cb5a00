/**
 * Entry types that reference managers write but biblatex does not define, by the biblatex type
 * nearest in meaning. Mendeley writes `@web_page`, `@book_section`, `@generic`…; JabRef and old
 * BibTeX styles `@conference`, `@electronic`, `@www`; Zotero's exports `@jurisdiction`-like ones.
 */
const ALIASES: Record<string, string> = {
  web_page: 'online',
  webpage: 'online',
  website: 'online',
  electronic: 'online',
  www: 'online',
  book_section: 'incollection',
  booksection: 'incollection',
  chapter: 'incollection',
  generic: 'misc',
  journal_article: 'article',
  journalarticle: 'article',
  magazine_article: 'article',
  newspaper_article: 'article',
  conference_proceedings: 'inproceedings',
  conference_paper: 'inproceedings',
  working_paper: 'report',
  computer_program: 'software',
  statute: 'legislation',
  bill: 'legislation',
  case: 'jurisdiction',
  hearing: 'jurisdiction',
  television_broadcast: 'video',
  film: 'movie',
  encyclopedia_article: 'inreference',
  mastersthesis: 'mastersthesis',
  phdthesis: 'phdthesis',
  techreport: 'techreport',
}

/** The entry subtype an alias implies, which the CSL type then reflects. */
const SUBTYPES: Record<string, string> = { magazine_article: 'magazine', newspaper_article: 'newspaper' }

// Every type of biblatex's data model (biblatex.def), plus BibTeX's own, which biblatex aliases.
const KNOWN = new Set(
  (
    'article book mvbook inbook bookinbook suppbook booklet collection mvcollection incollection suppcollection ' +
    'dataset manual misc online patent periodical suppperiodical proceedings mvproceedings inproceedings reference ' +
    'mvreference inreference report set software thesis unpublished xdata artwork audio bibnote commentary image ' +
    'jurisdiction legislation legal letter movie music performance review standard video conference mastersthesis ' +
    'phdthesis techreport'
  ).split(' '),
)

/** The biblatex type to read an entry as, and the subtype an alias carries; undefined for a type nobody knows. */
export function biblatexTypeOf(written: string): { type: string; subtype?: string } | undefined {
  const type = written.toLowerCase()
  if (KNOWN.has(type)) return { type }
  const alias = ALIASES[type] ?? ALIASES[type.replace(/[-\s]/g, '_')]
  return alias ? { type: alias, ...(SUBTYPES[type] ? { subtype: SUBTYPES[type] } : {}) } : undefined
}
