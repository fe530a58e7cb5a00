// The library's catalog and search index live in SQLite through better-sqlite3, a native addon.
// `npm ci` builds it (package.json approves its install script in "allowScripts"; npm 11 leaves
// unapproved ones unrun). `npm start` rebuilds it for Electron's ABI, which Node cannot load: this
// checks that Node can, and rebuilds it for Node when not, before the build, the tests or the bench.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
try {
  const Database = require('better-sqlite3')
  new Database(':memory:').close()
} catch {
  console.error('Building better-sqlite3 for this Node.js (once)…')
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const built = spawnSync(npm, ['rebuild', 'better-sqlite3'], { stdio: 'inherit' })
  if (built.status !== 0) {
    console.error('better-sqlite3 could not be built. It needs Python 3, make and a C++ compiler (build-essential on Debian, Xcode tools on macOS).')
    process.exit(1)
  }
}
