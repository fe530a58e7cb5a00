// Curly apostrophes and primes are typed as a straight one; the other quote marks never sit inside a word.
const APOSTROPHES = /[\u2018\u2019\u201B\u2032\u02BC`´]/g
const ASCII = /^[\x00-\x7f]*$/
const COMBINING_MARKS = /\p{M}/gu

/** Lower case without diacritics, with one apostrophe: é = e, ï = i, ’ = '. */
export function foldForSearch(text: string): string {
  // Most words are plain ASCII, which needs no normalizing.
  if (ASCII.test(text)) return text.toLowerCase()
  return text.toLowerCase().normalize('NFKD').replace(COMBINING_MARKS, '').replace(APOSTROPHES, "'")
}
