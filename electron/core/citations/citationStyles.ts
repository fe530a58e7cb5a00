import { ArchiveError } from '../archiveError'
import { declaresDtd, dtdRefusal } from './checkCslStyle'
import { loadCitationJs } from './citationJs'

export interface CitationStyleInfo {
  id: string
  title: string
  /** Added by the user from a .csl file, rather than shipped with the app. */
  custom: boolean
}

/** Where the official CSL styles and locales come from: files shipped with the app, read by electron/node. */
export interface BundledCsl {
  styles: readonly { id: string; title: string }[]
  locales: readonly string[]
  readStyle(id: string): Promise<string>
  readLocale(tag: string): Promise<string>
}

/** The user's own styles, kept in the library folder. */
export interface UserStyleStore {
  listUserStyles(): Promise<{ id: string; xml: string }[]>
}

export const DEFAULT_STYLE = 'apa'
export const DEFAULT_LOCALE = 'en-US'
/** The citation locales offered; citation-js itself ships only en-US, nl-NL, fr-FR, de-DE and es-ES. */
export const CITATION_LOCALES = ['en-US', 'en-GB', 'nl-NL', 'de-DE', 'fr-FR', 'es-ES'] as const

// A bare language picks the locale its speakers mostly cite in.
const LANGUAGE_DEFAULTS: Record<string, string> = { en: 'en-US', nl: 'nl-NL', de: 'de-DE', fr: 'fr-FR', es: 'es-ES' }

/** A style as citeproc knows it: `template` is the name it is registered under in citation-js. */
export interface UsableStyle {
  id: string
  template: string
}

/**
 * Makes styles and locales known to citation-js before they are used. citation-js keeps one
 * citeproc engine per registered name and never rebuilds it, so each style is registered under a
 * name of its own: the official files beside citation-js's older copies of apa, vancouver and
 * harvard1, and a user's style under a name that changes when its file does.
 */
export function createStyleRegistry(bundled: BundledCsl | undefined, userStyles: UserStyleStore) {
  const registeredStyles = new Set<string>()
  const registeredLocales = new Set<string>()

  async function listStyles(): Promise<CitationStyleInfo[]> {
    const shipped = bundled?.styles ?? [{ id: DEFAULT_STYLE, title: 'American Psychological Association' }]
    const own = (await userStyles.listUserStyles()).map(({ id, xml }) => ({ id, title: styleTitle(xml) ?? id, custom: true }))
    return [...shipped.map((style) => ({ ...style, custom: false })), ...own]
  }

  async function register(template: string, xml: () => Promise<string>): Promise<void> {
    if (registeredStyles.has(template)) return
    const { styles } = await loadCitationJs()
    styles.add(template, await xml())
    registeredStyles.add(template)
  }

  /** Registers the style; an unknown name gets a sentence listing the known ones. */
  async function useStyle(requested: string): Promise<UsableStyle> {
    const id = requested.trim()
    if (bundled?.styles.some((style) => style.id === id)) {
      const template = `official-${id}`
      await register(template, () => bundled.readStyle(id))
      return { id, template }
    }
    const own = (await userStyles.listUserStyles()).find((style) => style.id === id)
    if (own) {
      // A file put in the styles folder by hand never passed checkCslStyle.
      if (declaresDtd(own.xml)) throw dtdRefusal(`The style file ${id}.csl`)
      // Another process may have replaced the file since; the name follows its content.
      const template = `user-${id}-${contentHash(own.xml)}`
      await register(template, async () => own.xml)
      return { id, template }
    }
    if (!bundled && id === DEFAULT_STYLE) return { id, template: id }
    const known = (await listStyles()).map((style) => style.id)
    throw new ArchiveError('invalid_argument', `There is no citation style "${requested}"; the styles are ${known.join(', ')}.`)
  }

  async function useLocale(requested: string): Promise<string> {
    const tag = canonicalLocale(requested)
    const offered = new Set<string>([...CITATION_LOCALES, ...(bundled?.locales ?? [])])
    if (!tag || !offered.has(tag)) {
      throw new ArchiveError('invalid_argument', `There is no citation locale "${requested}"; the locales are ${CITATION_LOCALES.join(', ')}.`)
    }
    if (!registeredLocales.has(tag) && bundled?.locales.includes(tag)) {
      const { locales } = await loadCitationJs()
      locales.add(tag, await bundled.readLocale(tag))
    }
    registeredLocales.add(tag)
    return tag
  }

  /** The registered locale's XML, for the terms citeproc does not print itself (the locator label, quote marks). */
  async function localeXml(tag: string): Promise<string> {
    const { locales } = await loadCitationJs()
    return locales.get(tag) ?? locales.get(DEFAULT_LOCALE) ?? ''
  }

  return { listStyles, useStyle, useLocale, localeXml }
}

export type StyleRegistry = ReturnType<typeof createStyleRegistry>

/** FNV-1a: a short name that changes whenever a style file does. */
function contentHash(text: string): string {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193)
  return (hash >>> 0).toString(36)
}

/** "nl", "nl_nl" and "NL-nl" all mean nl-NL. */
export function canonicalLocale(text: string): string | undefined {
  const match = /^([a-z]{2})(?:[-_]([a-z]{2}))?$/i.exec(text.trim())
  if (!match) return undefined
  const language = match[1].toLowerCase()
  return match[2] ? `${language}-${match[2].toUpperCase()}` : LANGUAGE_DEFAULTS[language]
}

/** The title in a style's <info>, with the few entities CSL files use decoded. */
export function styleTitle(xml: string): string | undefined {
  const info = /<info>([\s\S]*?)<\/info>/.exec(xml)?.[1]
  const title = info && /<title>([\s\S]*?)<\/title>/.exec(info)?.[1]
  return title ? decodeXmlText(title).trim() : undefined
}

export function decodeXmlText(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
}
