import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { repoRoot, useTempDir } from '../../support/tempLibrary'

// `npm run dist` first checks that it can get what packaging downloads (Electron's binary for this
// platform, Electron's headers for better-sqlite3), and says in one sentence why not. These run its
// check (node build/dist.mjs --check) against a local mirror, so the answer does not depend on the
// network; the home folder is a temporary one, so no headers are cached.
const ELECTRON_VERSION = '45.5.0'
const localElectron = existsSync(join(repoRoot, 'node_modules/electron/dist/version'))

const temp = useTempDir()
let mirror: Server | undefined

afterEach(async () => {
  await new Promise((done) => (mirror ? mirror.close(done) : done(undefined)))
  mirror = undefined
})

function runCheck(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'build/dist.mjs'), '--check'], { cwd: repoRoot, env: { ...process.env, HOME: temp.dir, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

/** A mirror of Electron's releases that holds only the files named. */
async function startMirror(files: string[]): Promise<string> {
  mirror = createServer((request, response) => response.writeHead(files.includes(request.url ?? '') ? 200 : 404).end())
  await new Promise<void>((done) => mirror!.listen(0, '127.0.0.1', done))
  return `http://127.0.0.1:${(mirror.address() as { port: number }).port}/`
}

const zipPath = `/v${ELECTRON_VERSION}/electron-v${ELECTRON_VERSION}-${process.platform}-${process.arch}.zip`

describe('npm run dist, where it cannot package', () => {
  it.skipIf(localElectron)('stops with a sentence naming the Electron binary it cannot download, and what it needs', async () => {
    const base = await startMirror([])
    const { code, stdout, stderr } = await runCheck({ ELECTRON_MIRROR: base })
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toContain(
      `npm run dist cannot package Scriptorium here, because it cannot download the Electron ${ELECTRON_VERSION} binary for ${process.platform}-${process.arch} (${base}${zipPath.slice(1)}): it answered HTTP 404`,
    )
    expect(stderr).toContain(`run it on a machine that reaches github.com and electronjs.org, or point ELECTRON_MIRROR at a mirror of Electron's releases and put Electron's headers in ~/.electron-gyp/${ELECTRON_VERSION}.`)
    expect(stderr.trim().split('\n')).toHaveLength(1)
  })

  it.skipIf(localElectron)('says the mirror cannot be reached when nothing answers there', async () => {
    const base = await startMirror([])
    const closed = base
    await new Promise((done) => mirror!.close(done))
    mirror = undefined
    const { code, stderr } = await runCheck({ ELECTRON_MIRROR: closed })
    expect(code).toBe(1)
    expect(stderr).toContain(`${closed}${zipPath.slice(1)}): it cannot be reached (ECONNREFUSED)`)
  })

  it('goes on where the binary can be downloaded and the headers are there', async () => {
    const base = await startMirror([zipPath])
    const headers = join(temp.dir, '.electron-gyp', ELECTRON_VERSION, 'include', 'node')
    await mkdir(headers, { recursive: true })
    await writeFile(join(headers, 'node_version.h'), '#define NODE_MAJOR_VERSION 22\n')
    const { code, stdout, stderr } = await runCheck({ ELECTRON_MIRROR: base })
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const installers = { linux: 'an AppImage and a .deb', darwin: 'a .dmg', win32: 'an NSIS installer (.exe)' }[process.platform as string]
    expect(stdout).toContain(`npm run dist can package Scriptorium here: ${installers} with Electron ${ELECTRON_VERSION}`)
  })
})
