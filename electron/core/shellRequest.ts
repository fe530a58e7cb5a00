import { isSafeItemId } from './safeItemId'

/** The scheme of Scriptorium's deep links, registered with the operating system by the desktop app. */
export const DEEP_LINK_SCHEME = 'scriptorium'

/** What the desktop shell asks the window to do: from a deep link, a second launch, or a file opened with the app. */
export type ShellRequest =
  | { kind: 'open-item'; id: string; highlightId?: string }
  | { kind: 'search'; query: string }
  | { kind: 'open-settings' }
  | { kind: 'open-file'; name: string; bytes: Uint8Array }

/** The files the app opens when the system hands them over (file associations): references and styles. */
export const OPENED_FILE_EXTENSIONS = ['.bib', '.ris', '.csl'] as const

/** Longer queries than this are not a link anyone typed: refused rather than searched. */
const MAX_QUERY = 1000

/**
 * The request a `scriptorium://` link stands for, or null when it names nothing we open:
 * `scriptorium://item/ID`, `scriptorium://item/ID/highlight/HID` and `scriptorium://search?q=…`.
 * A link comes from any page or program, so ids are checked as ids before they are used.
 */
export function parseDeepLink(link: string): Extract<ShellRequest, { kind: 'open-item' | 'search' }> | null {
  let url: URL
  try {
    url = new URL(link)
  } catch {
    return null
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return null
  // scriptorium://item/ID parses with "item" as the host; scriptorium:item/ID without one.
  const parts = [url.host, ...url.pathname.split('/')].filter(Boolean).map(decodeURIComponent)
  if (parts[0] === 'item' && isSafeItemId(parts[1])) {
    if (parts.length === 2) return { kind: 'open-item', id: parts[1] }
    if (parts.length === 4 && parts[2] === 'highlight' && isSafeItemId(parts[3])) return { kind: 'open-item', id: parts[1], highlightId: parts[3] }
    return null
  }
  if (parts[0] === 'search' && parts.length === 1) {
    const query = url.searchParams.get('q')?.trim()
    return query && query.length <= MAX_QUERY ? { kind: 'search', query } : null
  }
  return null
}

/** The link that opens an item, or one of its highlights, in the desktop app. */
export function deepLinkTo(id: string, highlightId?: string): string {
  return `${DEEP_LINK_SCHEME}://item/${encodeURIComponent(id)}${highlightId ? `/highlight/${encodeURIComponent(highlightId)}` : ''}`
}

/** The link that runs a search in the desktop app. */
export function deepLinkToSearch(query: string): string {
  return `${DEEP_LINK_SCHEME}://search?q=${encodeURIComponent(query)}`
}
