import { test as base } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** Screenshots go to test-results/, or to the README's docs/screenshots/ under "npm run screenshots". */
export const screenshots = process.env.SCRIPTORIUM_SCREENSHOTS === 'docs' ? join(repoRoot, 'docs', 'screenshots') : join(repoRoot, 'test-results', 'screenshots')

export interface ServedApp {
  /** The address "scriptorium serve" printed, token included. */
  url: string
  origin: string
  library: string
}

/** Runs the real `scriptorium serve` on a fresh temporary library, for one test. */
export const test = base.extend<{ served: ServedApp }>({
  served: async ({}, use) => {
    const library = await mkdtemp(join(tmpdir(), 'scriptorium-browser-'))
    const child = spawn(process.execPath, ['bin/scriptorium.js', '--library', library, 'serve', '--port', '0'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    try {
      const url = await printedUrl(child)
      await use({ url, origin: new URL(url).origin, library })
    } finally {
      child.kill('SIGTERM')
      await new Promise((done) => (child.exitCode !== null ? done(null) : child.once('exit', done)))
      await rm(library, { recursive: true, force: true })
    }
  },
})

function printedUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let output = ''
    const timer = setTimeout(() => reject(new Error(`scriptorium serve printed no address:\n${output}`)), 15_000)
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolvePromise(match[0])
      }
    })
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`scriptorium serve exited with ${code}:\n${output}`)))
  })
}

export { expect } from '@playwright/test'

/** Runs `scriptorium serve` on a library a test has prepared beforehand (the fixture starts on an empty one). */
export async function serveLibrary(library: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['bin/scriptorium.js', '--library', library, 'serve', '--port', '0'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })
  const stop = async () => {
    child.kill('SIGTERM')
    await new Promise((done) => (child.exitCode !== null ? done(null) : child.once('exit', done)))
  }
  try {
    return { url: await printedUrl(child), stop }
  } catch (error) {
    await stop()
    throw error
  }
}
