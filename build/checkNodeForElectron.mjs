// `npm start` runs Electron 45, whose own package (and its binary installer) asks for Node.js 22.12 or
// newer; the build, the CLI and the tests need only 20.19. Say so before anything else runs.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const electron = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8'))
const wanted = /(\d+)\.(\d+)/.exec(electron.engines?.node ?? '')
const [major, minor] = process.versions.node.split('.').map(Number)
if (wanted && (major < Number(wanted[1]) || (major === Number(wanted[1]) && minor < Number(wanted[2])))) {
  console.error(
    `npm start needs Node.js ${wanted[1]}.${wanted[2]} or newer, which Electron ${electron.version} asks for; this is Node.js ${process.versions.node}. ` +
      'The build, the tests and the scriptorium command run on Node.js 20.19 or newer.',
  )
  process.exit(1)
}
