import { performance } from 'node:perf_hooks'
import { anchorHighlight } from '../electron/core/anchoring/anchorHighlight'
import { describeTextRange, type TextPositionSelector, type TextQuoteSelector, type TextRange } from '../electron/core/anchoring/textSelectors'
import { summarize } from './summarize'
import { seededRandom } from './seededRandom'

const WORDS = 10_000
const HIGHLIGHTS = 100
const RUNS = 20


const SUBJECTS = ['The minister', 'A spokesperson for the council', 'Researchers at the institute', 'The delegation from Seoul', 'Local farmers', 'The central bank', 'Two former diplomats', 'The opposition leader', 'A committee of experts', 'Residents of the border town', 'The union’s chairwoman', 'Analysts in Tokyo']
const VERBS = ['announced', 'questioned', 'welcomed', 'criticised', 'postponed', 'defended', 'rejected', 'described', 'investigated', 'supported', 'doubted', 'summarised']
const OBJECTS = ['the new trade agreement', 'a plan to reopen the railway', 'the budget for rural schools', 'the findings of the survey', 'talks about the fishing rights', 'the reform of the pension system', 'a proposal for a joint liaison office', 'the report on air quality', 'the decision to raise interest rates', 'an inquiry into the harbour contracts', 'the schedule for the next summit', 'the water treaty signed in 1994']
const CLAUSES = ['after weeks of negotiation', 'in a statement on Friday', 'despite strong objections', 'according to people familiar with the matter', 'before the parliamentary recess', 'while markets remained calm', 'at a press conference in the capital', 'without giving further details', 'for the third time this year', 'as protesters gathered outside']
const PLACES = ['Kaesong', 'Busan', 'Incheon', 'Gwangju', 'Daegu', 'Sinuiju', 'Wonsan', 'Hamhung', 'Chuncheon', 'Ulsan', 'Mokpo', 'Gangneung', 'Panmunjom', 'Jeju']
const WHEN = ['on Monday', 'on Tuesday', 'late on Wednesday', 'on Thursday morning', 'last weekend', 'in March', 'in the autumn', 'earlier this month', 'two years ago', 'since the election']
const CLOSERS = ['The decision is expected to take effect in {n}.', 'Similar measures failed in {n}, critics noted.', 'Around {k} people attended the meeting.', 'Officials said “nothing has been decided yet”.', 'The figures for {n} were revised twice.', 'It’s the first such step since {n}.', 'Some {k} households are affected, the agency estimates.']

/** About 10,000 words of news prose in paragraphs, no sentence repeated word for word. */
function buildArticle(): string {
  const next = seededRandom(2018)
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]
  const paragraphs: string[] = []
  let words = 0
  while (words < WORDS) {
    const sentences: string[] = []
    for (let count = 3 + Math.floor(next() * 4); count > 0; count--) {
      const sentence =
        next() < 0.3
          ? pick(CLOSERS).replace('{n}', String(1950 + Math.floor(next() * 75))).replace('{k}', String(100 + Math.floor(next() * 9900)))
          : next() < 0.5
            ? `${pick(SUBJECTS)} in ${pick(PLACES)} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(WHEN)}.`
            : `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(CLAUSES)}, ${pick(WHEN)}.`
      sentences.push(sentence)
      words += sentence.split(' ').length
    }
    paragraphs.push(sentences.join(' '))
  }
  return paragraphs.join('\n')
}

/** Word starts, so highlights and edits fall on whole words as a reader's selection would. */
function wordStarts(text: string): number[] {
  return [...text.matchAll(/(?<=^|\s)\S/g)].map((match) => match.index!)
}

interface Edit {
  at: number
  remove: number
  insert: string
}

export interface ReanchorCase {
  original: string
  edited: string
  highlights: { quote: TextQuoteSelector; position: TextPositionSelector }[]
  /** Where each highlight lies in the edited text, following the edits' offsets. */
  expected: TextRange[]
}

/**
 * 100 highlights spread over the article, then the edits of a re-extraction: a paragraph inserted near
 * the start, words changed inside some highlights and between others, spaces doubled or turned into
 * line breaks.
 */
export function buildReanchorCase(): ReanchorCase {
  const original = buildArticle()
  const starts = wordStarts(original)
  const next = seededRandom(38)
  const ranges: TextRange[] = []
  for (let n = 0; n < HIGHLIGHTS; n++) {
    const first = Math.floor(((n + 0.2) / HIGHLIGHTS) * starts.length)
    const last = first + 6 + Math.floor(next() * 25)
    ranges.push({ start: starts[first], end: starts[last] - 1 })
  }
  const highlights = ranges.map((range) => describeTextRange(original, range))

  const edits: Edit[] = []
  const firstBreak = original.indexOf('\n')
  edits.push({ at: firstBreak + 1, remove: 0, insert: 'Correction: an earlier version of this article misstated the date of the summit, which took place on a Tuesday and not, as we wrote, at the end of the week.\n' })
  for (let n = 5; n < HIGHLIGHTS; n += 10) {
    // A word in the middle of the highlight, so the quote itself changes.
    const middle = starts.findIndex((start) => start > (ranges[n].start + ranges[n].end) / 2)
    edits.push(replaceWord(original, starts[middle], n % 20 === 5 ? 'reportedly' : 'had'))
    // And a word between two highlights, which only shifts the rest.
    const between = starts.findIndex((start) => start > ranges[n].end + 2)
    edits.push(replaceWord(original, starts[between], 'officially'))
  }
  for (let n = 2; n < HIGHLIGHTS; n += 9) {
    const space = original.indexOf(' ', ranges[n].start + 1)
    edits.push({ at: space, remove: 1, insert: n % 2 ? '  ' : '\n' })
  }

  edits.sort((a, b) => b.at - a.at)
  let edited = original
  for (const edit of edits) edited = edited.slice(0, edit.at) + edit.insert + edited.slice(edit.at + edit.remove)
  const shift = (offset: number) => offset + edits.filter((edit) => edit.at < offset).reduce((sum, edit) => sum + edit.insert.length - edit.remove, 0)
  return { original, edited, highlights, expected: ranges.map(({ start, end }) => ({ start: shift(start), end: shift(end) })) }
}

function replaceWord(text: string, at: number, word: string): Edit {
  const end = text.slice(at).search(/[\s.,]/)
  return { at, remove: end, insert: word }
}

/** Re-anchoring 100 highlights in an edited 10,000-word article, in ms over 20 runs; the target is a median ≤ 50 ms. */
export async function measureReanchoring(): Promise<{ median: number; p95: number; anchored: number; total: number }> {
  const { edited, highlights } = buildReanchorCase()
  const samples: number[] = []
  let anchored = 0
  for (let run = 0; run < RUNS; run++) {
    // A text that differs each run, so its normalization, done once per article, is measured every time.
    const text = `${edited}\nRun ${run}.`
    const start = performance.now()
    anchored = highlights.filter(({ quote, position }) => anchorHighlight(text, quote, position)).length
    samples.push(performance.now() - start)
  }
  return { ...summarize(samples), anchored, total: highlights.length }
}
