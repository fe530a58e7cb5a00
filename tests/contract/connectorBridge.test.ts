import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Envelope, Item } from '../../electron/core/archiveApi'
import { archiveOverWorker } from '../../electron/node/archiveOverWorker'
import { startArchiveWorker, type ArchiveWorker } from '../../electron/node/archiveWorkerClient'
import { pairingStore } from '../../electron/node/connector/pairingStore'
import { startConnectorBridge } from '../../electron/node/connector/startConnectorBridge'
import type { HttpBridge } from '../../electron/node/httpBridge'
import { repoRoot, resourcesDir, useTempDir } from '../support/tempLibrary'

// The desktop app's connector: the bridge on the first free connector port, over the real archive
// thread of the build (out/main/archiveWorker.js), as electron/main starts it.
const EXTENSION = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop'

const temp = useTempDir()
let worker: ArchiveWorker
let occupied: Server
let bridge: HttpBridge | string

beforeEach(async () => {
  worker = startArchiveWorker(join(repoRoot, 'out/main/archiveWorker.js'), { libraryDir: temp.libraryDir, resourcesDir })
  occupied = createServer()
  await new Promise<void>((done) => occupied.listen(0, '127.0.0.1', done))
})

afterEach(async () => {
  if (typeof bridge !== 'string') await bridge?.close()
  occupied.close()
  await worker.close()
})

describe('the connector over the archive thread', () => {
  it('takes the next port when the first is in use, pairs, and saves through the thread', async () => {
    const first = (occupied.address() as { port: number }).port
    const ports = [first, first + 1, first + 2, first + 3]
    const store = pairingStore(join(temp.dir, 'state'))
    bridge = await startConnectorBridge({ api: archiveOverWorker(worker), pairing: store }, ports)
    if (typeof bridge === 'string') throw new Error(bridge)
    expect(ports.slice(1)).toContain(bridge.port)

    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${(bridge as HttpBridge).origin}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: EXTENSION, ...headers }, body: JSON.stringify(body) })
    const { value: request } = (await (await post('/connector/pair', {})).json()) as { value: { pairingId: string; code: string } }
    await store.approve(request.code)
    const { value: approved } = (await (await post('/connector/pair/status', { pairingId: request.pairingId })).json()) as { value: { token: string } }

    const html = await readFile(join(repoRoot, 'tests/fixtures/pages/news-site.html'), 'utf8')
    const save = () => post('/connector/save', { url: 'https://www.hetdagblad.example/buitenland/korea', html }, { Authorization: `Bearer ${approved.token}` })
    const saved = (await (await save()).json()) as Envelope<Item>
    expect(saved.ok && saved.value.csl.title).toBe("Korea's openen verbindingsbureau aan de grens")
    // A refusal in the thread keeps its code and the item it names.
    const again = await save()
    expect(again.status).toBe(422)
    const duplicate = (await again.json()) as Envelope<Item>
    expect(!duplicate.ok && [duplicate.error.code, duplicate.error.duplicateOf]).toEqual(['duplicate', saved.ok && saved.value.id])
    // The archive thread loads the extractor on its first page: tens of seconds on a loaded machine.
  }, 90_000)

  it('says so when every port is taken', async () => {
    const first = (occupied.address() as { port: number }).port
    bridge = await startConnectorBridge({ api: archiveOverWorker(worker) }, [first])
    expect(bridge).toBe(`Port ${first} is already in use; choose another with --port.`)
  })
})
