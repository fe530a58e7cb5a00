import { UI_LOCALES, type UiLocale } from './messageArea'

/** What Settings offers: follow the system, or one of the UI's languages. */
export type LanguageChoice = 'system' | UiLocale

const KEY = 'scriptorium-ui-language'

/** The choice kept from an earlier session; "system" when there is none or it names a language we lack. */
export function storedLanguageChoice(): LanguageChoice {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY)
  return stored && (UI_LOCALES as readonly string[]).includes(stored) ? (stored as UiLocale) : 'system'
}

export function storeLanguageChoice(choice: LanguageChoice): void {
  if (choice === 'system') localStorage.removeItem(KEY)
  else localStorage.setItem(KEY, choice)
}
