import { defineStore } from 'pinia'
import { reactive, watch } from 'vue'

export type LineWidth = 'narrow' | 'medium' | 'wide'
export type Typeface = 'serif' | 'sans'

export interface ReaderSettings {
  fontSize: number
  lineWidth: LineWidth
  typeface: Typeface
  /** Hidden while reading, to give the article the room: the library's sidebar, the highlights panel. */
  sidebarHidden: boolean
  sideHidden: boolean
}

export const FONT_SIZES = { min: 14, max: 28, step: 1 }
export const LINE_WIDTHS: Record<LineWidth, string> = { narrow: '34rem', medium: '40rem', wide: '50rem' }
const DEFAULTS: ReaderSettings = { fontSize: 19, lineWidth: 'medium', typeface: 'serif', sidebarHidden: false, sideHidden: false }

// A preference of this machine's window, like the table's sort order: kept in localStorage, which
// Chromium and Electron both keep on disk, and never synced with the library.
const STORAGE_KEY = 'scriptorium-reader'

/** What was kept, each value checked: a hand-edited or older entry falls back to the default. */
function readKept(): ReaderSettings {
  let kept: Partial<Record<keyof ReaderSettings, unknown>> = {}
  try {
    kept = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') ?? {}
  } catch {
    kept = {}
  }
  const size = Number(kept.fontSize)
  return {
    fontSize: Number.isInteger(size) && size >= FONT_SIZES.min && size <= FONT_SIZES.max ? size : DEFAULTS.fontSize,
    lineWidth: typeof kept.lineWidth === 'string' && kept.lineWidth in LINE_WIDTHS ? (kept.lineWidth as LineWidth) : DEFAULTS.lineWidth,
    typeface: kept.typeface === 'sans' ? 'sans' : DEFAULTS.typeface,
    sidebarHidden: kept.sidebarHidden === true,
    sideHidden: kept.sideHidden === true,
  }
}

export const useReaderSettingsStore = defineStore('readerSettings', () => {
  const settings = reactive(readKept())
  watch(settings, () => localStorage.setItem(STORAGE_KEY, JSON.stringify(settings)))

  function resize(step: number) {
    settings.fontSize = Math.min(FONT_SIZES.max, Math.max(FONT_SIZES.min, settings.fontSize + step * FONT_SIZES.step))
  }

  return { settings, resize }
})
