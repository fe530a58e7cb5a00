import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../../support/tempLibrary'

// `npm start` runs Electron, whose package asks for a newer Node.js than the build, the CLI and the
// tests; build/checkNodeForElectron.mjs says so before anything runs. This Node.js decides which answer is right.
const electron = JSON.parse(readFileSync(join(repoRoot, 'node_modules/electron/package.json'), 'utf8')) as { version: string; engines: { node: string } }
const [wantMajor, wantMinor] = /(\d+)\.(\d+)/.exec(electron.engines.node)!.slice(1).map(Number)
const [major, minor] = process.versions.node.split('.').map(Number)
const newEnough = major > wantMajor || (major === wantMajor && minor >= wantMinor)

describe('npm start on this Node.js', () => {
  it('takes package.json\'s engines and Electron\'s own as the README states them', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { engines: { node: string }; scripts: Record<string, string> }
    expect(pkg.engines.node).toBe('>=20.19')
    expect(electron.engines.node).toBe('>= 22.12.0')
    expect(pkg.scripts.start.startsWith('node build/checkNodeForElectron.mjs && ')).toBe(true)
  })

  it(newEnough ? 'goes on: this Node.js runs Electron' : 'stops with a sentence naming the Node.js Electron needs and the one it found', () => {
    const run = spawnSync(process.execPath, [join(repoRoot, 'build/checkNodeForElectron.mjs')], { encoding: 'utf8' })
    if (newEnough) {
      expect(run.status).toBe(0)
      expect(run.stderr).toBe('')
    } else {
      expect(run.status).toBe(1)
      expect(run.stderr.trim()).toBe(
        `npm start needs Node.js 22.12 or newer, which Electron ${electron.version} asks for; this is Node.js ${process.versions.node}. The build, the tests and the scriptorium command run on Node.js 20.19 or newer.`,
      )
    }
  })
})
