import { ArchiveError } from '../archiveError'
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

/**
 * Makes styles and locales known to citation-js before they are used. The official files replace
 * citation-js's own copies of the same names (its bundled apa is not APA 7), so each is registered
 * once, from the bundle, the first time it is asked for.
 */
export function createStyleRegistry(bundled: BundledCsl | undefined, userStyles: UserStyleStore) {
  const registeredStyles = new Map<string, string>()
  const registeredLocales = new Set<string>()

  async function listStyles(): Promise<CitationStyleInfo[]> {
    const shipped = bundled?.styles ?? [{ id: DEFAULT_STYLE, title: 'American Psychological Association' }]
    const own = (await userStyles.listUserStyles()).map(({ id, xml }) => ({ id, title: styleTitle(xml) ?? id, custom: true }))
    return [...shipped.map((style) => ({ ...style, custom: false })), ...own]
  }

  /** Registers the style and answers its canonical id; an unknown name gets a sentence listing the known ones. */
  async function useStyle(requested: string): Promise<string> {
    const id = requested.trim()
    const { styles } = await loadCitationJs()
    if (bundled?.styles.some((style) => style.id === id)) {
      if (!registeredStyles.has(id)) registeredStyles.set(id, await bundled.readStyle(id))
      if (styles.get(id) !== registeredStyles.get(id)) styles.add(id, registeredStyles.get(id)!)
      return id
    }
    const own = (await userStyles.listUserStyles()).find((style) => style.id === id)
    if (own) {
      // A user style can be replaced by a newer file of the same name, so it is compared each time.
      if (styles.get(id) !== own.xml) styles.add(id, own.xml)
      return id
    }
    if (!bundled && id === DEFAULT_STYLE) return id
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
