// npm run dist: the desktop app's installers for this platform (electron-builder.yml), or one sentence
// saying why this machine cannot make them. `node build/dist.mjs --check` only checks.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkDistPrerequisites, TARGETS } from './distPrerequisites.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const { version } = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8'))

const check = await checkDistPrerequisites({ root, version })
if (!check.ok) {
  console.error(check.message)
  process.exit(1)
}
if (process.argv.includes('--check')) {
  console.log(`npm run dist can package Scriptorium here: ${TARGETS[process.platform]} with Electron ${version}${check.electronDist ? ` (the binary in ${check.electronDist})` : ''}.`)
  process.exit(0)
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
// The search's ranking extension (native/out/), which the installer carries; CI=1 makes its absence fatal here too.
run('node', [join(root, 'build', 'buildSearchRanking.mjs')])
run(npm, ['run', 'build'])
// electron-builder rebuilds better-sqlite3 for Electron in node_modules; `npm test` rebuilds it for Node again.
run(join(root, 'node_modules/.bin', process.platform === 'win32' ? 'electron-builder.cmd' : 'electron-builder'), [
  '--config', 'electron-builder.yml', '--publish', 'never',
  ...(check.electronDist ? [`--config.electronDist=${check.electronDist}`] : []),
])
