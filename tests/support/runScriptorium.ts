import { spawn } from 'node:child_process'
import { expect } from 'vitest'
import { cliPath, repoRoot } from './tempLibrary'

export interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the real built command, as a user would, with no inherited library setting. */
export async function runScriptorium(
  args: string[],
  { env = {}, cwd = repoRoot, user }: { env?: Record<string, string>; cwd?: string; user?: { uid: number; gid: number } } = {},
): Promise<Run> {
  const run = await new Promise<Run>((resolve, reject) => {
    const baseEnv = { ...process.env }
    delete baseEnv.SCRIPTORIUM_LIBRARY
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, env: { ...baseEnv, ...env }, ...user })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
  // Whatever went wrong, the user never sees a stack trace.
  expect(run.stderr).not.toMatch(/^\s+at /m)
  return run
}
