import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runScriptorium } from '../support/runScriptorium'
import { cliPath, repoRoot, samplePath, useTempDir } from '../support/tempLibrary'

const temp = useTempDir()

beforeAll(() => {
  if (!existsSync(join(repoRoot, 'out', 'main', 'cli.js'))) throw new Error('Run "npm run build" before the CLI tests.')
})

/**
 * Runs the real command with its output read by no one, as in `scriptorium list | head -1` once
 * head has its line: the read end of the pipe is closed before the command writes anything.
 */
function runWithOutputClosed(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.destroy()
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stderr }))
  })
}

describe('output read by no one (scriptorium list | head -1)', () => {
  it('ends quietly, with no EPIPE stack trace, in words and in JSON', async () => {
    const library = temp.libraryDir
    expect((await runScriptorium(['--library', library, 'add', samplePath])).code).toBe(0)
    for (const args of [['list'], ['--json', 'list'], ['--help']]) {
      expect(await runWithOutputClosed(['--library', library, ...args])).toEqual({ code: 0, stderr: '' })
    }
  })

  it('still finishes the change it was asked for', async () => {
    const library = temp.libraryDir
    expect(await runWithOutputClosed(['--library', library, 'add', samplePath])).toEqual({ code: 0, stderr: '' })
    const listed = await runScriptorium(['--library', library, '--json', 'list'])
    expect(JSON.parse(listed.stdout)).toHaveLength(1)
  })
})

describe('--library naming something that is not a folder', () => {
  it('says in one sentence that a file is no library, and leaves the file alone', async () => {
    const file = join(temp.dir, 'notes.txt')
    await writeFile(file, 'my notes\n')
    for (const command of [['list'], ['add', samplePath], ['serve', '--port', '0']]) {
      const run = await runScriptorium(['--library', file, ...command])
      expect(run).toEqual({ code: 1, stdout: '', stderr: `The library must be a folder, but ${file} is a file.\n` })
    }
    expect(await readdir(temp.dir)).toEqual(['notes.txt'])
  })

  it('says which file stands where a folder of the library would be made', async () => {
    const file = join(temp.dir, 'notes.txt')
    await writeFile(file, 'my notes\n')
    const library = join(file, 'sub', 'library')
    const run = await runScriptorium(['--library', library, 'add', samplePath])
    expect(run).toEqual({ code: 1, stdout: '', stderr: `The library ${library} cannot be made: ${file} is a file, not a folder.\n` })
  })

  it('opens a library whose folder does not exist yet, as before', async () => {
    const library = join(temp.dir, 'new', 'library')
    await mkdir(join(temp.dir, 'new'))
    const run = await runScriptorium(['--library', library, 'add', samplePath])
    expect(run.code).toBe(0)
    expect(existsSync(library)).toBe(true)
  })
})
