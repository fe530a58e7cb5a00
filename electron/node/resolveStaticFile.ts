import { extname, join, normalize, resolve, sep } from 'node:path'

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // pdf.js's worker, a module script.
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

/**
 * The file of the built renderer that a decoded URL path names ("/" is index.html), with its MIME
 * type; undefined when the path would leave the folder. Used by the app:// protocol and the bridge.
 */
export function resolveStaticFile(root: string, pathname: string): { path: string; mimeType: string } | undefined {
  const base = resolve(root)
  const path = join(base, normalize(pathname === '/' ? '/index.html' : pathname).replace(/^([/\\])+/, ''))
  if (!path.startsWith(base + sep)) return undefined
  return { path, mimeType: MIME_TYPES[extname(path)] ?? 'application/octet-stream' }
}
