import type { CslName } from '../cslItem'

// Lower-case name particles that belong before the family name ("de Vries", "van der Berg"):
// CSL keeps them as non-dropping particles so "Vries, J. de" never happens, and sorting stays right.
export const PARTICLES = new Set([
  'de', 'den', 'der', 'des', 'het', "'t", 'te', 'ten', 'ter', 'van', 'vanden', 'vander', 'in', 'op', 'uit',
  'von', 'zu', 'vom', 'zum', 'du', 'la', 'le', 'di', 'da', 'del', 'della', 'dos', 'das', 'do', 'bin', 'al',
])
const CAPITAL_PARTICLES = new Set(['De', 'Di', 'Da', 'Del', 'Della', 'Van', 'Von', 'Du', 'Dos', 'Das', 'La', 'Le'])
const SUFFIXES = /^(jr\.?|sr\.?|ii|iii|iv)$/i

/**
 * A person's name as a byline or a citation_author tag writes it: "Jan de Vries", "Vries, Jan de",
 * "Anna van der Berg". An organisation or a one-word name stays literal.
 */
export function parsePersonName(text: string): CslName | undefined {
  const name = text.replace(/^\s*(by|door|von|par)\s+/i, '').replace(/\s+/g, ' ').trim()
  if (!name || name.length > 120 || /^https?:/i.test(name)) return undefined

  const comma = name.indexOf(',')
  if (comma > 0) {
    // "Family, Given particle": the particle is written after the given name.
    const family = name.slice(0, comma).trim()
    const words = name.slice(comma + 1).trim().split(' ').filter(Boolean)
    if (words.length === 1 && SUFFIXES.test(words[0])) return withParticle(family.split(' '), [], words[0])
    let split = words.length
    while (split > 0 && PARTICLES.has(words[split - 1])) split--
    const particle = words.slice(split)
    const result = withParticle([...particle, ...family.split(' ')], words.slice(0, split))
    return result
  }

  const words = name.split(' ')
  if (words.length === 1) return { literal: name }
  if (words.length > 6) return { literal: name }
  let suffix: string | undefined
  if (words.length > 2 && SUFFIXES.test(words.at(-1)!)) suffix = words.pop()!.replace(/^,/, '')
  // The first particle after a given name starts the family name. Written with a capital ("Mark Di
  // Stefano", "Maria Da Silva") it is part of the family name; withParticle splits off only lower case.
  let start = words.length - 1
  for (let index = 1; index < words.length - 1; index++) {
    if (PARTICLES.has(words[index]) || CAPITAL_PARTICLES.has(words[index])) {
      start = index
      break
    }
  }
  return withParticle(words.slice(start), words.slice(0, start), suffix)
}

function withParticle(familyWords: string[], givenWords: string[], suffix?: string): CslName {
  let split = 0
  while (split < familyWords.length - 1 && PARTICLES.has(familyWords[split])) split++
  const name: CslName = { family: familyWords.slice(split).join(' ') }
  if (givenWords.length) name.given = givenWords.join(' ')
  if (split) name['non-dropping-particle'] = familyWords.slice(0, split).join(' ')
  if (suffix) name.suffix = suffix
  return name
}
