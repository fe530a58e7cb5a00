import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { Highlight, HighlightColorLabel, ItemAnnotations } from '../../../electron/core/archiveApi'
import type { HighlightColor } from '../../../electron/core/annotations/annotationModel'
import { DEFAULT_LABELS } from '../../../electron/core/annotations/defaultColorLabels'
import { archive } from '../client/archive'
import { formatNumber, i18n } from '../i18n'
import { downloadFile } from '../downloadFile'
import { useNoticeStore } from './notices'

const { t } = i18n.global

/** The open item's highlights and notes, and what each highlight colour means. */
export const useAnnotationStore = defineStore('annotations', () => {
  const notices = useNoticeStore()
  const current = shallowRef<ItemAnnotations | null>(null)
  const colors = ref<HighlightColorLabel[]>([])
  const lastColor = ref<HighlightColor>('yellow')
  /** The highlight the panel or the reader asked to show, so both can mark it. */
  const focused = ref<string | null>(null)

  const highlights = computed(() => current.value?.highlights ?? [])
  const anchored = computed(() => highlights.value.filter((highlight) => !highlight.orphan))
  const orphans = computed(() => highlights.value.filter((highlight) => highlight.orphan))
  const notes = computed(() => current.value?.notes ?? [])

  const attempt = notices.attempt

  async function load(itemId: string) {
    current.value = null
    const [annotations, settings] = await Promise.all([
      attempt(() => archive.listAnnotations({ id: itemId })),
      colors.value.length ? undefined : attempt(() => archive.getSettings({})),
    ])
    if (settings) colors.value = settings.highlightColors
    if (annotations) current.value = annotations
  }

  /** Re-reads the open item's annotations, e.g. after the CLI added some. */
  async function reload() {
    if (current.value) current.value = (await attempt(() => archive.listAnnotations({ id: current.value!.itemId }))) ?? current.value
  }

  async function highlight(range: { start: number; end: number; quote: string }, color: HighlightColor = lastColor.value): Promise<Highlight | undefined> {
    if (!current.value) return undefined
    lastColor.value = color
    const added = await attempt(() => archive.addHighlight({ id: current.value!.itemId, ...range, color }))
    if (added) await reload()
    return added
  }

  /** Changes a highlight's colour or note, or a note's text, with an Undo that puts the old ones back. */
  async function update(annotationId: string, change: { color?: HighlightColor; note?: string }): Promise<boolean> {
    if (!current.value) return false
    const itemId = current.value.itemId
    const before = [...highlights.value, ...notes.value].find((entry) => entry.id === annotationId)
    const updated = await attempt(() => archive.updateAnnotation({ id: itemId, annotationId, ...change }))
    if (!updated) return false
    current.value = updated
    if (before) {
      const previous: { color?: HighlightColor; note?: string } = {}
      if (change.color && 'color' in before) previous.color = (before as Highlight).color
      if (change.note !== undefined) previous.note = before.note
      const undo = async () => {
        const restored = await attempt(() => archive.updateAnnotation({ id: itemId, annotationId, ...previous }))
        if (restored && current.value?.itemId === itemId) current.value = restored
      }
      notices.success(change.note !== undefined ? t('readerView.notice.savedNote') : t('readerView.notice.changedColor'), { label: t('readerView.notice.undo'), run: () => void undo() }, `annotation:${annotationId}`)
    }
    return true
  }

  async function remove(annotationId: string, what: 'highlight' | 'note') {
    if (!current.value) return
    const itemId = current.value.itemId
    const updated = await attempt(() => archive.deleteAnnotation({ id: itemId, annotationId }))
    if (!updated) return
    current.value = updated
    const undo = async () => {
      const restored = await attempt(() => archive.restoreAnnotation({ id: itemId, annotationId }))
      if (restored && current.value?.itemId === itemId) current.value = restored
    }
    notices.success(what === 'note' ? t('readerView.notice.deletedNote') : t('readerView.notice.deletedHighlight'), { label: t('readerView.notice.undo'), run: () => void undo() }, `annotation:${annotationId}`)
  }

  async function addNote(note: string): Promise<boolean> {
    if (!current.value) return false
    const added = await attempt(() => archive.addNote({ id: current.value!.itemId, note }))
    if (added) await reload()
    return Boolean(added)
  }

  async function renameColors(labels: HighlightColorLabel[]): Promise<boolean> {
    const settings = await attempt(() => archive.updateSettings({ highlightColors: labels }))
    if (settings) colors.value = settings.highlightColors
    return Boolean(settings)
  }

  /** Downloads the item's annotations as Markdown or W3C JSON-LD. */
  async function exportAs(format: 'markdown' | 'jsonld') {
    if (!current.value) return
    const file = await attempt(() => archive.exportAnnotations({ id: current.value!.itemId, format }))
    if (file) downloadFile(file)
  }

  async function importFrom(file: File) {
    if (!current.value) return
    const result = await attempt(async () => archive.importAnnotations({ id: current.value!.itemId, content: await file.text() }))
    if (!result) return
    await reload()
    const params = { count: formatNumber(result.imported), file: file.name, orphaned: formatNumber(result.orphaned) }
    notices.success(t(result.orphaned ? 'readerView.notice.importedOrphans' : 'readerView.notice.imported', params, result.imported))
  }

  /** A colour's meaning; one the user never renamed is told in the UI's language. */
  const labelOf = (color: HighlightColor) => {
    const label = colors.value.find((entry) => entry.color === color)?.label
    const untouched = !label || DEFAULT_LABELS.some((entry) => entry.color === color && entry.label === label)
    return untouched ? t(`readerView.colors.${color}`) : label
  }


  return {
    current, colors, lastColor, focused, highlights, anchored, orphans, notes,
    load, reload, highlight, update, remove, addNote, renameColors, exportAs, importFrom, labelOf,
  }
})
