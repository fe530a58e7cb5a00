import { spawnSync } from 'node:child_process'
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach } from 'vitest'

/** The project root, found from this file rather than from the current folder. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
export const resourcesDir = join(repoRoot, 'resources')
export const webRoot = join(repoRoot, 'out', 'web')
export const cliPath = join(repoRoot, 'bin', 'scriptorium.js')
export const samplePath = join(resourcesDir, 'samples', 'korea-liaison-office-2018.txt')

/** What the bundled sample article gives when it is added. */
export const SAMPLE = {
  fileName: 'korea-liaison-office-2018.txt',
  title: 'Noord- en Zuid-Korea hebben vrijdag een verbindingsbureau geopend aan de grens',
  citekey: 'noord2018zuidkorea',
  para3Phrase: 'een nieuw tijdperk van vrede',
}

export const ID_PATTERN = /^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$/
export const ISO_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0

/** A fresh folder under the system temp folder; remove() undoes any read-only protection first. */
export async function makeTempDir(prefix = 'scriptorium-test-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  return {
    dir,
    remove: async () => {
      if (isRoot) spawnSync('chattr', ['-R', '-i', dir], { stdio: 'ignore' })
      await chmodTree(dir, 0o755).catch(() => {})
      // A long-running archive (a test of the app's background work) may still be writing: retried, as ENOTEMPTY then says.
      await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
    },
  }
}

/** The folder of the test that runs now, and the library folder in it (not created: opening it makes it). */
export interface TestTempDir {
  readonly dir: string
  readonly libraryDir: string
}

/**
 * A fresh temp folder for each test of the scope it is called in (a file or a describe), removed after
 * the test. Call it before the scope's own beforeEach/afterEach: vitest runs after-hooks as a stack
 * (sequence.hooks "stack"), so the folder exists when the scope's beforeEach runs, and is removed only
 * after the scope's own afterEach has closed what the test opened in it (stores, bridges, workers).
 */
export function useTempDir(prefix?: string): TestTempDir {
  let current: Awaited<ReturnType<typeof makeTempDir>> | undefined
  beforeEach(async () => {
    current = await makeTempDir(prefix)
  })
  // A large tree (the kill tests' libraries) can take longer to remove than a hook's default 10 s.
  afterEach(async () => {
    const made = current
    current = undefined
    await made?.remove()
  }, 60_000)
  const dir = (): string => {
    if (!current) throw new Error('useTempDir: the temp folder exists only during a test and its beforeEach/afterEach hooks.')
    return current.dir
  }
  return {
    get dir() {
      return dir()
    },
    get libraryDir() {
      return join(dir(), 'library')
    },
  }
}

/**
 * Every file under a folder with its bytes, so a test can prove that nothing changed. The library's
 * .local/ (the catalog and search index this machine derives from the records) is left out.
 */
export async function snapshotTree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  async function walk(folder: string): Promise<void> {
    let entries
    try {
      entries = await readdir(folder, { withFileTypes: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw error
    }
    for (const entry of entries) {
      const path = join(folder, entry.name)
      if (folder === dir && entry.name === '.local') continue
      if (entry.isDirectory()) {
        files.set(`${relative(dir, path)}/`, 'dir')
        await walk(path)
      } else files.set(relative(dir, path), (await readFile(path)).toString('base64'))
    }
  }
  await walk(dir)
  return files
}

async function chmodTree(path: string, mode: number): Promise<void> {
  await chmod(path, mode)
  if (!(await stat(path)).isDirectory()) return
  for (const entry of await readdir(path)) await chmodTree(join(path, entry), mode)
}

export interface ReadOnlyProtection {
  /** chmod (not root), chattr +i (root with CAP_LINUX_IMMUTABLE) or a read-only bind mount (root with CAP_SYS_ADMIN). */
  mechanism: 'chmod' | 'chattr' | 'bind-mount'
  undo: () => Promise<void>
}

/** True when creating a file in the folder fails, as it must once the folder is read-only. */
async function writesFail(dir: string): Promise<boolean> {
  const probe = join(dir, `.probe-${process.pid}`)
  try {
    await writeFile(probe, 'x')
  } catch {
    return true
  }
  await rm(probe, { force: true })
  return false
}

/**
 * Makes a folder (and, when recursive, everything in it) read-only in a way that also stops root,
 * which chmod does not: chmod when not root, else chattr +i, else a read-only bind mount. `using`
 * limits the choice to one mechanism. Returns undefined when none works on this machine.
 */
export async function makeReadOnly(
  dir: string,
  { recursive = true, using }: { recursive?: boolean; using?: ReadOnlyProtection['mechanism'] } = {},
): Promise<ReadOnlyProtection | undefined> {
  const allowed = (mechanism: ReadOnlyProtection['mechanism']) => !using || using === mechanism
  if (!isRoot) {
    if (!allowed('chmod')) return undefined
    if (recursive) await chmodTree(dir, 0o555)
    else await chmod(dir, 0o555)
    if (await writesFail(dir)) return { mechanism: 'chmod', undo: () => chmodTree(dir, 0o755) }
    await chmodTree(dir, 0o755)
    return undefined
  }
  if (allowed('chattr') && spawnSync('chattr', recursive ? ['-R', '+i', dir] : ['+i', dir], { stdio: 'ignore' }).status === 0) {
    const undo = async () => {
      spawnSync('chattr', ['-R', '-i', dir], { stdio: 'ignore' })
    }
    if (await writesFail(dir)) return { mechanism: 'chattr', undo }
    await undo()
  }
  // A mount covers the whole tree, so it cannot leave the subfolders writable.
  if (recursive && allowed('bind-mount') && spawnSync('mount', ['--bind', dir, dir], { stdio: 'ignore' }).status === 0) {
    const undo = async () => {
      // Lazily: the open library keeps its catalog database open inside the mount.
      spawnSync('umount', ['--lazy', dir], { stdio: 'ignore' })
    }
    const remount = spawnSync('mount', ['-o', 'remount,ro,bind', dir], { stdio: 'ignore' })
    if (remount.status === 0 && (await writesFail(dir))) return { mechanism: 'bind-mount', undo }
    await undo()
  }
  return undefined
}

/**
 * For root on a machine where makeReadOnly cannot work: the uid/gid of "nobody", when that user can
 * run the built CLI from this checkout; undefined otherwise.
 */
export function unprivilegedUser(): { uid: number; gid: number } | undefined {
  if (!isRoot) return undefined
  const user = { uid: 65534, gid: 65534 }
  const check = spawnSync(
    process.execPath,
    ['-e', `const fs = require('fs'); for (const f of ${JSON.stringify([cliPath, join(repoRoot, 'out', 'main', 'cli.js'), samplePath])}) fs.accessSync(f, fs.constants.R_OK)`],
    { ...user, stdio: 'ignore' },
  )
  return check.status === 0 ? user : undefined
}

