import type { ErrorCode } from '../../../electron/core/archiveApi'
import { i18n } from '.'

/**
 * The archive answers in English, since the same sentences go to the CLI. The UI shows them in its own
 * language: a sentence is recognised by its error code and its English shape, and its parts (names,
 * values) become the parameters of errors.sentence.<key>. To translate another sentence, add its key to
 * messages/archiveErrors.ts in every language and its English shape here, with a named group per parameter.
 * A sentence not (yet) here keeps its English words after the code's summary, so nothing is lost.
 */
const SENTENCES: { key: string; shape: RegExp; code?: ErrorCode }[] = [
  { key: 'duplicate', shape: /^(?<name>.+) is already in the library as (?<citekey>\S+), “(?<title>.*)”(?: by (?<author>.+?))? \((?<reason>the same (?:DOI|address|text))\)\.$/ },
  { key: 'tooLarge', shape: /^(?<name>.+) is too large to import \((?<size>[\d.]+) MB\); the limit is (?<limit>\d+) MB per file\.$/ },
  { key: 'pageTooLarge', shape: /^(?<url>.+) is larger than (?<limit>\d+) MB, the limit for a page; nothing was added\.$/ },
  { key: 'emptyFile', shape: /^(?<name>.+) is empty\.$/, code: 'unsupported_file' },
  { key: 'noText', shape: /^(?<name>.+) holds no text\.$/ },
  { key: 'binary', shape: /^(?<name>.+) is a binary file, not text\.$/ },
  { key: 'notUtf8', shape: /^(?<name>.+) is neither UTF-8 nor Windows-1252 text; convert it to UTF-8 and add it again\.$/ },
  { key: 'damagedUtf8', shape: /^(?<name>.+) is damaged UTF-8 text \(or mixes two encodings\); repair it and add it again\.$/ },
  { key: 'noParagraphs', shape: /^(?<name>.+) has no paragraphs of text to archive\.$/ },
  { key: 'notPdf', shape: /^(?<name>.+) is named as a PDF but is not one \(it does not start with %PDF-\); nothing was added\.$/ },
  { key: 'notReferenceFile', shape: /^(?<name>.+) is not a reference file: Scriptorium reads \.bib, \.ris and CSL-JSON \(\.json\) files\.$/ },
  { key: 'noReferences', shape: /^(?<name>.+) holds no references\.$/ },
  { key: 'notJson', shape: /^(?<name>.+) is not valid JSON\.$/ },
  { key: 'titleEmpty', shape: /^The title cannot be empty\.$/ },
  { key: 'badDate', shape: /^The date "(?<value>.*)" is not a real date of the form YYYY, YYYY-MM or YYYY-MM-DD\.$/ },
  { key: 'badUrl', shape: /^The URL "(?<value>.*)" is not an http or https address\.$/ },
  { key: 'notDoi', shape: /^"(?<value>.*)" is not a DOI; a DOI looks like 10\.1000\/xyz\.$/ },
  { key: 'citekeyTaken', shape: /^The citation key "(?<value>.*)" belongs to another item already\.$/ },
  { key: 'badLanguage', shape: /^"(?<value>.*)" is not a language code such as "nl" or "en-GB"\.$/ },
  { key: 'noteEmpty', shape: /^A note needs some text\.$/ },
  { key: 'noteEmptyDelete', shape: /^A note needs some text; delete it instead\.$/ },
  { key: 'noItem', shape: /^There is no item with id "(?<id>.*)"\.$/ },
  { key: 'onlyHttp', shape: /^Only http and https pages can be saved, not (?<url>.+)\.$/ },
  { key: 'doiNotFound', shape: /^The DOI (?<doi>\S+) was not found; nothing was added\.$/ },
  { key: 'noTag', shape: /^No item in the library has the tag "(?<tag>.*)"\.$/ },
  { key: 'readOnly', shape: /^Scriptorium could not (?<action>.+): the library folder is read-only\.$/ },
  { key: 'diskFull', shape: /^Scriptorium could not (?<action>.+): the disk is full\.$/ },
  { key: 'changedOutside', shape: /^Item (?<id>\S+) was changed outside this window \(by a sync tool or another copy of Scriptorium\) (?<when>.+); its new version is shown now\. Make your change again\.$/ },
  { key: 'newerLibrary', shape: /^The library at (?<path>.+) was written by a newer Scriptorium \(schema (?<schema>\d+)\); update Scriptorium to open it\.$/ },
  { key: 'otherProcess', shape: /^Another Scriptorium process has been saving to this library for over a minute; Scriptorium stopped waiting\. Close the other process, or try again\.$/ },
  { key: 'noToken', shape: /^Open the address that "scriptorium serve" printed: it carries the access token of this session\.$/ },
  { key: 'notReachable', shape: /^Scriptorium is not reachable: is "scriptorium serve" still running\?$/ },
  { key: 'noConnection', shape: /^This window has no connection to the archive\.$/ },
]

const REASONS: Record<string, string> = { 'the same DOI': 'doi', 'the same address': 'address', 'the same text': 'text' }

/** Parameters that are themselves words of the archive, put into the UI's language before they are filled in. */
function translatedParts(key: string, groups: Record<string, string | undefined>): Record<string, string> {
  const { t } = i18n.global
  const parts = Object.fromEntries(Object.entries(groups).map(([name, value]) => [name, value ?? '']))
  if (key === 'duplicate') {
    parts.by = groups.author ? t('archiveErrors.sentence.duplicateBy', { author: groups.author }) : ''
    parts.reason = t(`archiveErrors.sentence.reasons.${REASONS[groups.reason ?? ''] ?? 'text'}`)
  }
  return parts
}

/** One sentence of the archive, as the UI's language says it; in English, the archive's own words. */
export function archiveSentence(message: string, code?: ErrorCode): string {
  const { t, locale } = i18n.global
  if (locale.value === 'en') return message
  for (const sentence of SENTENCES) {
    if (sentence.code && code && sentence.code !== code) continue
    const match = sentence.shape.exec(message)
    if (match) return t(`archiveErrors.sentence.${sentence.key}`, translatedParts(sentence.key, match.groups ?? {}))
  }
  return code ? t('archiveErrors.fallback', { summary: t(`archiveErrors.code.${code}`), detail: message }) : message
}
