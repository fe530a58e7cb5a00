import { join } from 'node:path'
import type { ArchiveApi, Envelope } from '../../electron/core/archiveApi'
import { ArchiveError } from '../../electron/core/archiveError'
import { ARCHIVE_METHODS, dispatch } from '../../electron/core/dispatch'
import { startArchiveWorker } from '../../electron/node/archiveWorkerClient'
import { startHttpBridge } from '../../electron/node/httpBridge'
import { openArchive } from '../../electron/node/openArchive'
import { makeTempDir, repoRoot, resourcesDir } from '../support/tempLibrary'

/** A refusal as a client sees it, whatever carried it. */
export class RefusalError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export interface OpenedClient {
  api: ArchiveApi
  /** Sends a method name and argument as they are, for transports that carry untyped input. */
  raw?: (method: string, arg: unknown) => Promise<Envelope<unknown>>
  close: () => Promise<void>
}

export interface Transport {
  name: string
  open: (libraryDir: string) => Promise<OpenedClient>
}

function clientOver(raw: (method: string, arg: unknown) => Promise<Envelope<unknown>>): ArchiveApi {
  const api: Record<string, (arg: unknown) => Promise<unknown>> = {}
  for (const method of ARCHIVE_METHODS) {
    api[method] = async (arg) => {
      const envelope = await raw(method, arg)
      if (!envelope.ok) throw new RefusalError(envelope.error.code, envelope.error.message)
      return envelope.value
    }
  }
  return api as unknown as ArchiveApi
}

/** The service itself, as the CLI and the Electron main process create it. */
export const directTransport: Transport = {
  name: 'service',
  open: async (libraryDir) => ({ api: openArchive({ libraryDir, resourcesDir }), close: async () => {} }),
}

/** dispatch() with the structured clone Electron IPC applies to the argument and the answer. */
export const ipcTransport: Transport = {
  name: 'dispatch (IPC-like)',
  open: async (libraryDir) => {
    const service = openArchive({ libraryDir, resourcesDir })
    const raw = async (method: string, arg: unknown) => structuredClone(await dispatch(service, method, structuredClone(arg)))
    return { api: clientOver(raw), raw, close: async () => {} }
  },
}

/** The worker thread the Electron main process runs the archive in, as built (npm run build). */
export const workerTransport: Transport = {
  name: 'worker thread (Electron main)',
  open: async (libraryDir) => {
    const worker = startArchiveWorker(join(repoRoot, 'out', 'main', 'archiveWorker.js'), { libraryDir, resourcesDir })
    const raw = (method: string, arg: unknown) => worker.call(method, arg)
    return { api: clientOver(raw), raw, close: () => worker.close() }
  },
}

/** The HTTP bridge of "scriptorium serve", called as the browser UI calls it. */
export const httpTransport: Transport = {
  name: 'HTTP bridge',
  open: async (libraryDir) => {
    const bridge = await startHttpBridge({ api: openArchive({ libraryDir, resourcesDir }), port: 0 })
    const raw = async (method: string, arg: unknown) => {
      const response = await fetch(`${bridge.origin}/api/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${bridge.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(arg),
      })
      if (response.status !== 200) throw new Error(`The bridge answered ${response.status}: ${await response.text()}`)
      return (await response.json()) as Envelope<unknown>
    }
    return { api: clientOver(raw), raw, close: () => bridge.close() }
  },
}

/** Awaits a call that must be refused, and gives its code and message. */
export async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  let value: unknown
  try {
    value = await call
  } catch (error) {
    if (!(error instanceof ArchiveError) && !(error instanceof RefusalError)) throw error
    return { code: error.code, message: error.message }
  }
  throw new Error(`The call was expected to be refused but answered ${JSON.stringify(value)?.slice(0, 300)}`)
}

export interface TemporaryLibrary {
  api: ArchiveApi
  client: OpenedClient
  libraryDir: string
  /** The temporary folder that holds the library, for files a test writes beside it. */
  tempDir: string
  /** Closes the client and removes the folder. */
  close(): Promise<void>
}

/** A new library in a temporary folder, opened over the transport: what each contract test starts from. */
export async function openTemporaryLibrary(transport: Transport): Promise<TemporaryLibrary> {
  const temp = await makeTempDir()
  const libraryDir = join(temp.dir, 'library')
  const client = await transport.open(libraryDir)
  return {
    api: client.api,
    client,
    libraryDir,
    tempDir: temp.dir,
    close: async () => {
      await client.close()
      await temp.remove()
    },
  }
}
