/** A rectangle on a PDF page, in PDF points (1/72 inch) from the page's top-left corner: the same at every zoom. */
export interface PdfArea {
  /** 1-based. */
  page: number
  x: number
  y: number
  width: number
  height: number
}

/**
 * An area highlight's target as the W3C model writes it: the page (RFC 8118, "page=3") refined by a
 * Media Fragments rectangle ("xywh=72,144,200,120"). Its pixels are PDF points, the page at 72 dpi,
 * which is what a PDF viewer shows at 100 %.
 */
export interface PdfAreaSelector {
  type: 'FragmentSelector'
  conformsTo: 'http://tools.ietf.org/rfc/rfc8118'
  value: string
  refinedBy: { type: 'FragmentSelector'; conformsTo: 'http://www.w3.org/TR/media-frags/'; value: string }
}

export function pdfAreaSelector({ page, x, y, width, height }: PdfArea): PdfAreaSelector {
  return {
    type: 'FragmentSelector',
    conformsTo: 'http://tools.ietf.org/rfc/rfc8118',
    value: `page=${page}`,
    refinedBy: { type: 'FragmentSelector', conformsTo: 'http://www.w3.org/TR/media-frags/', value: `xywh=${x},${y},${width},${height}` },
  }
}

const NUMBER = String.raw`\d+(?:\.\d+)?`
const XYWH = new RegExp(`^xywh=(?:pixel:)?(${NUMBER}),(${NUMBER}),(${NUMBER}),(${NUMBER})$`)

/** The area a stored selector names, or undefined when it is not a sound page rectangle. */
export function readPdfArea(selector: unknown): PdfArea | undefined {
  const outer = selector as Partial<PdfAreaSelector> | null
  if (outer?.type !== 'FragmentSelector' || typeof outer.value !== 'string') return undefined
  const page = Number(/^page=(\d+)$/.exec(outer.value)?.[1])
  const inner = outer.refinedBy
  const rect = inner?.type === 'FragmentSelector' && typeof inner.value === 'string' ? XYWH.exec(inner.value) : null
  if (!(page >= 1) || !rect) return undefined
  const [x, y, width, height] = rect.slice(1).map(Number)
  return width > 0 && height > 0 ? { page, x, y, width, height } : undefined
}

/** "xywh=…" of an area, for an export that names the rectangle as stored. */
export function areaFragment(area: PdfArea): string {
  return `xywh=${area.x},${area.y},${area.width},${area.height}`
}
