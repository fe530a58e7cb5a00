export const APP_ORIGIN = 'app://scriptorium'

/** Pages of the app itself: the app:// origin, or the dev server while developing. */
export function isAppUrl(url: string, devServerUrl?: string): boolean {
  const origin = originOf(url)
  if (origin === undefined) return false
  return origin === APP_ORIGIN || (devServerUrl !== undefined && origin === originOf(devServerUrl))
}

/** Links a user clicked may open in the system browser: http(s) and mailto only, never file: or custom schemes. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url)
    return protocol === 'https:' || protocol === 'http:' || protocol === 'mailto:'
  } catch {
    return false
  }
}

function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url)
    // Custom schemes report "null" as their origin; rebuild it from scheme and host.
    return parsed.origin !== 'null' ? parsed.origin : `${parsed.protocol}//${parsed.host}`
  } catch {
    return undefined
  }
}
