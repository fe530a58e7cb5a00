import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { lock } from 'proper-lockfile'
import { writeFileDurably } from '../library/writeFileDurably'
import { makePairingCode, normalizePairingCode } from './pairingCode'

/** A browser extension allowed to save: only its token's hash is kept, so the file opens nothing. */
export interface PairedConnector {
  id: string
  client: string
  origin: string
  tokenSha256: string
  pairedAt: string
}

/** A request shown as a code in the extension, waiting for the user to approve it. */
export interface PendingPairing {
  code: string
  client: string
  origin: string
  tokenSha256: string
  requestedAt: string
  expiresAt: string
}

interface PairingFile {
  pending: PendingPairing[]
  paired: PairedConnector[]
}

/** A request unanswered for this long is dropped; the extension then asks again. */
export const PAIRING_TTL_MS = 10 * 60_000
/** More waiting requests than this are refused: nothing can flood the list the user approves from. */
const MAX_PENDING = 5

export class PairingRefusal extends Error {}

export const tokenSha256 = (token: string) => createHash('sha256').update(token).digest('hex')

/**
 * The connectors paired with this machine, in connectors.json in its state folder. `serve`, the app
 * and `scriptorium pair` each read and change it under a lock, so a request and an approval made at
 * the same moment by two processes are both kept.
 */
export function pairingStore(folder: string, now: () => Date = () => new Date()) {
  const path = join(folder, 'connectors.json')
  let cache: { stamp: string; file: PairingFile } | null = null

  async function read(): Promise<PairingFile> {
    let stamp = 'absent'
    try {
      const info = await stat(path)
      stamp = `${info.ino}:${info.mtimeMs}:${info.size}`
    } catch {
      return { pending: [], paired: [] }
    }
    if (cache?.stamp === stamp) return cache.file
    let file: PairingFile
    try {
      const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<PairingFile>
      file = { pending: Array.isArray(parsed.pending) ? parsed.pending : [], paired: Array.isArray(parsed.paired) ? parsed.paired : [] }
    } catch {
      // A damaged file pairs nothing; the next change writes a sound one.
      file = { pending: [], paired: [] }
    }
    cache = { stamp, file }
    return file
  }

  async function change<T>(edit: (file: PairingFile) => T): Promise<T> {
    await mkdir(folder, { recursive: true, mode: 0o700 })
    const release = await lock(path, { realpath: false, lockfilePath: `${path}.lock`, stale: 10_000, retries: { retries: 40, minTimeout: 25, maxTimeout: 100 } })
    try {
      const file = structuredClone(await read())
      file.pending = file.pending.filter((pending) => Date.parse(pending.expiresAt) > now().getTime())
      const result = edit(file)
      await writeFileDurably(path, `${JSON.stringify(file, null, 2)}\n`)
      return result
    } finally {
      await release()
    }
  }

  return {
    path,

    /** Records a request for the token whose hash is given; answers the code the extension shows. */
    request({ client, origin, token }: { client: string; origin: string; token: string }): Promise<PendingPairing> {
      return change((file) => {
        if (file.pending.length >= MAX_PENDING) throw new PairingRefusal(`${MAX_PENDING} pairing requests are already waiting; approve them with "scriptorium pair approve CODE", or wait ten minutes.`)
        let code = makePairingCode()
        while (file.pending.some((pending) => pending.code === code)) code = makePairingCode()
        const requested = now()
        const pending = { code, client, origin, tokenSha256: tokenSha256(token), requestedAt: requested.toISOString(), expiresAt: new Date(requested.getTime() + PAIRING_TTL_MS).toISOString() }
        file.pending.push(pending)
        return pending
      })
    },

    approve(typedCode: string): Promise<PairedConnector> {
      const code = normalizePairingCode(typedCode)
      return change((file) => {
        const pending = file.pending.find((candidate) => candidate.code === code)
        if (!pending) throw new PairingRefusal(`No pairing request with the code ${code} is waiting. Codes expire after ten minutes; ask the extension for a new one.`)
        file.pending = file.pending.filter((candidate) => candidate !== pending)
        const paired = { id: randomBytes(4).toString('hex'), client: pending.client, origin: pending.origin, tokenSha256: pending.tokenSha256, pairedAt: now().toISOString() }
        file.paired.push(paired)
        return paired
      })
    },

    revoke(id: string): Promise<PairedConnector> {
      return change((file) => {
        const paired = file.paired.find((candidate) => candidate.id === id)
        if (!paired) throw new PairingRefusal(`No paired connector has the id ${id}; "scriptorium pair" lists them.`)
        file.paired = file.paired.filter((candidate) => candidate !== paired)
        return paired
      })
    },

    async list(): Promise<PairingFile> {
      const file = await read()
      return { pending: file.pending.filter((pending) => Date.parse(pending.expiresAt) > now().getTime()), paired: file.paired }
    },

    /** Whether a token opens the connector: compared by hash, so its time says nothing of the token. */
    async isPaired(token: string): Promise<boolean> {
      const hash = tokenSha256(token)
      return (await read()).paired.some((paired) => paired.tokenSha256 === hash)
    },
  }
}

export type PairingStore = ReturnType<typeof pairingStore>
