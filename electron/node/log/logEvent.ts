import type { ArchiveMethod, ErrorCode } from '../../core/archiveApi'
import type { ChangeLogProblem } from '../../core/sync/changeLogEntry'
import type { ErrorSummary } from './summarizeError'

/** Which program wrote a line: several write to the same folder, often at once. */
export type LoggingProcess = 'cli' | 'serve' | 'app' | 'archive-worker'

/**
 * Everything the log may hold. Redaction is by construction: each field is an id, a count, a code, a
 * duration or one of a few fixed words, so no article text, quote, note, title or token can reach a
 * log file; a new kind of line must be added here first.
 */
export type LogEvent =
  | { event: 'started'; command?: string; library?: string }
  /** Every archive call at debug level (--verbose), and at info when it took over a second. */
  | { event: 'operation'; method: ArchiveMethod; ms: number; outcome: 'ok' | ErrorCode }
  | { event: 'unexpected-error'; where: 'archive' | 'cli' | 'bridge' | 'archive-worker' | 'app'; method?: ArchiveMethod; error: ErrorSummary }
  /** A write waited this long for another process's write transaction. */
  | { event: 'lock-wait'; waitedMs: number; gaveUp: boolean }
  /** The lock of a dead process was removed so that this one could go on. */
  | { event: 'lock-takeover'; lock: 'library-conversion'; deadPid: number }
  | { event: 'migration'; fromSchema: number; toSchema: number; items: number; notConverted: number; ms: number }
  | { event: 'catalog-rebuilt'; items: number; ms: number }
  /** Something found damaged or unfinished and put right (or set aside): what, and for which items. */
  | { event: 'repair'; what: 'interrupted-write' | 'record-set-aside' | 'check-repair' | 'record-back-before-folder-removed'; ids: string[]; kinds?: string[]; restored?: number; notRestored?: number }
  | { event: 'bridge-started'; port: number; webRoot: boolean }
  | { event: 'bridge-refused'; status: number; route: 'api' | 'connector' | 'static'; reason: 'host' | 'origin' | 'token' }
  | { event: 'connector-save'; status: number; ms: number; bytes: number }
  | { event: 'archive-worker-exit'; exitCode: number; pendingCalls: number }
  /**
   * Another device's change log named items whose records have not arrived here yet (`awaiting`), or
   * some it gave up waiting for and took in as they are (`timedOut`), or more than can be awaited (`refused`).
   */
  | { event: 'outside-changes'; logged: number; awaiting: number; timedOut?: string[]; refused?: number }
  /** A line of a change log that cannot be one (damaged, truncated or hostile): skipped, the rest read. */
  | { event: 'change-log-line-skipped'; file: string; line: number; reason: ChangeLogProblem }
  /** The desktop app could not open the connector for the browser extension. */
  | { event: 'connector-unavailable'; reason: 'bad-port-setting' | 'ports-taken' }
  /** The search ranking extension (native/searchRanking.c) is missing or would not load: FTS5's bm25() ranks instead, slower. */
  | { event: 'search-ranking-fallback'; reason: 'missing' | 'load-failed' }

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

/** Where lines go: set by startLogging; until then (and in unit tests of other modules) nowhere. */
export type LogSink = (level: LogLevel, event: LogEvent) => void

let sink: LogSink = () => {}

export function setLogSink(next: LogSink): void {
  sink = next
}

const SLOW_MS = 1000
// A refusal the user caused (a duplicate, a bad argument) is routine; these say the library is in trouble.
const TROUBLE: ErrorCode[] = ['storage_failed', 'damaged_library', 'newer_library', 'read_only_library', 'conflict', 'internal']

/** Writes one line to this thread's log, at the level its kind deserves. Never throws. */
export function logEvent(event: LogEvent): void {
  try {
    sink(levelOf(event), event)
  } catch {
    // A log that cannot be written must never cost the user an operation.
  }
}

function levelOf(event: LogEvent): LogLevel {
  switch (event.event) {
    case 'operation':
      if (event.outcome !== 'ok' && TROUBLE.includes(event.outcome)) return 'warn'
      return event.ms >= SLOW_MS ? 'info' : 'debug'
    case 'connector-save':
      return event.status >= 500 ? 'warn' : 'info'
    case 'unexpected-error':
      return 'error'
    case 'started':
      // A line per command would fill the file with `list` and `show`; --verbose shows it.
      return event.command && event.command !== 'serve' ? 'debug' : 'info'
    case 'lock-wait':
      return event.gaveUp ? 'warn' : 'info'
    case 'outside-changes':
      return event.timedOut?.length || event.refused ? 'warn' : 'debug'
    case 'lock-takeover':
    case 'repair':
    case 'bridge-refused':
    case 'archive-worker-exit':
    case 'connector-unavailable':
    case 'change-log-line-skipped':
    case 'search-ranking-fallback':
      return 'warn'
    default:
      return 'info'
  }
}
