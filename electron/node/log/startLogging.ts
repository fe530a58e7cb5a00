import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import pino from 'pino'
import pinoRoll from 'pino-roll'
import { setLogSink, type LoggingProcess } from './logEvent'

export interface LoggingOptions {
  folder: string
  process: LoggingProcess
  /** --verbose: every line, debug ones included, also goes here (the CLI's stderr). */
  verbose?: (line: string) => void
}

export interface Logging {
  /** The folder written to, or null when it could not be (the lines then go to `verbose` only). */
  folder: string | null
}

/** One file grows to this size, then the next is started; the oldest beyond KEEP are deleted. */
const FILE_SIZE = '5m'
const KEEP = 4

/**
 * Sends this thread's log events through pino into scriptorium.N.log in the log folder, rolled over by
 * size with pino-roll. Writes are synchronous: a line is on disk before a crash or process.exit can
 * lose it, and at a few lines a command that costs nothing. The CLI, `serve`, the app and its
 * archive thread may all append to the same file; each line is one write of its own.
 */
export async function startLogging({ folder, process: kind, verbose }: LoggingOptions): Promise<Logging> {
  const streams: pino.StreamEntry[] = []
  let written: string | null = folder
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 })
    const file = await pinoRoll({ file: join(folder, 'scriptorium'), extension: '.log', size: FILE_SIZE, limit: { count: KEEP, removeOtherLogFiles: true }, sync: true, mode: 0o600 })
    // A full disk or a folder taken away: the log stops, the work does not.
    file.on('error', () => {})
    streams.push({ level: 'info', stream: file })
  } catch {
    written = null
  }
  if (verbose) streams.push({ level: 'debug', stream: { write: (line: string) => verbose(line.trimEnd()) } })
  if (!streams.length) return { folder: null }

  const logger = pino(
    {
      level: verbose ? 'debug' : 'info',
      base: { pid: process.pid, process: kind },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.multistream(streams),
  )
  setLogSink((level, event) => logger[level](event))
  return { folder: written }
}
