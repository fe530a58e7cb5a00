import { ArchiveError } from '../../core/archiveError'
import { FILE_TOO_LARGE, LINK_IN_LIBRARY, NOT_A_FILE, plainFileRefusal } from './readPlainFileSync'

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code
}

/** Turns a file-system failure into one sentence a user can act on. */
export function storageError(error: unknown, action: string): ArchiveError {
  if (error instanceof ArchiveError) return error
  switch (errorCode(error)) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
    case 'SQLITE_READONLY':
      return new ArchiveError('read_only_library', `Scriptorium could not ${action}: the library folder is read-only.`)
    case 'ENOSPC':
    case 'SQLITE_FULL':
      return new ArchiveError('storage_failed', `Scriptorium could not ${action}: the disk is full.`)
    case 'ENOENT':
      return new ArchiveError('storage_failed', `Scriptorium could not ${action}: the file is missing.`)
    case 'ENOTDIR':
      return new ArchiveError('storage_failed', `Scriptorium could not ${action}: a file stands where a folder should be.`)
    case NOT_A_FILE:
    case LINK_IN_LIBRARY:
    case FILE_TOO_LARGE:
      return new ArchiveError('storage_failed', `Scriptorium could not ${action}: ${plainFileRefusal(error)}.`)
    default:
      return new ArchiveError('storage_failed', `Scriptorium could not ${action}: ${(error as Error)?.message ?? error}.`)
  }
}
