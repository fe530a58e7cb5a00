import { i18n } from './i18n'

const namesByLocale = new Map<string, Intl.DisplayNames | undefined>()

function names(): Intl.DisplayNames | undefined {
  const locale = i18n.global.locale.value
  if (!namesByLocale.has(locale)) {
    try {
      namesByLocale.set(locale, new Intl.DisplayNames([locale], { type: 'language' }))
    } catch {
      namesByLocale.set(locale, undefined)
    }
  }
  return namesByLocale.get(locale)
}

/** "nl-NL" as a person reads it, in the UI's language: "Dutch (Netherlands), nl-NL" or "Nederlands (Nederland), nl-NL". */
export function localeName(tag: string): string {
  const name = names()?.of(tag)
  return name && name !== tag ? `${name}, ${tag}` : tag
}
