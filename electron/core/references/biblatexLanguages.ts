// biblatex's language names (babel/polyglossia) as the BCP 47 codes CSL and the rest of the library use.
export const LANGUAGE_CODES: Record<string, string> = {
  english: 'en', american: 'en-US', usenglish: 'en-US', british: 'en-GB', ukenglish: 'en-GB', canadian: 'en-CA', australian: 'en-AU',
  newzealand: 'en-NZ', dutch: 'nl', german: 'de', ngerman: 'de', austrian: 'de-AT', naustrian: 'de-AT', swissgerman: 'de-CH',
  nswissgerman: 'de-CH', french: 'fr', spanish: 'es', catalan: 'ca', italian: 'it', portuguese: 'pt', brazilian: 'pt-BR',
  swedish: 'sv', danish: 'da', norsk: 'nb', nynorsk: 'nn', norwegian: 'no', finnish: 'fi', polish: 'pl', czech: 'cs',
  slovak: 'sk', slovene: 'sl', croatian: 'hr', serbian: 'sr', russian: 'ru', ukrainian: 'uk', greek: 'el', latin: 'la',
  hungarian: 'hu', romanian: 'ro', turkish: 'tr', hebrew: 'he', icelandic: 'is', estonian: 'et', latvian: 'lv', lithuanian: 'lt',
  bulgarian: 'bg', basque: 'eu', galician: 'gl', irish: 'ga', welsh: 'cy', japanese: 'ja', chinese: 'zh', korean: 'ko', arabic: 'ar',
}

// Where biblatex has several names for one code, the one an export writes (ngerman, not german).
const PREFERRED = new Set(['english', 'ngerman', 'naustrian', 'nswissgerman'])

/** The biblatex name (langid) an export writes for a BCP 47 code, which an import reads back as the same code. */
export function langidOf(code: string): string | undefined {
  const lower = code.toLowerCase()
  const names = Object.keys(LANGUAGE_CODES).filter((name) => LANGUAGE_CODES[name].toLowerCase() === lower)
  const name = names.find((candidate) => PREFERRED.has(candidate)) ?? names[0]
  return name ?? (lower.includes('-') ? langidOf(lower.split('-')[0]) : undefined)
}
