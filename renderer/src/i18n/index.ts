import { createI18n } from 'vue-i18n'
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
export function systemLocale(languages: readonly string[] = navigator.languages): UiLocale {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0]
    if ((UI_LOCALES as readonly string[]).includes(base)) return base as UiLocale
  }
  return 'en'
}

export const i18n = createI18n({
  legacy: false,
  locale: systemLocale(),
  fallbackLocale: 'en',
  messages: mergedMessages(),
})
