import type { ErrorCode } from './archiveApi'

/** A refusal the user should read: its message is one plain sentence, never a stack trace. */
export class ArchiveError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'ArchiveError'
  }
}
