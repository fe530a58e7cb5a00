// The search's ranking function (native/searchRanking.c), a plain SQLite extension: it calls no Node
// API, so the one library serves Node (tests, CLI, bench) and Electron alike. Compiled against the
// SQLite headers better-sqlite3 ships, into native/out/ (git-ignored; packaged by electron-builder.yml).
// Without a C compiler the app still searches, with FTS5's own bm25() (searchRanking.ts says so once);
// in CI a missing library fails here, so that the tests never run the fallback unnoticed.
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const source = join(root, 'native', 'searchRanking.c')
const suffix = process.platform === 'win32' ? 'dll' : process.platform === 'darwin' ? 'dylib' : 'so'
const output = join(root, 'native', 'out', `searchRanking.${suffix}`)
const headers = join(root, 'node_modules', 'better-sqlite3', 'deps', 'sqlite3')

const mtime = (path) => { try { return statSync(path).mtimeMs } catch { return 0 } }
// Built again when the source or the SQLite headers (a newer better-sqlite3) are newer than the library.
if (mtime(output) > Math.max(mtime(source), mtime(join(headers, 'sqlite3ext.h')), mtime(join(headers, 'sqlite3.h')))) process.exit(0)

mkdirSync(dirname(output), { recursive: true })
const compiler = process.env.CC || 'cc'
const flags = ['-O2', '-fPIC', '-shared', '-I', headers, source, '-o', output]
// macOS: an extension reaches SQLite through the routines it is given, so nothing is left to link.
const built = spawnSync(compiler, process.platform === 'linux' ? [...flags, '-lm'] : flags, { stdio: 'inherit' })
if (built.status !== 0) {
  const why = built.error ? built.error.message : `${compiler} exited with ${built.status}`
  // A library built from an older source may take other arguments: none is better than that one.
  rmSync(output, { force: true })
  if (process.env.CI) {
    console.error(`The search ranking extension could not be built (${why}); CI must test it, not FTS5's bm25() fallback.`)
    process.exit(1)
  }
  console.warn(`The search ranking extension could not be built (${why}): search ranks with FTS5's bm25(), slower for words of several phrases. Install a C compiler (build-essential, Xcode tools) and run npm install again.`)
}
