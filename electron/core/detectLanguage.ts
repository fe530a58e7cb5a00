import { franc } from 'franc-min'
import { iso6393To1 } from 'iso-639-3'

/** The ISO 639-1 code of the text's language ("nl"), or undefined when the text is too short to tell. */
export function detectLanguage(text: string): string | undefined {
  // franc needs no more than a few thousand characters to be sure, and is linear in its input.
  const code = franc(text.slice(0, 4000), { minLength: 40 })
  if (code === 'und') return undefined
  return iso6393To1[code] ?? code
}
