import { yearOf, type CslItem } from './cslItem'

// Words that never make a good key, in the languages the citation locales cover.
const STOPWORDS = new Set(
  (
    'a an the of and or in on at to for from with by is are was were be as its it this that ' +
    'de het een en of in op aan van voor met door is zijn was waren dat die er te om bij naar ' +
    'der die das ein eine und oder im am zu mit von für ist sind ' +
    'le la les un une des du et ou au aux en pour par sur est ' +
    'el los las una unos y o del al por para con es'
  ).split(' '),
)

// Letters that Unicode does not decompose into a base letter and an accent.
const UNDECOMPOSABLE: Record<string, string> = { ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' }

/** Lowercase ASCII: accents folded, everything else dropped. */
export function foldToAscii(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßæøœłđðþı]/g, (letter) => UNDECOMPOSABLE[letter])
    .replace(/[^a-z0-9]/g, '')
}

function significantWords(title: string | undefined): string[] {
  return (title ?? '')
    .split(/[\s\u2013\u2014/:]+/)
    .map(foldToAscii)
    .filter((word) => word && !STOPWORDS.has(word))
}

/**
 * A Better-BibTeX-like key: the first author's family name (the first title word when there is no
 * author), the year and the first significant title word, e.g. "noord2018zuidkorea". Pinned when the
 * item is added; a collision gets a, b, c.
 */
export function generateCitekey(csl: CslItem, taken: (key: string) => boolean): string {
  const words = significantWords(csl.title)
  const [author] = csl.author ?? []
  // An organization's key word is its first significant one: "The Guardian" gives "guardian".
  const name = author ? (author.family ? foldToAscii(author.family) : (significantWords(author.literal)[0] ?? '')) : ''
  const titleWord = name ? words[0] : words[1]
  const base = `${name || words[0] || 'item'}${yearOf(csl) ?? ''}${titleWord ?? ''}`
  if (!taken(base)) return base
  for (let n = 0; ; n++) {
    const key = base + suffix(n)
    if (!taken(key)) return key
  }
}

// a … z, then aa, ab …
function suffix(n: number): string {
  return n < 26 ? String.fromCharCode(97 + n) : suffix(Math.floor(n / 26) - 1) + suffix(n % 26)
}
