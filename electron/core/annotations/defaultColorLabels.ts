import type { HighlightColorLabel } from '../archiveApi'

/** What each colour means until the user says otherwise. The UI shows these in its own language while unchanged. */
export const DEFAULT_LABELS: HighlightColorLabel[] = [
  { color: 'yellow', label: 'Key point' },
  { color: 'green', label: 'Evidence' },
  { color: 'blue', label: 'Definition' },
  { color: 'pink', label: 'Disagree' },
  { color: 'purple', label: 'Question' },
]
