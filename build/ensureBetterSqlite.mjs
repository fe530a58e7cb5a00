// The bench compares search with SQLite FTS5 through better-sqlite3, a native addon. npm 11 leaves
// the install scripts of packages not approved in "allowScripts" unrun, and the tests never need
// SQLite, so `npm ci` stays free of a native build; the bench compiles it here on first use.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
try {
  const Database = require('better-sqlite3')
  new Database(':memory:').close()
} catch {
  console.error('Building better-sqlite3 for the SQLite FTS5 baseline (once)…')
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const built = spawnSync(npm, ['rebuild', 'better-sqlite3'], { stdio: 'inherit' })
  if (built.status !== 0) {
    console.error('better-sqlite3 could not be built; the search bench needs it for its FTS5 baseline.')
    process.exit(1)
  }
}
