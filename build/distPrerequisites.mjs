// What `npm run dist` needs besides npm: electron-builder packs the app around Electron's own binary for
// this platform (downloaded from GitHub, or ELECTRON_MIRROR), and rebuilds better-sqlite3 against
// Electron's headers (from electronjs.org into ~/.electron-gyp, where node-gyp keeps them). Where either
// cannot be had, packaging would fail deep inside electron-builder; this says so first, in one sentence.
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

const ELECTRON_RELEASES = 'https://github.com/electron/electron/releases/download/'
const ELECTRON_HEADERS = 'https://www.electronjs.org/headers'
const TIMEOUT_MS = 10_000

/** The installers electron-builder.yml makes on each platform; the others must be built on theirs. */
export const TARGETS = { linux: 'an AppImage and a .deb', darwin: 'a .dmg', win32: 'an NSIS installer (.exe)' }

/** Where electron-builder looks for Electron's binary, as @electron/get names it. */
export function electronZipUrl(version, platform, arch, env = process.env) {
  const mirror = env.ELECTRON_MIRROR || ELECTRON_RELEASES
  const folder = env.ELECTRON_CUSTOM_DIR ?? `v${version}`
  return `${mirror.endsWith('/') ? mirror : `${mirror}/`}${folder}/electron-v${version}-${platform}-${arch}.zip`
}

/** Where the native module's rebuild for Electron downloads Electron's headers (electron-builder fixes this address). */
export function electronHeadersUrl(version) {
  return `${ELECTRON_HEADERS}/v${version}/node-v${version}-headers.tar.gz`
}

/** Electron's headers as node-gyp keeps them once downloaded, so the rebuild needs no download. */
export function cachedElectronHeaders(version) {
  const folder = join(homedir(), '.electron-gyp', version, 'include', 'node')
  return existsSync(join(folder, 'node_version.h')) ? folder : null
}

/** An Electron binary the electron package downloaded for this machine (node_modules/electron/dist), of the right version. */
export function installedElectronDist(root, version) {
  const dist = join(root, 'node_modules/electron/dist')
  const versionFile = join(dist, 'version')
  return existsSync(versionFile) && readFileSync(versionFile, 'utf8').trim().replace(/^v/, '') === version ? dist : null
}

async function reachable(url) {
  try {
    const response = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(TIMEOUT_MS) })
    return response.ok ? null : `it answered HTTP ${response.status}`
  } catch (error) {
    const cause = error.cause?.code ?? error.cause?.message ?? error.message
    if (error.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`
    return cause === 'ENOTFOUND' ? 'its host name does not resolve here (ENOTFOUND)' : `it cannot be reached (${cause})`
  }
}

/**
 * Whether this machine can package the app: `{ ok: true, electronDist }` (electronDist: a local Electron
 * binary to use instead of downloading one, or null), or `{ ok: false, message }`.
 */
export async function checkDistPrerequisites({ root, version, platform = process.platform, arch = process.arch, env = process.env }) {
  if (!TARGETS[platform]) return { ok: false, message: `npm run dist cannot package for ${platform}: Scriptorium's installers are made on Linux, macOS and Windows.` }
  const electronDist = installedElectronDist(root, version)
  const problems = []
  if (!electronDist) {
    const zip = electronZipUrl(version, platform, arch, env)
    const problem = await reachable(zip)
    if (problem) problems.push(`the Electron ${version} binary for ${platform}-${arch} (${zip}): ${problem}`)
  }
  const headers = electronHeadersUrl(version)
  const headersProblem = cachedElectronHeaders(version) ? null : await reachable(headers)
  if (headersProblem) problems.push(`Electron's headers, to build better-sqlite3 for Electron (${headers}): ${headersProblem}`)
  if (!problems.length) return { ok: true, electronDist }
  return {
    ok: false,
    message:
      `npm run dist cannot package Scriptorium here, because it cannot download ${problems.join('; nor ')}. ` +
      `Packaging needs those downloads (and electron-builder's own tools from github.com); run it on a machine that reaches ` +
      `github.com and electronjs.org, or point ELECTRON_MIRROR at a mirror of Electron's releases and put Electron's headers in ~/.electron-gyp/${version}.`,
  }
}
