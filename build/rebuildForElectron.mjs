// Electron runs its own Node ABI, so the native addon better-sqlite3 is rebuilt for it before the
// app starts, as Electron's guide to native modules does it: npm rebuild with Electron as the
// runtime and Electron's headers (downloaded once from electronjs.org). `npm test` and the bench
// rebuild it for Node again (build/ensureBetterSqlite.mjs).
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { version } = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8'))
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const rebuilt = spawnSync(npm, ['rebuild', 'better-sqlite3'], {
  stdio: 'inherit',
  env: { ...process.env, npm_config_runtime: 'electron', npm_config_target: version, npm_config_disturl: 'https://electronjs.org/headers', npm_config_build_from_source: 'true' },
})
if (rebuilt.status !== 0) {
  console.error(`better-sqlite3 could not be rebuilt for Electron ${version}: it needs Python 3, make, a C++ compiler and Electron's headers from electronjs.org.`)
  process.exit(1)
}
