import type { HighlightColorLabel, LibrarySettings } from '../archiveApi'
import { ArchiveError } from '../archiveError'
import { HIGHLIGHT_COLORS } from './annotationModel'
import { DEFAULT_LABELS } from './defaultColorLabels'

/** The library's settings, with defaults for whatever was never set. */
export function settingsWithDefaults(stored: Partial<LibrarySettings>): LibrarySettings {
  const labels = new Map((stored.highlightColors ?? []).map((entry) => [entry.color, entry.label]))
  return {
    highlightColors: DEFAULT_LABELS.map(({ color, label }) => ({ color, label: labels.get(color) ?? label })),
    citationStyle: stored.citationStyle ?? 'apa',
    citationLocale: stored.citationLocale ?? 'en-US',
    autoExports: stored.autoExports ?? [],
  }
}

/** Checks new colour names: one label per colour, short enough for a button. */
export function checkColorLabels(labels: HighlightColorLabel[]): HighlightColorLabel[] {
  const seen = new Set<string>()
  for (const { color, label } of labels) {
    if (!HIGHLIGHT_COLORS.includes(color)) throw new ArchiveError('invalid_argument', `"${color}" is not a highlight colour.`)
    if (seen.has(color)) throw new ArchiveError('invalid_argument', `The colour ${color} is named twice.`)
    if (!label.trim()) throw new ArchiveError('invalid_argument', `The colour ${color} needs a name.`)
    seen.add(color)
  }
  return labels.map(({ color, label }) => ({ color, label: label.trim() }))
}
