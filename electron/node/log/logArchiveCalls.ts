import type { ArchiveApi, ArchiveMethod } from '../../core/archiveApi'
import { ArchiveError } from '../../core/archiveError'
import { logEvent } from './logEvent'
import { summarizeError } from './summarizeError'

/**
 * The archive, with each call's method, duration and outcome logged (never its argument or answer,
 * which carry the user's text): a slow call or a failure shows in the log whichever transport made it.
 */
export function logArchiveCalls(api: ArchiveApi): ArchiveApi {
  return new Proxy(api, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver)
      if (typeof value !== 'function' || typeof property !== 'string') return value
      const method = property as ArchiveMethod
      return async (arg: unknown) => {
        const started = performance.now()
        const ms = () => Math.round(performance.now() - started)
        try {
          const result: unknown = await value.call(target, arg)
          logEvent({ event: 'operation', method, ms: ms(), outcome: 'ok' })
          return result
        } catch (error) {
          if (error instanceof ArchiveError) logEvent({ event: 'operation', method, ms: ms(), outcome: error.code })
          else {
            logEvent({ event: 'operation', method, ms: ms(), outcome: 'internal' })
            logEvent({ event: 'unexpected-error', where: 'archive', method, error: summarizeError(error) })
          }
          throw error
        }
      }
    },
  })
}
