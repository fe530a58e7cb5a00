import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { Highlight, HighlightColorLabel, ItemAnnotations, PdfArea } from '../../../electron/core/archiveApi'
import type { HighlightColor } from '../../../electron/core/annotations/annotationModel'
import { DEFAULT_LABELS } from '../../../electron/core/annotations/defaultColorLabels'
import { archive } from '../client/archive'
import { formatNumber, i18n } from '../i18n'
import { downloadFile } from '../downloadFile'
import { useNoticeStore } from './notices'
import { useHistoryStore, type AppChange } from './history'

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
  const history = useHistoryStore()

  /** An undo or redo on an item's annotations: a refusal throws (the history tells it); the open item shows the result. */
  async function onItem(itemId: string, work: () => Promise<ItemAnnotations>) {
    const after = await work()
    if (current.value?.itemId === itemId) current.value = after
  }
  const deleteOn = (itemId: string, annotationId: string) => onItem(itemId, () => archive.deleteAnnotation({ id: itemId, annotationId }))
  const restoreOn = (itemId: string, annotationId: string) => onItem(itemId, () => archive.restoreAnnotation({ id: itemId, annotationId }))

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
    const itemId = current.value.itemId
    const added = await attempt(() => archive.addHighlight({ id: itemId, ...range, color }))
    if (added) {
      await reload()
      const quote = added.quote.length > 40 ? `${added.quote.slice(0, 39)}…` : added.quote
      history.record({ describe: () => t('undoDuplicates.change.highlight', { quote }), undo: () => deleteOn(itemId, added.id), redo: () => restoreOn(itemId, added.id) })
    }
    return added
  }

  /** Highlights a rectangle on a page of the open PDF (a figure, a table), with Undo like a text highlight. */
  async function highlightArea(area: PdfArea, color: HighlightColor = lastColor.value): Promise<Highlight | undefined> {
    if (!current.value) return undefined
    lastColor.value = color
    const itemId = current.value.itemId
    const added = await attempt(() => archive.addAreaHighlight({ id: itemId, area, color }))
    if (added) {
      await reload()
      const quote = t('pdfReader.areaOnPage', { label: added.pages?.firstLabel ?? String(area.page) })
      history.record({ describe: () => t('undoDuplicates.change.highlight', { quote }), undo: () => deleteOn(itemId, added.id), redo: () => restoreOn(itemId, added.id) })
    }
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
      const recorded: AppChange = {
        describe: () => t(change.note !== undefined ? 'undoDuplicates.change.noteEdit' : 'undoDuplicates.change.colour'),
        undo: () => onItem(itemId, () => archive.updateAnnotation({ id: itemId, annotationId, ...previous })),
        redo: () => onItem(itemId, () => archive.updateAnnotation({ id: itemId, annotationId, ...change })),
      }
      history.record(recorded)
      notices.success(change.note !== undefined ? t('readerView.notice.savedNote') : t('readerView.notice.changedColor'), { label: t('undoDuplicates.undo'), run: () => void history.undoChange(recorded) }, `annotation:${annotationId}`)
    }
    return true
  }

  async function remove(annotationId: string, what: 'highlight' | 'note') {
    if (!current.value) return
    const itemId = current.value.itemId
    const updated = await attempt(() => archive.deleteAnnotation({ id: itemId, annotationId }))
    if (!updated) return
    current.value = updated
    const recorded: AppChange = {
      describe: () => t(what === 'note' ? 'undoDuplicates.change.deleteNote' : 'undoDuplicates.change.deleteHighlight'),
      undo: () => restoreOn(itemId, annotationId),
      redo: () => deleteOn(itemId, annotationId),
    }
    history.record(recorded)
    notices.success(what === 'note' ? t('readerView.notice.deletedNote') : t('readerView.notice.deletedHighlight'), { label: t('undoDuplicates.undo'), run: () => void history.undoChange(recorded) }, `annotation:${annotationId}`)
  }

  async function addNote(note: string): Promise<boolean> {
    if (!current.value) return false
    const itemId = current.value.itemId
    const added = await attempt(() => archive.addNote({ id: itemId, note }))
    if (added) {
      await reload()
      history.record({ describe: () => t('undoDuplicates.change.note'), undo: () => deleteOn(itemId, added.id), redo: () => restoreOn(itemId, added.id) })
    }
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
    load, reload, highlight, highlightArea, update, remove, addNote, renameColors, exportAs, importFrom, labelOf,
  }
})
