import type { ErrorCode } from '../../../electron/core/archiveApi'
import { i18n } from '.'
import { ARCHIVE_SENTENCES_NL } from './archiveSentencesDutch'

/**
 * The archive answers in English, since the same sentences go to the CLI. The UI shows them in its own
 * language: a sentence is matched against the English forms of archiveSentencesDutch.ts, and its values
 * (names, numbers, and parts of sentences the archive filled in) go into the Dutch form. A sentence that
 * matches none keeps its English words after the code's summary, so nothing is lost.
 */
const TRANSLATIONS: Record<string, Readonly<Record<string, string>>> = { nl: ARCHIVE_SENTENCES_NL }

interface Form {
  /** The English between and around the values. */
  parts: string[]
  translated: string
  /** Which values stand inside quotes: a title or a name, never itself words of the archive. */
  quoted: boolean[]
  /** How many words of its own it has: one of few words says too little to recognise a whole sentence by. */
  words: number
}

const HOLE = /\{\d+\}/
const QUOTES = /["“”]/
const formsByLocale = new Map<string, Form[]>()

function formsOf(locale: string): Form[] | undefined {
  const table = TRANSLATIONS[locale]
  if (!table) return undefined
  let forms = formsByLocale.get(locale)
  if (!forms) {
    forms = Object.entries(table).map(([english, translated]) => {
      const parts = english.split(HOLE)
      const quoted = parts.slice(1).map((after, index) => QUOTES.test(parts[index].slice(-1)) && QUOTES.test(after.slice(0, 1)))
      return { parts, translated, quoted, words: parts.join(' ').match(/[A-Za-z]{2,}/g)?.length ?? 0 }
    })
    // The form with the most English of its own is the most specific: it is tried first.
    const own = (form: Form) => form.parts.join('').length
    forms.sort((a, b) => own(b) - own(a))
    formsByLocale.set(locale, forms)
  }
  return forms
}

const MOST_SPLITS = 64

/** Every way the text fills the form's values, leftmost first. */
function valuesOf(parts: string[], text: string): string[][] {
  if (parts.length === 1) return text === parts[0] ? [[]] : []
  const last = parts[parts.length - 1]
  if (!text.startsWith(parts[0]) || !text.endsWith(last) || text.length < parts[0].length + last.length) return []
  const found: string[][] = []
  const end = text.length - last.length
  const walk = (part: number, from: number, values: string[]): void => {
    if (found.length >= MOST_SPLITS) return
    if (part === parts.length - 1) {
      found.push([...values, text.slice(from, end)])
      return
    }
    const literal = parts[part]
    for (let at = text.indexOf(literal, from); at >= 0 && at + literal.length <= end; at = text.indexOf(literal, at + 1)) {
      walk(part + 1, at + literal.length, [...values, text.slice(from, at)])
      if (found.length >= MOST_SPLITS) return
    }
  }
  walk(1, parts[0].length, [])
  return found
}

function translate(text: string, forms: Form[], depth: number): string | undefined {
  if (depth > 4 || !text) return undefined
  for (const form of forms) {
    const splits = valuesOf(form.parts, text)
    if (!splits.length) continue
    // Where the values can be split more than one way, the split whose values are words of the archive wins.
    let best: (string | undefined)[] = []
    let bestValues: string[] = splits[0]
    let bestScore = -1
    for (const values of splits) {
      const inner = values.map((value, index) => (form.quoted[index] ? undefined : translate(value, forms, depth + 1)))
      const score = inner.filter((value) => value !== undefined).length
      if (score > bestScore) [best, bestValues, bestScore] = [inner, values, score]
    }
    if (depth === 0 && form.words < 2 && bestScore === 0) continue
    return form.translated.replace(/\{(\d+)\}/g, (_, index: string) => best[Number(index)] ?? bestValues[Number(index)] ?? '')
  }
  return undefined
}

/** One sentence of the archive, as the UI's language says it; in English, the archive's own words. */
export function archiveSentence(message: string, code?: ErrorCode): string {
  const { t, locale } = i18n.global
  if (locale.value === 'en') return message
  const forms = formsOf(locale.value)
  const translated = forms && translate(message, forms, 0)
  if (translated !== undefined) return translated
  return code ? t('archiveErrors.fallback', { summary: t(`archiveErrors.code.${code}`), detail: message }) : message
}
