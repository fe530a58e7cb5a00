import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger, StreamEntry } from 'pino'
import { setLogSink, type LogEvent, type LoggingProcess, type LogLevel } from './logEvent'

export interface LoggingOptions {
  folder: string
  process: LoggingProcess
  /** --verbose: every line, debug ones included, also goes here (the CLI's stderr). */
  verbose?: (line: string) => void
  /** Hold lines until flushLogging(), loading nothing before one is worth keeping (see below). */
  deferred?: boolean
}

/** One file grows to this size, then the next is started; only the newest KEEP are kept. */
const FILE_SIZE = '5m'
const KEEP = 5
const RANK: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50 }

/**
 * Sends this thread's log events through pino into scriptorium.N.log in the log folder, rolled over by
 * size with pino-roll. Writes are synchronous: a line is on disk before a crash can lose it, and at a
 * few lines that costs nothing. The CLI, `serve`, the app and its archive thread may all append to
 * the same file; each line is one write of its own.
 *
 * `deferred` (a CLI command): pino and pino-roll, which loads all of date-fns (half a second of CPU on
 * a busy machine), are loaded only if a line is worth keeping, and only at flushLogging() when the
 * command is done, so that loading them never runs while the command holds the library's write lock.
 * Each line keeps the time it happened.
 */
export async function startLogging({ folder, process: kind, verbose, deferred = false }: LoggingOptions): Promise<void> {
  const threshold = verbose ? 'debug' : 'info'
  const waiting: [LogLevel, object][] = []
  let logger: Logger | null = null
  let opened = false
  let opening: Promise<void> | null = null
  const open = () =>
    (opening ??= openLogger(folder, kind, verbose).then((made) => {
      logger = made
      opened = true
      for (const [level, line] of waiting.splice(0)) made?.[level](line)
    }))
  setLogSink((level: LogLevel, event: LogEvent) => {
    if (RANK[level] < RANK[threshold]) return
    const line = { ...event, time: new Date().toISOString() }
    if (opened) return void logger?.[level](line)
    waiting.push([level, line])
    if (!deferred) void open()
  })
  flushWaiting = async () => {
    if (waiting.length) await open()
  }
  // --verbose prints as things happen; a long-running process pays for loading the logger at start.
  if (verbose || !deferred) await open()
}

let flushWaiting = async () => {}

/** Writes what a deferred log holds, if anything; a command calls it when it is done. */
export function flushLogging(): Promise<void> {
  return flushWaiting()
}

async function openLogger(folder: string, kind: LoggingProcess, verbose?: (line: string) => void): Promise<Logger | null> {
  try {
    const [{ default: pino }, { default: pinoRoll }] = await Promise.all([import('pino'), import('pino-roll')])
    const streams: StreamEntry[] = []
    try {
      await mkdir(folder, { recursive: true, mode: 0o700 })
      const file = await pinoRoll({ file: join(folder, 'scriptorium'), extension: '.log', size: FILE_SIZE, limit: { count: KEEP, removeOtherLogFiles: true }, sync: true, mode: 0o600 })
      // A full disk or a folder taken away: the log stops, the work does not.
      file.on('error', () => {})
      streams.push({ level: 'info', stream: file })
    } catch {
      // An unwritable folder: --verbose still shows the lines.
    }
    if (verbose) streams.push({ level: 'debug', stream: { write: (line: string) => verbose(line.trimEnd()) } })
    if (!streams.length) return null
    return pino(
      { level: verbose ? 'debug' : 'info', base: { pid: process.pid, process: kind }, timestamp: false, formatters: { level: (label) => ({ level: label }) } },
      pino.multistream(streams),
    )
  } catch {
    return null
  }
}
