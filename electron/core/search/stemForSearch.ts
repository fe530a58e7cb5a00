import { newStemmer } from 'snowball-stemmers'

type Stem = (word: string) => string

const dutch = newStemmer('dutch')
const english = newStemmer('english')
const STEMMERS: Record<string, Stem> = {
  nl: (word) => dutch.stem(word),
  en: (word) => english.stem(word),
}
const unchanged: Stem = (word) => word

/** The snowball stemmer for an item's language ("nl", "en-GB", …); other languages keep whole words. */
export function stemmerFor(language: string | undefined): Stem {
  const code = (language ?? '').toLowerCase().slice(0, 2)
  return STEMMERS[code] ?? unchanged
}

/**
 * A query word's possible index terms: the query has no language of its own, so it is stemmed
 * as Dutch and as English, and kept whole for items in other languages.
 */
export function queryTermsFor(word: string): string[] {
  let terms = queryTerms.get(word)
  if (!terms) {
    terms = [...new Set([word, dutch.stem(word), english.stem(word)])]
    // Snowball takes about 10 µs a word; a query asks for the same word several times.
    if (queryTerms.size > 10_000) queryTerms.clear()
    queryTerms.set(word, terms)
  }
  return terms
}

const queryTerms = new Map<string, string[]>()

const stemCaches = new WeakMap<(word: string) => string, Map<string, string>>()

/** A word's stem, remembered: snowball takes about 10 µs a word, and texts repeat their words. */
export function stemCached(stem: (word: string) => string, word: string): string {
  let cache = stemCaches.get(stem)
  if (!cache) stemCaches.set(stem, (cache = new Map()))
  let term = cache.get(word)
  if (term === undefined) {
    term = stem(word)
    if (cache.size < 500_000) cache.set(word, term)
  }
  return term
}
