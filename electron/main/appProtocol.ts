import { extname, join, normalize, resolve, sep } from 'node:path'

export const APP_SCHEME = 'app'

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
}

/**
 * Maps an app://scriptorium/... request to a file of the built renderer, or undefined when the path
 * would leave that folder. The app is served this way rather than from file://, which would grant
 * the page every file on disk.
 */
export function resolveAppFile(rendererRoot: string, requestUrl: string): { path: string; mimeType: string } | undefined {
  let pathname: string
  try {
    const url = new URL(requestUrl)
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== 'scriptorium') return undefined
    pathname = decodeURIComponent(url.pathname)
  } catch {
    return undefined
  }
  const root = resolve(rendererRoot)
  const path = join(root, normalize(pathname === '/' ? '/index.html' : pathname).replace(/^([/\\])+/, ''))
  if (!path.startsWith(root + sep)) return undefined
  return { path, mimeType: MIME_TYPES[extname(path)] ?? 'application/octet-stream' }
}
