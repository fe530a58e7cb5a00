import { ref, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Highlight, PdfArea } from '../../../electron/core/archiveApi'
import { scrollIntoViewWithin } from '../findInText'
import { areaInPercent, fitArea, moveArea, startingArea, type AreaArrow } from './moveArea'
import type { PageSize, PointRect } from './pdfAreas'

/** What the PDF reader gives the keyboard's rectangle: its pages, and where a finished one goes. */
export interface KeyboardAreaHost {
  /** A page's box in the viewer (pdf.js lays every page out at once) and its size in points. */
  page(number: number): { div: HTMLElement; size: PageSize } | undefined
  pageCount(): number
  currentPage(): number
  /** The page as printed ("iv", "12"). */
  pageLabel(number: number): string
  container(): HTMLElement | undefined
  scrollToPage(number: number): void
  /** The same path as an area drawn with the mouse. */
  save(area: PdfArea): void
  /** The rectangle was saved or given up: the area mode ends. */
  ended(): void
}

/** The id of the hidden sentence that tells a screen reader the rectangle's keys. */
export const AREA_KEYS_ID = 'pdf-area-keys'

const ARROWS: readonly string[] = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'] satisfies AreaArrow[]

/**
 * An area highlight made without a mouse: a rectangle on the current page that the arrow keys move,
 * Shift+arrows resize, J and K take to another page, Enter saves and Escape gives up. It is a focused
 * element of its own (role application, so a screen reader hands it the arrow keys), placed in
 * percentages of its page like the saved areas, and each change is said in a polite live region.
 */
export function useKeyboardArea(host: KeyboardAreaHost) {
  const { t } = useI18n()
  const draft = shallowRef<{ page: number; rect: PointRect } | null>(null)
  /** The live region's sentence. */
  const announcement = ref('')
  let element: HTMLDivElement | null = null
  /** An area sent to be saved, said to be saved once it comes back among the highlights. */
  let sent: PdfArea | null = null

  const sizeOf = (page: number) => host.page(page)?.size

  function position(page: number, rect: PointRect): string {
    const size = sizeOf(page)
    return size ? t('pdfArea.position', { page: host.pageLabel(page), ...areaInPercent(rect, size) }) : ''
  }

  /** Draws the rectangle on its page (again, after pdf.js emptied the page to draw it anew). */
  function place(focus: boolean) {
    const current = draft.value
    const page = current && host.page(current.page)
    if (!current || !page) return
    if (!element) {
      element = document.createElement('div')
      element.className = 'pdf-area-draft keyboard'
      element.tabIndex = 0
      element.setAttribute('role', 'application')
      element.setAttribute('aria-describedby', AREA_KEYS_ID)
      element.dataset.testid = 'pdf-area-draft'
    }
    element.setAttribute('aria-roledescription', t('pdfArea.roleDescription'))
    element.setAttribute('aria-label', t('pdfArea.label', { page: host.pageLabel(current.page) }))
    const { x, y, width, height } = current.rect
    element.dataset.xywh = `${x},${y},${width},${height}`
    Object.assign(element.style, {
      left: `${(100 * x) / page.size.width}%`,
      top: `${(100 * y) / page.size.height}%`,
      width: `${(100 * width) / page.size.width}%`,
      height: `${(100 * height) / page.size.height}%`,
    })
    if (element.parentElement !== page.div) page.div.append(element)
    if (focus) element.focus({ preventScroll: true })
    const container = host.container()
    if (container) scrollIntoViewWithin(container, element)
  }

  /** A rectangle on the page in view, centred on the part of it that shows. */
  function start(): boolean {
    const number = host.currentPage()
    const page = host.page(number)
    const container = host.container()
    if (!page || !container) return false
    const sheet = (page.div.querySelector('.canvasWrapper') ?? page.div).getBoundingClientRect()
    const view = container.getBoundingClientRect()
    const points = page.size.height / (sheet.height || 1)
    draft.value = { page: number, rect: startingArea(page.size, { top: (view.top - sheet.top) * points, bottom: (view.bottom - sheet.top) * points }) }
    place(true)
    announcement.value = position(number, draft.value.rect)
    return true
  }

  function remove() {
    element?.remove()
    element = null
    draft.value = null
  }

  /** Takes the rectangle away; `say` tells a screen reader nothing was highlighted. */
  function cancel(say: boolean) {
    if (!draft.value) return
    remove()
    if (say) announcement.value = t('pdfArea.cancelled')
  }

  function save() {
    const { page, rect } = draft.value!
    const size = sizeOf(page)
    sent = { page, ...(size ? fitArea(rect, size) : rect) }
    remove()
    announcement.value = t('pdfArea.saving', { page: host.pageLabel(page) })
    host.save(sent)
    host.ended()
  }

  function toPage(delta: number) {
    const { page, rect } = draft.value!
    const next = Math.min(host.pageCount(), Math.max(1, page + delta))
    const size = sizeOf(next)
    if (next === page || !size) return
    draft.value = { page: next, rect: fitArea(rect, size) }
    host.scrollToPage(next)
    place(true)
    announcement.value = position(next, draft.value.rect)
  }

  /** The rectangle's keys, while it has the focus; true when the key was its own. */
  function onKey(event: KeyboardEvent): boolean {
    if (!draft.value || !element || document.activeElement !== element || event.altKey) return false
    const { page, rect } = draft.value
    if (ARROWS.includes(event.key)) {
      const size = sizeOf(page)
      if (!size) return true
      draft.value = { page, rect: moveArea(rect, size, event.key as AreaArrow, { resize: event.shiftKey, fine: event.ctrlKey || event.metaKey }) }
      place(false)
      announcement.value = position(page, draft.value.rect)
      return true
    }
    if (event.ctrlKey || event.metaKey) return false
    if (event.key === 'Enter') save()
    else if (event.key === 'Escape') {
      cancel(true)
      host.ended()
    } else if (event.key === 'j' || event.key === 'k') toPage(event.key === 'j' ? 1 : -1)
    else return false
    return true
  }

  /** pdf.js drew a page anew, emptying it: the rectangle goes back on it, with the focus it lost. */
  function redrawn(page: number) {
    if (draft.value?.page !== page || element?.isConnected) return
    place(document.activeElement === document.body || document.activeElement === null)
  }

  /** The highlights came back from the archive: the area sent is said to be saved once it is among them. */
  function highlightsChanged(highlights: readonly Highlight[]) {
    if (!sent) return
    const { page, x, y, width, height } = sent
    const saved = highlights.some(({ area }) => area && area.page === page && area.x === x && area.y === y && area.width === width && area.height === height)
    if (!saved) return
    announcement.value = t('pdfArea.saved', { page: host.pageLabel(page) })
    sent = null
  }

  return { active: () => draft.value !== null, announcement, start, cancel, onKey, redrawn, highlightsChanged }
}
