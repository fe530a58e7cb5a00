import { resolveStaticFile } from '../node/resolveStaticFile'

export const APP_SCHEME = 'app'

/**
 * Maps an app://scriptorium/... request to a file of the built renderer, or undefined when it names
 * another host or a path outside that folder. The app is served this way rather than from file://,
 * which would grant the page every file on disk.
 */
export function resolveAppFile(rendererRoot: string, requestUrl: string): { path: string; mimeType: string } | undefined {
  try {
    const url = new URL(requestUrl)
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== 'scriptorium') return undefined
    return resolveStaticFile(rendererRoot, decodeURIComponent(url.pathname))
  } catch {
    return undefined
  }
}
