/** Why a file the user named could not be read or written, in words rather than an errno code. */
export function fileFailure(error: unknown, action: 'read' | 'write'): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return action === 'read' ? 'there is no such file' : 'its folder does not exist'
    case 'EISDIR':
      return 'it is a folder, not a file'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EROFS':
      return 'the disk is read-only'
    case 'ENOSPC':
      return 'the disk is full'
    default:
      return (error as Error).message
  }
}
