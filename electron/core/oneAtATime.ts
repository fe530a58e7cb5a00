import type { ArchiveApi } from './archiveApi'

/**
 * Runs the archive's operations one at a time. Each starts by reloading a catalog that another
 * process changed, which must never happen between another operation's change and its write.
 */
export function oneAtATime(api: ArchiveApi): ArchiveApi {
  let queue: Promise<unknown> = Promise.resolve()
  const wrapped = {} as Record<string, (arg: unknown) => Promise<unknown>>
  for (const [method, call] of Object.entries(api) as [string, (arg: unknown) => Promise<unknown>][]) {
    wrapped[method] = (arg) => {
      const run = queue.then(() => call(arg))
      queue = run.catch(() => undefined)
      return run
    }
  }
  return wrapped as unknown as ArchiveApi
}
