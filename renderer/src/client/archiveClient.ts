import type { ArchiveApi, ArchiveMethod, Envelope, ErrorCode } from '../../../electron/core/archiveApi'
import { archiveSentence } from '../i18n/archiveSentence'

/** Carries one call to the archive and brings back its envelope: IPC in Electron, HTTP in a browser. */
export type Transport = (method: ArchiveMethod, arg: unknown) => Promise<Envelope<unknown>>

/** A refusal from the archive, with the sentence to show the user, in the UI's language. */
export class ArchiveCallError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** For a duplicate: the item already in the library. */
    readonly duplicateOf?: string,
  ) {
    super(message)
  }
}

/** The typed face of the archive for stores: each method unwraps its envelope or throws ArchiveCallError. */
export function createArchiveClient(transport: Transport): ArchiveApi {
  return new Proxy({} as ArchiveApi, {
    get: (_target, method) => async (arg: unknown) => {
      const envelope = await transport(method as ArchiveMethod, arg ?? {})
      if (!envelope.ok) throw new ArchiveCallError(envelope.error.code, archiveSentence(envelope.error.message, envelope.error.code), envelope.error.duplicateOf)

      return envelope.value
    },
  })
}
