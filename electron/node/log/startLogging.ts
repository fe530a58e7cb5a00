import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger, StreamEntry } from 'pino'
import { setLogSink, type LogEvent, type LoggingProcess, type LogLevel } from './logEvent'

export interface LoggingOptions {
  folder: string
  process: LoggingProcess
  /** --verbose: every line, debug ones included, also goes here (the CLI's stderr). */
  verbose?: (line: string) => void
}

/** One file grows to this size, then the next is started; only the newest KEEP are kept. */
const FILE_SIZE = '5m'
const KEEP = 5
const RANK: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50 }

/**
 * Sends this thread's log events through pino into scriptorium.N.log in the log folder, rolled over by
 * size with pino-roll. Most CLI commands log nothing worth keeping, so pino and pino-roll (which loads
 * all of date-fns, half a second on a busy machine) are loaded at the first line, never before;
 * each line keeps the time it happened. Writes are synchronous once open: a line is on disk before a
 * crash can lose it, and at a few lines that costs nothing. The CLI, `serve`, the app and its archive
 * thread may all append to the same file; each line is one write of its own.
 */
export async function startLogging({ folder, process: kind, verbose }: LoggingOptions): Promise<void> {
  const threshold = verbose ? 'debug' : 'info'
  let logger: Promise<Logger | null> | null = null
  const open = () => (logger ??= openLogger(folder, kind, verbose))
  setLogSink((level: LogLevel, event: LogEvent) => {
    if (RANK[level] < RANK[threshold]) return
    const line = { ...event, time: new Date().toISOString() }
    // Lines wait in order for the logger, as callbacks of one promise run in the order they were added.
    void open().then((opened) => opened?.[level](line))
  })
  // --verbose prints as things happen.
  if (verbose) await open()
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
