import { escapeHtml } from '../../electron/core/escapeHtml'

/** What a copy puts on the clipboard: rich text for word processors, and plain text for everything else. */
export interface ClipboardContent {
  text: string
  html?: string
}

/**
 * Writes both flavours in one clipboard entry. The content may still be on its way: handing the
 * ClipboardItem its promises at once keeps the user's gesture, which Safari requires. Without
 * ClipboardItem (older browsers), only the plain text goes on the clipboard.
 */
export async function writeClipboard(content: Promise<ClipboardContent>): Promise<void> {
  if (typeof ClipboardItem !== 'undefined' && navigator.clipboard?.write) {
    const blob = (pick: (content: ClipboardContent) => string) => content.then((value) => new Blob([pick(value)], { type: 'text/plain' }))
    const flavours: Record<string, Promise<Blob>> = {
      'text/plain': blob((value) => value.text),
      'text/html': content.then((value) => new Blob([value.html ?? escapeHtml(value.text)], { type: 'text/html' })),
    }
    try {
      await navigator.clipboard.write([new ClipboardItem(flavours)])
      return
    } catch (error) {
      await content // a refused citation is the error to report, not the clipboard's
      if (!navigator.clipboard.writeText) throw error
    }
  }
  await navigator.clipboard.writeText((await content).text)
}

