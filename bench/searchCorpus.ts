import type { SearchDocument } from '../electron/core/search/searchDocument'
import { seededRandom } from './seededRandom'

const SYLLABLES = 'ka ro me ti lu sa ven dor pi nel ar os um bre gal fi tor zen wa qui mo lan der ste ho ju rik pa sel ne'.split(' ')
const ENDINGS = { en: ['', 's', 'ing', 'ed', 'er'], nl: ['', 'en', 'de', 'heid', 'je'] }
const VOCABULARY_SIZE = 40_000
/**
 * The head of the vocabulary, most frequent first: the commonest words of Dutch and of English
 * text, taken in turn (each in the snowball stop word lists, which phraseGrams pairs up).
 */
export const FUNCTION_WORDS = 'de the van of het and een to en a in is dat that op for te it zijn was met with die as niet on voor by'.split(' ')
const WORDS_PER_ARTICLE = 600

/** A planted phrase and the one document it was written into. */
export interface PlantedPhrase {
  words: string[]
  docId: string
}

export interface SearchCorpus {
  docs: SearchDocument[]
  planted: PlantedPhrase[]
  /** Words by rank, the most frequent first, for picking queries. */
  vocabulary: string[]
}

/**
 * Articles of about 600 words drawn from a Zipf distribution over a made-up vocabulary, as real
 * text is, half Dutch and half English; every 50th carries a planted three-word phrase of its own.
 */
export function makeSearchCorpus(size: number): SearchCorpus {
  const random = seededRandom(size)
  // Real text's most frequent words are its function words, Dutch and English here, as in the libraries we serve.
  const vocabulary: string[] = [...FUNCTION_WORDS]
  const seen = new Set<string>(FUNCTION_WORDS)
  while (vocabulary.length < VOCABULARY_SIZE) {
    const length = 1 + Math.floor(random() * 3) + (vocabulary.length > 200 ? 1 : 0)
    const word = Array.from({ length }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join('')
    if (!seen.has(word)) {
      seen.add(word)
      vocabulary.push(word)
    }
  }
  // Zipf with s = 1: the cumulative weights, sampled by binary search.
  const cumulative = new Float64Array(VOCABULARY_SIZE)
  let total = 0
  for (let rank = 0; rank < VOCABULARY_SIZE; rank++) cumulative[rank] = total += 1 / (rank + 1)
  const zipf = () => {
    const target = random() * total
    let low = 0
    let high = VOCABULARY_SIZE - 1
    while (low < high) {
      const middle = (low + high) >> 1
      if (cumulative[middle] < target) low = middle + 1
      else high = middle
    }
    return vocabulary[low]
  }
  const docs: SearchDocument[] = []
  const planted: PlantedPhrase[] = []
  for (let n = 0; n < size; n++) {
    const language = n % 2 ? 'en' : 'nl'
    const endings = ENDINGS[language]
    const words = Array.from({ length: WORDS_PER_ARTICLE }, () => zipf() + (random() < 0.2 ? endings[Math.floor(random() * endings.length)] : ''))
    const id = `D${n.toString(36).toUpperCase().padStart(7, '0')}`
    if (n % 50 === 7) {
      // Mid-frequency words, so the phrase's words occur in many other articles, but not in this order.
      const phrase = Array.from({ length: 3 }, () => vocabulary[300 + Math.floor(random() * 5000)])
      words.splice(100 + Math.floor(random() * 400), 0, ...phrase)
      planted.push({ words: phrase, docId: id })
    }
    const paragraphs: string[] = []
    for (let start = 0; start < words.length; start += 75) {
      const sentence = words.slice(start, start + 75).join(' ')
      paragraphs.push(`${sentence[0].toUpperCase()}${sentence.slice(1)}.`)
    }
    const year = 1990 + Math.floor(random() * 36)
    const authorNames = [zipf(), zipf()]
    docs.push({
      id,
      stamp: '1',
      citekey: `${authorNames[0]}${year}${n}`,
      trashed: false,
      language,
      type: n % 3 ? 'article-newspaper' : 'article-journal',
      year,
      date: `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}`,
      tags: [zipf(), zipf()],
      title: Array.from({ length: 7 }, zipf).join(' '),
      authors: authorNames.join('; '),
      authorNames,
      container: zipf(),
      abstract: '',
      text: paragraphs.join('\n'),
      annotations: n % 10 === 3 ? [{ id: `H${n}`, kind: 'highlight', text: words.slice(50, 60).join(' ') }] : [],
    })
  }
  return { docs, planted, vocabulary }
}
