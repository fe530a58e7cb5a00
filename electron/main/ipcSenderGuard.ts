import { isAppUrl } from './navigationGuard'

/** Only the app's own top-level page may call the archive; a frame of any other origin is refused. */
export function isTrustedSender(frame: { url: string; parent: unknown } | null | undefined, devServerUrl?: string): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url, devServerUrl)
}
