import { parse as parseYaml } from 'yaml'
import { CSL_TYPES, parseAuthor, parsePartialDate, type CslItem, type CslName, type CslType } from './cslItem'
import { canonicalLanguage, isWebUrl, MAX_TITLE_LENGTH } from './applyItemPatch'
import type { ArticleBlock } from './articleBlocks'

/** What a plain-text file says about itself, and its body as headings and paragraphs. */
export interface PlainTextArticle {
  csl: Partial<CslItem>
  tags: string[]
  blocks: ArticleBlock[]
  /** True when the title was guessed from the first sentence, so the UI can invite an edit. */
  titleInferred: boolean
}

const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/
const HEADER_LINE = /^([A-Za-z][\w -]{0,30}?)[ \t]*:[ \t]*(.*)$/
const DATE_TOKEN = /^\s*date\s+(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?=\s|$)/i
const CLOSING_PUNCTUATION = /[.!?;:,…"”’»)\]]$/

// Header keys a researcher is likely to write, mapped to the field they mean.
const HEADER_FIELDS: Record<string, Field> = {
  title: 'title',
  author: 'author', authors: 'author', by: 'author', creator: 'author',
  date: 'issued', published: 'issued', issued: 'issued', year: 'issued',
  source: 'container-title', publication: 'container-title', container: 'container-title',
  journal: 'container-title', newspaper: 'container-title', site: 'container-title',
  'container-title': 'container-title', publisher: 'container-title',
  url: 'URL', link: 'URL',
  language: 'language', lang: 'language',
  tags: 'tags', keywords: 'tags',
  type: 'type',
}
type Field = 'title' | 'author' | 'issued' | 'container-title' | 'URL' | 'language' | 'tags' | 'type'

/** Reads a plain-text article: YAML front matter or "key: value" headers, a leading date token, then the body. */
export function importPlainText(text: string): PlainTextArticle {
  const article: PlainTextArticle = { csl: {}, tags: [], blocks: [], titleInferred: false }
  let body = text.replace(/\r\n?/g, '\n')

  const frontMatter = FRONT_MATTER.exec(body)
  if (frontMatter) {
    const fields = readFrontMatter(frontMatter[1])
    // Dashes around a mapping of keys we do not know are part of the text, which must not be lost.
    if (fields?.some(([key]) => fieldOf(key))) {
      applyFields(article, fields)
      body = body.slice(frontMatter[0].length)
    }
  } else {
    const header = readHeaderBlock(body)
    if (header) {
      applyFields(article, header.fields)
      body = body.slice(header.length)
    }
  }

  const dateToken = DATE_TOKEN.exec(body)
  if (dateToken) {
    const issued = parsePartialDate(dateToken[1])
    if (issued) {
      article.csl.issued ??= issued
      body = body.slice(dateToken[0].length)
    }
  }

  article.blocks = splitBlocks(body)
  if (!article.csl.title) inferTitle(article)
  return article
}

function readFrontMatter(yamlText: string): [string, unknown][] | undefined {
  try {
    const data: unknown = parseYaml(yamlText)
    if (data && typeof data === 'object' && !Array.isArray(data)) return Object.entries(data)
  } catch {
    // Not YAML after all: the dashes were part of the text.
  }
  return undefined
}

/** The first block counts as a header only when every line is "key: value" and one key is known. */
function readHeaderBlock(body: string): { fields: [string, unknown][]; length: number } | undefined {
  const leading = /^\s*/.exec(body)![0].length
  const blank = /\n[ \t]*\n/.exec(body.slice(leading))
  if (!blank) return undefined
  const lines = body.slice(leading, leading + blank.index).split('\n')
  const fields: [string, unknown][] = []
  for (const line of lines) {
    const match = HEADER_LINE.exec(line.trim())
    if (!match) return undefined
    fields.push([match[1], match[2].trim()])
  }
  if (!fields.some(([key]) => fieldOf(key))) return undefined
  return { fields, length: leading + blank.index + blank[0].length }
}

function fieldOf(key: string): Field | undefined {
  return HEADER_FIELDS[key.trim().toLowerCase()]
}

function applyFields(article: PlainTextArticle, fields: [string, unknown][]): void {
  for (const [key, raw] of fields) {
    const field = fieldOf(key)
    if (!field || raw === null || raw === undefined || raw === '') continue
    const list: unknown[] = Array.isArray(raw) ? raw : [raw]
    if (field === 'author') {
      article.csl.author = [...(article.csl.author ?? []), ...list.flatMap(readAuthors)]
      continue
    }
    // Only plain values count; a nested list or mapping where a title belongs is ignored.
    const values = list.flatMap((value) => {
      if (value instanceof Date) return [value.toISOString().slice(0, 10)]
      if (typeof value === 'string' || typeof value === 'number') return String(value).trim() ? [String(value).trim()] : []
      return []
    })
    const first = values[0]
    if (first === undefined) continue
    switch (field) {
      case 'tags':
        article.tags.push(...values.flatMap((value) => value.split(/[,;]/)).map((tag) => tag.trim()).filter(Boolean))
        break
      case 'issued': {
        // A full timestamp, as static-site generators write it, keeps its own calendar date.
        const issued = parsePartialDate(/^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:[T ]\d{2}:\d{2}.*)?$/.exec(first)?.[1] ?? first)
        article.csl.issued = issued ?? { raw: first }
        break
      }
      case 'type':
        if ((CSL_TYPES as readonly string[]).includes(first)) article.csl.type = first as CslType
        break
      case 'language': {
        // "Dutch" is no language code: leave the field to detection rather than store what the editor refuses.
        const language = canonicalLanguage(first)
        if (language) article.csl.language = language
        break
      }
      case 'URL': {
        const url = isWebUrl(first) ? first : `https://${first}`
        if (isWebUrl(url) && !/\s/.test(first) && (url === first || /^[\w-]+(\.[\w-]+)+(\/|$)/.test(first))) article.csl.URL = url
        break
      }
      case 'title':
        article.csl.title = first.slice(0, MAX_TITLE_LENGTH)
        break
      default:
        article.csl[field] = first
    }
  }
  article.tags = [...new Set(article.tags)]
}

/** "Family, Given; Other, Name", or a YAML mapping with CSL's own name fields. */
function readAuthors(value: unknown): CslName[] {
  if (value && typeof value === 'object') {
    const fields = ['family', 'given', 'literal', 'non-dropping-particle', 'dropping-particle', 'suffix'] as const
    const name: CslName = {}
    for (const field of fields) {
      const part = (value as Record<string, unknown>)[field]
      if (typeof part === 'string' && part.trim()) name[field] = part.trim()
    }
    return Object.keys(name).length ? [name] : []
  }
  return String(value ?? '').split(/\s*;\s*/).filter(Boolean).map(parseAuthor)
}

/** Paragraphs are separated by blank lines; a short single line without closing punctuation is a heading. */
export function splitBlocks(body: string): ArticleBlock[] {
  return body
    .split(/\n[ \t]*\n/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .flatMap((chunk): ArticleBlock[] => {
      // A Markdown heading is its own block even when the text follows on the next line.
      const markdownHeading = /^#{1,6}[ \t]+(.+)(?:\n|$)/.exec(chunk)
      if (markdownHeading) {
        const rest = chunk.slice(markdownHeading[0].length).trim()
        return [{ kind: 'heading', text: markdownHeading[1].trim() }, ...(rest ? splitBlocks(rest) : [])]
      }
      const text = chunk.replace(/\s*\n\s*/g, ' ')
      return [isHeadingLike(chunk) ? { kind: 'heading', text } : { kind: 'paragraph', text }]
    })
}

function isHeadingLike(chunk: string): boolean {
  return (
    !chunk.includes('\n') &&
    chunk.length <= 100 &&
    chunk.split(/\s+/).length <= 12 &&
    !CLOSING_PUNCTUATION.test(chunk)
  )
}

const MAX_TITLE = 160

/** A leading heading becomes the title; otherwise the first sentence does. */
function inferTitle(article: PlainTextArticle): void {
  const [first] = article.blocks
  if (!first) return
  if (first.kind === 'heading' && article.blocks.length > 1) {
    article.csl.title = first.text
    article.blocks.shift()
    return
  }
  article.csl.title = firstSentence(first.text)
  article.titleInferred = true
}

// A sentence of fewer words is more likely an abbreviation ("Dr. Jansen zei…") than a sentence.
const MIN_SENTENCE_WORDS = 4

export function firstSentence(text: string): string {
  const ends = text.matchAll(/[.!?…](?=\s+["“„'‘(]?[\p{Lu}\d]|\s*$)/gu)
  let end = text.length
  for (const match of ends) {
    const candidate = match.index + match[0].length
    if (text.slice(0, candidate).split(/\s+/).length >= MIN_SENTENCE_WORDS) {
      end = candidate
      break
    }
  }
  const sentence = text.slice(0, end).replace(/\.$/, '').trim()
  if (sentence.length <= MAX_TITLE) return sentence
  const cut = sentence.slice(0, MAX_TITLE)
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 40)).trim()}…`
}
