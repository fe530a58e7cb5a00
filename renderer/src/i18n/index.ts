import { createI18n } from 'vue-i18n'
import { storeLanguageChoice, storedLanguageChoice, type LanguageChoice } from './languageChoice'
import { UI_LOCALES, type MessageArea, type UiLocale } from './messageArea'

// Every module in messages/ is one area of the UI; they are merged here so that areas never share a file.
const areas = import.meta.glob<{ default: MessageArea }>('./messages/*.ts', { eager: true })

function mergedMessages(): MessageArea {
  const merged = Object.fromEntries(UI_LOCALES.map((locale) => [locale, {}])) as MessageArea
  for (const { default: area } of Object.values(areas)) {
    for (const locale of UI_LOCALES) Object.assign(merged[locale], area[locale])
  }
  return merged
}

/** The UI language the system asks for, English when it asks for one we lack. */
export function systemLocale(languages: readonly string[] = globalThis.navigator?.languages ?? []): UiLocale {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0]
    if ((UI_LOCALES as readonly string[]).includes(base)) return base as UiLocale
  }
  return 'en'
}

const localeOf = (choice: LanguageChoice): UiLocale => (choice === 'system' ? systemLocale() : choice)

export const i18n = createI18n({
  legacy: false,
  locale: localeOf(storedLanguageChoice()),
  fallbackLocale: 'en',
  messages: mergedMessages(),
})
// Outside a browser (unit tests) there is no document to label.
if (typeof document !== 'undefined') document.documentElement.lang = i18n.global.locale.value

/** Switches the UI at once and keeps the choice for the next start. */
export function chooseLanguage(choice: LanguageChoice): void {
  storeLanguageChoice(choice)
  i18n.global.locale.value = localeOf(choice)
  document.documentElement.lang = i18n.global.locale.value
}

/** A number as the UI's language writes it: 3,901 or 3.901. Reading the locale keeps templates reactive to a switch. */
export const formatNumber = (value: number): string => new Intl.NumberFormat(i18n.global.locale.value).format(value)

/** A date (and time) as the UI's language writes it. */
export const formatDate = (value: Date | string | number, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string =>
  new Intl.DateTimeFormat(i18n.global.locale.value, options).format(new Date(value))
