import type { ErrorCode } from './archiveApi'

/** A refusal the user should read: its message is one plain sentence, never a stack trace. */
export class ArchiveError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** For a duplicate: the id of the item already in the library. */
    readonly duplicateOf?: string,
  ) {
    super(message)
    this.name = 'ArchiveError'
  }
}
