/**
 * What citation-js's LaTeX decoder lacks for real .bib files: commands biber's full decoding
 * set knows, control words glued to the text after them (`B\aatnes`), starred commands
 * (`\enquote*{…}`), and accents over a dotless i (`{\'\i}`).
 */

/** Commands without an argument that citation-js 0.8 leaves as written. */
export const EXTRA_LATEX_COMMANDS: Record<string, string> = {
  hyphen: '-',
  textendash: '\u2013',
  textemdash: '\u2014',
  textquotedblleft: '\u201c',
  textquotedblright: '\u201d',
  textquoteleft: '\u2018',
  textquoteright: '\u2019',
  textellipsis: '\u2026',
  ldots: '\u2026',
  dots: '\u2026',
  textasteriskcentered: '*',
  textbullet: '\u2022',
  textdagger: '\u2020',
  textdaggerdbl: '\u2021',
  textperthousand: '\u2030',
  textnumero: '\u2116',
  texttrademark: '\u2122',
  textservicemark: '\u2120',
  textohm: '\u2126',
  textmho: '\u2127',
  textestimated: '\u212e',
  texteuro: '\u20ac',
  euro: '\u20ac',
  textcelsius: '\u2103',
  textdegree: '\u00b0',
  textminus: '\u2212',
  textvisiblespace: '\u2423',
  textslash: '/',
  slash: '/',
  nobreakspace: '\u00a0',
  nobreakdash: '-',
  textnbhyphen: '\u2011',
  LaTeX: 'LaTeX',
  TeX: 'TeX',
  BibTeX: 'BibTeX',
  LaTeXe: 'LaTeX2e',
  aa: '\u00e5',
  AA: '\u00c5',
  '-': '',
  '/': '',
  '@': '',
  ',': '\u2009',
  ';': '\u2005',
  ' ': ' ',
}

/** Letters given by a control word, which TeX users run into the next word (`B\aatnes` for Båtnes). */
const LETTER_COMMANDS = ['aa', 'AA', 'ae', 'AE', 'oe', 'OE', 'ss', 'SS', 'o', 'O', 'l', 'L', 'i', 'j', 'dh', 'DH', 'th', 'TH', 'ng', 'NG', 'dj', 'DJ']

export interface LatexVocabulary {
  has(command: string): boolean
}

/**
 * Rewrites a raw field value so that citation-js's grammar reads it: `\enquote*{x}` → `\enquote{x}`,
 * and an unknown control word that begins with a letter command is split (`\aatnes` → `\aa{}tnes`).
 */
export function prepareLatex(value: string, known: LatexVocabulary): string {
  return value
    .replace(/\\([a-zA-Z]+)\*/g, '\\$1')
    .replace(/\\([a-zA-Z]+)/g, (whole, word: string) => {
      if (known.has(word)) return whole
      const letter = LETTER_COMMANDS.filter((command) => word.startsWith(command)).sort((a, b) => b.length - a.length)[0]
      return letter ? `\\${letter}{}${word.slice(letter.length)}` : whole
    })
}

/**
 * What the decoder leaves: `\'\i` gives a dotless ı with a combining accent, which must become í;
 * a command nobody knows is dropped, keeping its argument (as pandoc and biber do), never printed.
 */
export function finishDecodedText(text: string): string {
  return text
    .replace(/\u0131(\p{M})/gu, 'i$1')
    .replace(/\u0237(\p{M})/gu, 'j$1')
    .normalize('NFC')
    .replace(/\\[a-zA-Z]+\s?/g, '')
}
