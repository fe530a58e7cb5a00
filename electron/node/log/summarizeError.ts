/** What the log keeps of an unexpected error: never its message, which may quote a file's or a page's text. */
export interface ErrorSummary {
  name: string
  /** An errno or SQLite code such as ENOSPC or SQLITE_CORRUPT. */
  code?: string
  syscall?: string
  /** The stack's frames only: function names and our code's file positions. */
  frames: string[]
}

const FRAME = /^\s+at .*(?::\d+:\d+\)?|\(native\)|<anonymous>\)?)$/
const WORD = /^[A-Za-z_][A-Za-z0-9_]{0,59}$/

export function summarizeError(error: unknown): ErrorSummary {
  if (!(error instanceof Error)) return { name: typeof error, frames: [] }
  const { code, syscall } = error as { code?: unknown; syscall?: unknown }
  return {
    name: WORD.test(error.name) ? error.name : 'Error',
    ...(typeof code === 'string' && WORD.test(code) ? { code } : {}),
    ...(typeof syscall === 'string' && WORD.test(syscall) ? { syscall } : {}),
    frames: (error.stack ?? '')
      .split('\n')
      .filter((line) => FRAME.test(line))
      .slice(0, 12)
      .map((line) => line.trim()),
  }
}
