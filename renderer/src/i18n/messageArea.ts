/** The languages of the UI. The CLI stays English. */
export const UI_LOCALES = ['en', 'nl'] as const
export type UiLocale = (typeof UI_LOCALES)[number]

type Messages = { [key: string]: string | Messages }

/** One area's strings in every UI language. English is the source; a test checks that Dutch has every key. */
export type MessageArea = Record<UiLocale, Messages>
