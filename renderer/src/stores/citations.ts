import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AutoExport, AutoExportStatus, CitationStyle, ReferenceExport } from '../../../electron/core/archiveApi'
import { archive } from '../client/archive'
import { downloadFile } from '../downloadFile'
import { writeClipboard } from '../writeClipboard'
import { i18n } from '../i18n'
import { useNoticeStore } from './notices'

const { t } = i18n.global

/** How a citation is copied: rich text with plain text beside it, or one plain-text flavour for a writing tool. */
export type CopyFormat = 'rich' | 'markdown' | 'pandoc' | 'latex'

/** The ways to copy; each one's name is readerView.copy.formats.<format>. */
export const COPY_FORMATS: { format: CopyFormat }[] = [{ format: 'rich' }, { format: 'markdown' }, { format: 'pandoc' }, { format: 'latex' }]

/** The default citation style and locale, the styles there are, and the files kept current for LaTeX and Pandoc. */
export const useCitationStore = defineStore('citations', () => {
  const notices = useNoticeStore()
  const style = ref('apa')
  const locale = ref('en-US')
  const styles = ref<CitationStyle[]>([])
  const locales = ref<string[]>([])
  const autoExports = ref<AutoExportStatus[]>([])
  const loaded = ref(false)

  const attempt = notices.attempt

  async function load() {
    const [settings, offered, exports] = await Promise.all([
      attempt(() => archive.getSettings({})),
      attempt(() => archive.listCitationStyles({})),
      attempt(() => archive.listAutoExports({})),
    ])
    if (settings) {
      style.value = settings.citationStyle
      locale.value = settings.citationLocale
    }
    if (offered) {
      styles.value = offered.styles
      locales.value = offered.locales
    }
    if (exports) autoExports.value = exports
    loaded.value = Boolean(settings && offered)
  }

  /** The defaults are read once; copying before they arrive must still use the user's choice. */
  async function ready() {
    if (!loaded.value) await load()
  }

  async function setDefaults(change: { citationStyle?: string; citationLocale?: string }) {
    const settings = await attempt(() => archive.updateSettings(change))
    if (!settings) return
    style.value = settings.citationStyle
    locale.value = settings.citationLocale
  }

  const styleTitle = (id: string) => styles.value.find((entry) => entry.id === id)?.title ?? id

  /**
   * Copies a highlight quoted with its citation (or, without a highlight, the item's reference).
   * The clipboard write starts at once, inside the click or key press that asked for it.
   */
  async function copy(target: { id: string; highlightId?: string }, format: CopyFormat = 'rich'): Promise<boolean> {
    const citation = ready().then(() => archive.cite({ ...target, style: style.value, locale: locale.value }))
    const content = citation.then((cited) => (format === 'rich' ? { text: cited.text, html: cited.html } : { text: cited[format] }))
    try {
      await writeClipboard(content)
    } catch (error) {
      const refused = await citation.then(() => null, (failure: Error) => failure)
      notices.error(refused ? refused.message : t('readerView.copy.refusedClipboard', { reason: (error as Error).message }))
      return false
    }
    const key = `readerView.copy.copied${target.highlightId ? 'Quote' : 'Reference'}${format === 'rich' ? '' : 'As'}`
    notices.success(t(key, { format: t(`readerView.copy.formats.${format}`), style: styleTitle(style.value), locale: locale.value }), undefined, 'citation-copied')

    return true
  }

  /** Adds a .csl file; answers the sentence that refused it, or null. A refused file changes nothing. */
  async function addStyle(file: File): Promise<string | null> {
    try {
      // The dialog's list shows the new style: no notice behind the dialog's backdrop.
      await archive.addCitationStyle({ fileName: file.name, content: await file.text() })
      await load()
      return null
    } catch (error) {
      return (error as Error).message
    }
  }

  async function removeStyle(id: string) {
    // The default must stay a style that exists, or every later citation would be refused.
    const fallback = styles.value.find((entry) => !entry.custom)?.id
    if (style.value === id && fallback) await setDefaults({ citationStyle: fallback })
    if (await attempt(() => archive.removeCitationStyle({ id }))) await load()
  }

  /** Answers the sentence that refused the path, or null. */
  async function addAutoExport(target: AutoExport): Promise<string | null> {
    try {
      autoExports.value = await archive.addAutoExport(target)
      return null
    } catch (error) {
      return (error as Error).message
    }
  }

  async function removeAutoExport(path: string) {
    const remaining = await attempt(() => archive.removeAutoExport({ path }))
    if (remaining) autoExports.value = remaining
  }

  async function refreshAutoExports() {
    autoExports.value = (await attempt(() => archive.listAutoExports({}))) ?? autoExports.value
  }

  /** Downloads references; answers whether a file came. */
  async function exportReferences(request: ReferenceExport): Promise<boolean> {
    const file = await attempt(() => archive.exportReferences(request))
    if (file) downloadFile(file)
    return Boolean(file)
  }

  return {
    style, locale, styles, locales, autoExports, loaded,
    load, ready, setDefaults, styleTitle, copy, addStyle, removeStyle, addAutoExport, removeAutoExport, refreshAutoExports, exportReferences,
  }
})
