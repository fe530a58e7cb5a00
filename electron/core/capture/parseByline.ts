import type { CslName } from '../cslItem'
import { parseLooseDate } from './parseLooseDate'
import { parsePersonName, PARTICLES } from './parsePersonName'

// The rules below are listed in the README (Web pages → Bylines); keep both in step.

/** Words that make a name an organisation, kept whole as a CSL literal ("BBC News", "Reuters Staff"). */
const ORGANISATION_WORDS = new Set([
  'news', 'press', 'times', 'post', 'journal', 'magazine', 'media', 'staff', 'team', 'editors', 'editorial', 'desk',
  'agency', 'associated', 'inc', 'inc.', 'ltd', 'ltd.', 'llc', 'corp', 'corp.', 'company', 'foundation', 'institute',
  'university', 'society', 'association', 'organization', 'organisation', 'works', 'group', 'network', 'council',
  'committee', 'department', 'ministry', 'office', 'services', 'contributors', 'wire', 'bureau', 'radio', 'television',
  'broadcasting', 'daily', 'weekly', 'herald', 'tribune', 'gazette', 'project', 'community', 'redactie', 'redaktion',
  'rédaction', 'redacción',
])

/** Words that never occur in a name: a byline widget's labels ("Follow Author", "Share") and job titles ("Senior Reporter"). */
const NOT_A_NAME = /\b(?:follow|author|authors|updated|published|posted|share|comments?|subscribe|minutes|ago|profile|email|twitter|facebook|newsletter|advertisement|sponsored|admin|administrator|anonymous|unknown|reporter|correspondent|editor|writer|contributor|columnist|journalist|producer|photographer|intern)\b/i

/** Titles and degrees around a name: "Dr.", "Prof.", ", PhD", " MD", ", MA". */
const HONORIFIC = /^(?:dr|prof|mr|mrs|ms|mx|sir|dame)\.?\s+/i
// Case matters: "MA" is a degree, "Ma" a family name.
const DEGREE_WORD = '(?:Ph\\.?\\s?D|M\\.?D|M\\.?A|M\\.?S|M\\.?Sc|B\\.?A|B\\.?Sc|M\\.?P\\.?H|M\\.?B\\.?A|R\\.?N|D\\.?O|D\\.?D\\.?S|Pharm\\.?D|D\\.?Phil|J\\.?D|LL\\.?M|FACP|FRACP|FRCP|MRCP)\\.?'
const DEGREES = new RegExp(`,?\\s+${DEGREE_WORD}(?=\\s*(?:[,;&]|$|\\s+and\\s))`, 'g')

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|januar[iy]?|februar[iy]?|march|april|june|july|august|september|october|november|december|maart|mei|juni|juli|augustus|oktober|januar|märz|mai|oktober|dezember)\\.?'
/** A date or a time inside a byline: it ends the names ("By Nathan Willis, March 25, 2015"). */
const DATE_IN_BYLINE = new RegExp(
  [`\\d{1,2}\\.?\\s+${MONTH}\\s+\\d{4}`, `\\b${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}`, '\\d{4}-\\d{2}-\\d{2}', '\\d{1,2}[/.]\\d{1,2}[/.]\\d{2,4}', '\\d{1,2}:\\d{2}'].join('|'),
  'i',
)
/** Other roles than author: what follows is no author ("Written by A Edited by B", "Photos by C"). */
const OTHER_ROLE = /\b(?:edited|reviewed|medically reviewed|fact[- ]checked|translated|photograph(?:s|y)?|photos?|illustrations?|images?|video|graphics|additional reporting|reporting by|updated|last updated|published|posted|bijgewerkt|aktualisiert|mis à jour)\b.*$/is
/** Words that introduce a byline: "By", "Written by", "Door", "Von", "Par", "Por", "Text:", "Author:". */
const LEAD_IN = /^\s*(?:(?:(?:written|words|story|reporting)\s+by|by|door|von|par|por)(?:\s*:\s*|\s+)|(?:text|tekst|authors?|auteur|autor)\s*:\s*)/i
/** What joins the names of several authors. */
const JOINERS = /\s*(?:[,;&]|\b(?:and|And|AND|en|und|et|y|e)\b)\s*/

/**
 * The date a byline or a dateline carries ("By Nathan Willis, March 25, 2015", "posted on April
 * 21, 2015, at 11:29 a.m."), when it is one parseLooseDate reads: a last source for the date.
 */
export function dateInByline(byline: string | undefined): string | undefined {
  const text = byline?.replace(/\s+/g, ' ') ?? ''
  for (const match of text.matchAll(new RegExp(DATE_IN_BYLINE.source, 'gi'))) {
    if (parseLooseDate(match[0])) return match[0]
  }
  return undefined
}

export interface BylineContext {
  /** The site's or publication's names: an author equal to one of them is that organisation. */
  siteNames?: (string | undefined)[]
}

/**
 * The authors in a byline as a page writes it, as people, organisations or nothing: "By Nathan
 * Willis, March 25, 2015" is one person; "Written by A Edited by B" is A; "BBC News" is an
 * organisation; "Follow Author", a date or a URL is no author at all.
 */
export function parseByline(byline: string | undefined, context: BylineContext = {}): CslName[] {
  if (!byline) return []
  // A line break separates a byline's parts (name, date, role): the first lines hold the names.
  let text = byline
    .replace(LEAD_IN, '')
    .split(/\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .join(', ')
  text = text.replace(LEAD_IN, '')
  text = text.replace(OTHER_ROLE, '')
  const date = DATE_IN_BYLINE.exec(text)
  if (date) text = text.slice(0, date.index)
  // "A (avec B et C)": co-authors in brackets; other bracketed text (a handle, a URL) is no name.
  text = text.replace(/\((?:avec|with|met|mit|con|com)\s+([^)]*)\)/gi, ', $1').replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
  text = text.replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ').replace(/\s+/g, ' ').replace(/^[\s,;|·•–—-]+|[\s,;|·•–—:-]+$/g, '')
  text = text.replace(/\s*[|·•].*$/, '').replace(DEGREES, '')
  if (!text) return []

  const names = splitNames(text).map((name) => parseAuthorName(name, context)).filter((name): name is CslName => Boolean(name))
  // "Jane Doe, Associated Press", "Jane Doe, Reuters": beside people, an organisation or a single
  // word is their employer or a label, not an author.
  const people = names.filter((name) => !('literal' in name))
  return dedupe(people.length ? people : names)
}

/**
 * The names of a byline. "Vries, Jan de" and "Jong, Michiel de" are one name written family first
 * (a single word before the only comma); "Stella Kim, Jennifer Jett" are two. An "&" or "and"
 * between single words ("Mac & i") joins no names: it belongs to one.
 */
function splitNames(text: string): string[] {
  const commaParts = text.split(/\s*,\s*/)
  if (commaParts.length === 2 && !/[&;]|\band\b/i.test(text)) {
    const familyWords = commaParts[0].split(' ').filter((word) => !PARTICLES.has(word))
    if (familyWords.length === 1) return [text]
  }
  const parts = text.split(JOINERS).map((part) => part.trim()).filter(Boolean)
  if (parts.some((part) => !part.includes(' ')) && /&|\band\b/i.test(text) && !text.includes(',')) return [text]
  return parts
}

/**
 * One author's name as a page gives it: a person (degrees and titles dropped, ALL CAPS made
 * readable), an organisation as a literal, or undefined when it is no name.
 */
export function parseAuthorName(raw: string, context: BylineContext = {}): CslName | undefined {
  let name = raw.replace(LEAD_IN, '').replace(/\s+/g, ' ').trim()
  if (!name || name.length > 100) return undefined
  if (/https?:|www\.|@|\d|[:/\\<>{}=]/i.test(name) || NOT_A_NAME.test(name)) return undefined
  if (isOrganisation(name, context)) return { literal: name }
  name = name.replace(HONORIFIC, '').replace(DEGREES, '').replace(/[,;]+$/, '').trim()
  const words = name.split(' ')
  if (!name || words.length > 5) return undefined
  // Letters alone, not a word of a sentence: "the sharing economy" or "a" is no name.
  // A single word may be a user name ("mcupdate"); a single letter is a split gone wrong.
  if (words.length > 1 && words.some((word) => /^\p{Ll}/u.test(word) && !PARTICLES.has(word))) return undefined
  if (words.length === 1 && name.length < 2) return undefined
  if (/^[\p{Lu}\s.'’-]+$/u.test(name) && /\p{Lu}{2}/u.test(name)) name = name.replace(/\p{Lu}+/gu, (word) => word[0] + word.slice(1).toLowerCase())
  return parsePersonName(name)
}

function isOrganisation(name: string, { siteNames = [] }: BylineContext): boolean {
  const folded = name.trim().toLowerCase()
  // A site's name is an organisation unless it has a person's shape: a blog is often named for its author.
  if (siteNames.some((site) => site && site.trim().toLowerCase() === folded) && !/^\p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}.'’-]*){1,2}$/u.test(name.trim())) return true
  if (/^The\s/.test(name)) return true
  if (/&/.test(name) && name.split(/\s*&\s*/).some((part) => !part.includes(' '))) return true
  return folded.split(/\s+/).some((word) => ORGANISATION_WORDS.has(word))
}

/** The names, each once, in their first order. */
export function dedupe(names: CslName[]): CslName[] {
  const seen = new Set<string>()
  return names.filter((name) => {
    const key = JSON.stringify(name)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
