import { describe, expect, it } from 'vitest'
import { anchorHighlight } from '../../../electron/core/anchoring/anchorHighlight'
import { describeTextRange } from '../../../electron/core/anchoring/textSelectors'
import { rangeOf, SAMPLE } from './sample'

const VREDE = 'een nieuw tijdperk van vrede'

/** A highlight as the reader stores it: selectors of a passage that occurs once in the text. */
function highlight(text: string, passage: string) {
  return describeTextRange(text, rangeOf(text, passage))
}

describe('anchorHighlight: an unchanged article', () => {
  it('finds the highlight at its stored position', () => {
    const { quote, position } = highlight(SAMPLE, VREDE)
    expect(position).toMatchObject({ start: 938, end: 966 })
    expect(anchorHighlight(SAMPLE, quote, position)).toEqual({ start: 938, end: 966, method: 'position', score: 1 })
  })

  it('finds it by its quote when no position was stored', () => {
    const { quote } = highlight(SAMPLE, VREDE)
    expect(anchorHighlight(SAMPLE, quote)).toMatchObject({ start: 938, end: 966, method: 'quote' })
  })

  it('returns null for an empty quote', () => {
    expect(anchorHighlight(SAMPLE, { type: 'TextQuoteSelector', exact: '', prefix: '', suffix: '' })).toBeNull()
  })
})

describe('anchorHighlight: changed whitespace', () => {
  it('still matches at the stored position when spaces became line breaks', () => {
    const { quote, position } = highlight(SAMPLE, VREDE)
    const rewrapped = SAMPLE.replace('een nieuw tijdperk van vrede', 'een nieuw\ntijdperk van\u00A0vrede')
    expect(anchorHighlight(rewrapped, quote, position)).toMatchObject({ start: 938, end: 966, method: 'position' })
  })

  it('matches approximately when spaces were doubled inside the quote', () => {
    const { quote, position } = highlight(SAMPLE, 'de eerste vergaderruimte tussen het noorden en het zuiden')
    const doubled = SAMPLE.replace('de eerste vergaderruimte tussen het noorden', 'de eerste  vergaderruimte tussen  het noorden')
    const anchor = anchorHighlight(doubled, quote, position)
    expect(anchor).toMatchObject({ start: 203, end: 262, method: 'fuzzy' })
    expect(doubled.slice(anchor!.start, anchor!.end)).toBe('de eerste  vergaderruimte tussen  het noorden en het zuiden')
    expect(anchor!.score).toBeGreaterThan(0.95)
  })

  it('finds the quote after blank lines between paragraphs were collapsed', () => {
    const { quote, position } = highlight(SAMPLE, 'Noord-Korea’s kernwapenprogramma')
    const collapsed = SAMPLE.replace(/\n\n/g, '\n')
    const shift = SAMPLE.slice(0, position.start).split('\n\n').length - 1
    expect(shift).toBe(6)
    expect(anchorHighlight(collapsed, quote, position)).toMatchObject({ start: 1513 - 6, end: 1545 - 6, method: 'quote' })
  })
})

describe('anchorHighlight: edited and inserted paragraphs', () => {
  it('follows the quote when a paragraph before it was edited', () => {
    const { quote, position } = highlight(SAMPLE, VREDE)
    const edited = SAMPLE.replace('communiceerden Pyongyang en Seoul telefonisch', 'communiceerden Pyongyang en Seoul vooral per telefoon')
    expect(anchorHighlight(edited, quote, position)).toMatchObject({ start: 938 + 8, end: 966 + 8, method: 'quote' })
  })

  it('follows the quote when a paragraph was inserted before it', () => {
    const { quote, position } = highlight(SAMPLE, VREDE)
    const inserted = 'Correctie: in een eerdere versie van dit artikel stond dat het bureau in Panmunjom ligt.\n\n'
    const corrected = SAMPLE.replace('Tot nu toe communiceerden', `${inserted}Tot nu toe communiceerden`)
    expect(anchorHighlight(corrected, quote, position)).toMatchObject({ start: 938 + inserted.length, end: 966 + inserted.length, method: 'quote' })
  })

  it('leaves highlights before the edit where they were', () => {
    const { quote, position } = highlight(SAMPLE, 'grensplaatsje Kaesong')
    const edited = SAMPLE.replace('Noord-Korea deed dat jaar', 'Noord-Korea voerde dat jaar')
    expect(anchorHighlight(edited, quote, position)).toEqual({ start: 115, end: 136, method: 'position', score: 1 })
  })
})

describe('anchorHighlight: repeated quotes', () => {
  it('tells occurrences apart by their context, even when the old position is nearer another one', () => {
    // "Pyongyang" occurs five times; the highlight is the third, "… tussen Pyongyang en Washington".
    const { quote, position } = describeTextRange(SAMPLE, { start: 1484, end: 1493 })
    const added = 'Moon zal ook een bezoek brengen aan de Paektu-berg, op de grens met China, schreef een woordvoerder.\n\n'
    const text = SAMPLE.replace('Het is een volgende stap', `${added}Het is een volgende stap`)
    // Now the second occurrence sits nearer the stored offset than the third does.
    expect(Math.abs(1355 + added.length - 1484)).toBeLessThan(added.length)
    expect(anchorHighlight(text, quote, position)).toMatchObject({ start: 1484 + added.length, end: 1493 + added.length, method: 'quote' })
  })

  it('picks the occurrence nearest the old position when the context is the same', () => {
    const chant = 'De menigte scandeerde: “' + 'Eén Korea! '.repeat(12).trim() + '” Daarna werd het stil.'
    const text = `${SAMPLE}\n\n${chant}`
    const seventh = text.indexOf('Eén Korea!', text.indexOf('scandeerde') + 'scandeerde: “'.length + 6 * 'Eén Korea! '.length)
    const { quote, position } = describeTextRange(text, { start: seventh, end: seventh + 'Eén Korea!'.length })
    const eighth = describeTextRange(text, { start: seventh + 11, end: seventh + 21 }).quote
    expect(eighth).toEqual(quote)

    // An edit early on moves every occurrence 3 characters on, less than half the 11 between them.
    const shifted = text.replace('hebben vrijdag', 'hebben op vrijdag')
    expect(anchorHighlight(shifted, quote, position)).toMatchObject({ start: seventh + 3, end: seventh + 13, method: 'quote' })
  })
})

describe('anchorHighlight: curly against straight quotes', () => {
  it('anchors a quote stored with straight apostrophes in text with curly ones', () => {
    const straight = SAMPLE.replace(/’/g, "'").replace(/[“”]/g, '"')
    const { quote, position } = highlight(straight, "zo'n twintig ambtenaren")
    expect(anchorHighlight(SAMPLE, quote, position)).toMatchObject({ start: 528, end: 551, method: 'position' })

    const moved = `Update: het bureau is inmiddels gesloten.\n\n${SAMPLE}`
    expect(anchorHighlight(moved, quote, position)).toMatchObject({ start: 528 + 43, end: 551 + 43, method: 'quote' })
  })

  it('anchors a quote stored with curly quotes in text that now has straight ones', () => {
    const { quote, position } = highlight(SAMPLE, '“een nieuw tijdperk van vrede”')
    const straight = SAMPLE.replace(/[“”]/g, '"')
    expect(anchorHighlight(straight, quote, position)).toMatchObject({ start: 937, end: 967, method: 'position' })
  })
})

describe('anchorHighlight: edited quotes', () => {
  it('finds a quote whose one word was changed, with a lower score', () => {
    const { quote, position } = highlight(SAMPLE, 'Dergelijk overleg werd herhaaldelijk opgeschort wanneer de spanningen opliepen.')
    const edited = SAMPLE.replace('werd herhaaldelijk opgeschort', 'werd regelmatig opgeschort')
    const anchor = anchorHighlight(edited, quote, position)
    expect(anchor).toMatchObject({ start: 400, end: 476, method: 'fuzzy' })
    expect(edited.slice(anchor!.start, anchor!.end)).toBe('Dergelijk overleg werd regelmatig opgeschort wanneer de spanningen opliepen.')
    expect(anchor!.score).toBeLessThan(1)
    expect(anchor!.score).toBeGreaterThan(0.9)
  })

  it('finds the sample’s quote after a word in it was changed', () => {
    const { quote, position } = highlight(SAMPLE, VREDE)
    const edited = SAMPLE.replace('een nieuw tijdperk van vrede', 'een nieuw tijdvak van vrede')
    expect(anchorHighlight(edited, quote, position)).toMatchObject({ start: 938, end: 965, method: 'fuzzy' })
  })

  it('prefers the edited highlight to an unchanged copy of its words elsewhere', () => {
    const { quote, position } = highlight(SAMPLE, VREDE)
    const reaction = '\n\nCritici in Seoul noemden de belofte van “een nieuw tijdperk van vrede” voorbarig.'
    const edited = SAMPLE.replace('een nieuw tijdperk van vrede', 'een nieuw tijdvak van vrede') + reaction
    // The only exact copy is the critics' one; its surroundings are not the highlight's.
    expect(edited.split(VREDE)).toHaveLength(2)
    expect(anchorHighlight(edited, quote, position)).toMatchObject({ start: 938, end: 965, method: 'fuzzy' })
  })

  it('finds a moved, edited quote outside the region near its old position', () => {
    const { quote, position } = highlight(SAMPLE, 'Dergelijk overleg werd herhaaldelijk opgeschort wanneer de spanningen opliepen.')
    const filler = 'Dit is een ingevoegde alinea over de geschiedenis van het schiereiland. '.repeat(40) + '\n\n'
    const edited = filler + SAMPLE.replace('werd herhaaldelijk opgeschort', 'werd regelmatig opgeschort')
    expect(filler.length).toBeGreaterThan(2048)
    expect(anchorHighlight(edited, quote, position)).toMatchObject({ start: 400 + filler.length, end: 476 + filler.length, method: 'fuzzy' })
  })
})

describe('anchorHighlight: edited quotes, nearby first', () => {
  const BACKGROUND_PARAGRAPHS = [
    'Achtergrond',
    'Het industriegebied van Kaesong werd in 2004 geopend als symbool van samenwerking. Zuid-Koreaanse bedrijven lieten er tienduizenden Noord-Koreanen werken voor een loon dat grotendeels naar de staat ging. In 2016 sloot Seoul het gebied na een kernproef.',
    'Waarnemers in Seoul zijn voorzichtig. Eerdere toenaderingen, in 2000 en 2007, liepen uit op teleurstelling toen de regering in het zuiden wisselde of het noorden nieuwe raketten testte. De vraag is of het bureau een koerswijziging overleeft.',
    'In Washington klinkt intussen scepsis. Zolang er geen lijst van nucleaire installaties op tafel ligt, zeggen Amerikaanse functionarissen, is elk bureau aan de grens vooral symboliek.',
    'Een oud-diplomaat herinnerde zich de jaren negentig: “Dergelijk overleg werd herhaaldelijk opgeschort als de spanningen opliepen, en niemand wist wanneer het zou hervatten.”',
  ]
  const BACKGROUND = BACKGROUND_PARAGRAPHS.join('\n\n')

  it('prefers the edited passage near its old place to a closer copy far away with other context', () => {
    const { quote, position } = highlight(SAMPLE, 'Dergelijk overleg werd herhaaldelijk opgeschort wanneer de spanningen opliepen.')
    const edited = `${SAMPLE.replace('werd herhaaldelijk opgeschort', 'werd regelmatig opgeschort')}\n\n${BACKGROUND}`
    // The far copy differs from the quote by fewer characters, and lies beyond the nearby search.
    expect(edited.indexOf('Dergelijk overleg werd herhaaldelijk')).toBeGreaterThan(400 + 79 + 2048)
    expect(anchorHighlight(edited, quote, position)).toMatchObject({ start: 400, end: 476, method: 'fuzzy' })
  })

  it('does not cut short an edited passage that straddles the edge of the nearby search', () => {
    const { quote, position } = highlight(SAMPLE, 'Dergelijk overleg werd herhaaldelijk opgeschort wanneer de spanningen opliepen.')
    const edited = SAMPLE.replace('werd herhaaldelijk opgeschort', 'werd herhaaldelijk opgeschorst')
    // Pushed on so that its last few characters lie past the nearby region's end (400 + 79 + 2048).
    const history = BACKGROUND_PARAGRAPHS.slice(0, -1).join('\n\n')
    const insert = `${[history, history, history, history].join('\n\n').slice(0, 2050)}\n\n`
    const anchor = anchorHighlight(insert + edited, quote, position)
    expect(400 + insert.length + 80 - 2527).toBe(5)
    expect(anchor).toMatchObject({ start: 400 + insert.length, end: 480 + insert.length, method: 'fuzzy' })
  })
})

describe('anchorHighlight: orphans', () => {
  it('returns null for a sentence rewritten in place, though its surroundings are intact', () => {
    const { quote, position } = highlight(SAMPLE, 'Dergelijk overleg werd herhaaldelijk opgeschort wanneer de spanningen opliepen.')
    const rewritten = SAMPLE.replace('werd herhaaldelijk opgeschort wanneer', 'lag telkens maandenlang stil als')
    expect(anchorHighlight(rewritten, quote, position)).toBeNull()
  })

  it('returns null when the sentence with the quote was deleted', () => {
    const { quote, position } = highlight(SAMPLE, VREDE)
    const withoutQuote = SAMPLE.replace(' De Zuid-Koreaanse minister van Eenwording, Cho Myoung-gyon, kondigde “een nieuw tijdperk van vrede” aan.', '')
    expect(withoutQuote).not.toContain('tijdperk')
    expect(anchorHighlight(withoutQuote, quote, position)).toBeNull()
  })

  it('returns null when the quote was rewritten beyond a small edit', () => {
    const { quote, position } = highlight(SAMPLE, 'Dergelijk overleg werd herhaaldelijk opgeschort wanneer de spanningen opliepen.')
    const rewritten = SAMPLE.replace('Dergelijk overleg werd herhaaldelijk opgeschort wanneer de spanningen opliepen.', 'Bij oplopende spanningen lag dat overleg vaak maandenlang stil.')
    expect(anchorHighlight(rewritten, quote, position)).toBeNull()
  })

  it('does not anchor to a near-identical sentence whose surroundings disagree', () => {
    const { quote, position } = highlight(SAMPLE, 'De twee zullen dan verder praten over de denuclearisering')
    const moved = SAMPLE.replace('De twee zullen dan verder praten over de denuclearisering van het Koreaanse schiereiland.', '')
      .replace('VN-experts concludeerden', 'De twee zullen dan niet verder praten over de denuclearisering, VN-experts concludeerden')
    expect(anchorHighlight(moved, quote, position)).toBeNull()
  })
})

describe('anchorHighlight: a quote across two paragraphs', () => {
  // The reader's text: paragraphs joined by a single line break.
  const reader = SAMPLE.split('\n\n').join('\n')
  const passage = 'na de Tweede Wereldoorlog.\nTot nu toe communiceerden Pyongyang'

  it('anchors at its position in the text it was made in', () => {
    const { quote, position } = highlight(reader, passage)
    expect(position).toMatchObject({ start: 287, end: 349 })
    expect(anchorHighlight(reader, quote, position)).toMatchObject({ start: 287, end: 349, method: 'position' })
  })

  it('anchors when the paragraphs are now separated by a blank line', () => {
    const { quote, position } = highlight(reader, passage)
    const anchor = anchorHighlight(SAMPLE, quote, position)
    expect(anchor).toMatchObject({ start: 287, end: 350, method: 'fuzzy' })
    expect(SAMPLE.slice(anchor!.start, anchor!.end)).toBe('na de Tweede Wereldoorlog.\n\nTot nu toe communiceerden Pyongyang')
  })

  it('anchors when a re-extraction ran the paragraphs together', () => {
    const { quote, position } = highlight(reader, passage)
    const joined = reader.replace('Wereldoorlog.\nTot', 'Wereldoorlog. Tot')
    expect(anchorHighlight(joined, quote, position)).toMatchObject({ start: 287, end: 349, method: 'position' })
  })
})
