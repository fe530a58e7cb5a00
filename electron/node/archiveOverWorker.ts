import type { ArchiveApi } from '../core/archiveApi'
import { ArchiveError } from '../core/archiveError'
import type { ArchiveWorker } from './archiveWorkerClient'

/** The archive thread as an ArchiveApi, for the desktop app's connector bridge: each refusal comes back as the ArchiveError it was. */
export function archiveOverWorker(worker: ArchiveWorker): ArchiveApi {
  return new Proxy({} as ArchiveApi, {
    get: (_target, method) => async (arg: unknown) => {
      const envelope = await worker.call(String(method), arg)
      if (!envelope.ok) throw new ArchiveError(envelope.error.code, envelope.error.message, envelope.error.duplicateOf)
      return envelope.value
    },
  })
}
