import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'

/** Debian's syncthing (1.19), when installed; the tests that need it say so when it is not. */
export const syncthingPath = ['/usr/bin/syncthing', '/usr/local/bin/syncthing'].find((path) => spawnSync(path, ['--version']).status === 0) ?? null

export const FOLDER_ID = 'scriptorium-library'

export interface SyncthingNode {
  deviceId: string
  apiKey: string
  guiPort: number
  listenPort: number
  process: ChildProcess
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/** A syncthing home from `syncthing generate`, its config set to 127.0.0.1 only: no discovery, relays, NAT or usage reports. */
async function startNode(home: string): Promise<SyncthingNode> {
  const env = { ...process.env, STNODEFAULTFOLDER: '1', STNOUPGRADE: '1', HOME: home }
  const generated = spawnSync(syncthingPath!, ['generate', `--home=${home}`], { env, encoding: 'utf8' })
  if (generated.status !== 0) throw new Error(`syncthing generate failed: ${generated.stderr}`)
  const configPath = join(home, 'config.xml')
  const [guiPort, listenPort] = [await freePort(), await freePort()]
  let config = await readFile(configPath, 'utf8')
  const apiKey = /<apikey>([^<]+)<\/apikey>/.exec(config)![1]
  const deviceId = /<device id="([^"]+)"/.exec(config)![1]
  config = config
    .replace(/<address>127\.0\.0\.1:\d+<\/address>/, `<address>127.0.0.1:${guiPort}</address>`)
    .replace(/<listenAddress>[^<]*<\/listenAddress>/, `<listenAddress>tcp://127.0.0.1:${listenPort}</listenAddress>`)
    .replace(/<globalAnnounceEnabled>true/, '<globalAnnounceEnabled>false')
    .replace(/<localAnnounceEnabled>true/, '<localAnnounceEnabled>false')
    .replace(/<relaysEnabled>true/, '<relaysEnabled>false')
    .replace(/<natEnabled>true/, '<natEnabled>false')
    .replace(/<urAccepted>\d+/, '<urAccepted>-1')
    .replace(/<startBrowser>true/, '<startBrowser>false')
    .replace(/<crashReportingEnabled>true/, '<crashReportingEnabled>false')
    .replace(/<autoUpgradeIntervalH>\d+/, '<autoUpgradeIntervalH>0')
    // A paused peer, resumed, is dialled again at this interval (60 s by default, as long as waitInSync's bound).
    .replace(/<reconnectionIntervalS>\d+/, '<reconnectionIntervalS>1')
  await writeFile(configPath, config)
  const child = spawn(syncthingPath!, ['serve', `--home=${home}`, '--no-browser', '--no-restart', `--gui-address=http://127.0.0.1:${guiPort}`, '--logflags=0'], { env, stdio: 'ignore' })
  const node: SyncthingNode = {
    deviceId,
    apiKey,
    guiPort,
    listenPort,
    process: child,
    async api<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`http://127.0.0.1:${guiPort}${path}`, {
        method,
        headers: { 'X-API-Key': apiKey, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      if (!response.ok) throw new Error(`syncthing ${method} ${path}: ${response.status} ${await response.text()}`)
      const text = await response.text()
      return (text ? JSON.parse(text) : undefined) as T
    },
  }
  for (let attempt = 0; ; attempt++) {
    try {
      await node.api('GET', '/rest/system/ping')
      return node
    } catch (error) {
      if (attempt > 150) throw error
      await sleep(100)
    }
  }
}

/** Two syncthing instances on 127.0.0.1, each sharing its own library folder with the other, linked through their REST API. */
export async function startSyncthingPair(homes: [string, string], folders: [string, string]): Promise<SyncthingNode[]> {
  const nodes = [await startNode(homes[0]), await startNode(homes[1])]
  for (const [index, node] of nodes.entries()) {
    const peer = nodes[1 - index]
    await node.api('POST', '/rest/config/devices', { deviceID: peer.deviceId, name: `peer-${1 - index}`, addresses: [`tcp://127.0.0.1:${peer.listenPort}`], autoAcceptFolders: false })
    await node.api('POST', '/rest/config/folders', {
      id: FOLDER_ID,
      label: 'Scriptorium',
      path: folders[index],
      type: 'sendreceive',
      devices: [{ deviceID: node.deviceId }, { deviceID: peer.deviceId }],
      fsWatcherEnabled: true,
      fsWatcherDelayS: 1,
      rescanIntervalS: 3600,
      maxConflicts: 10,
    })
  }
  return nodes
}

export async function stopSyncthing(nodes: SyncthingNode[]): Promise<void> {
  await Promise.all(
    nodes.map(async (node) => {
      await node.api('POST', '/rest/system/shutdown').catch(() => node.process.kill())
      await new Promise((resolve) => (node.process.exitCode !== null ? resolve(null) : node.process.once('exit', resolve)))
    }),
  )
}

/** Stops or restarts the exchange between the two, so both sides change their copy "at once". */
export async function setConnected(nodes: SyncthingNode[], connected: boolean): Promise<void> {
  for (const [index, node] of nodes.entries()) await node.api('POST', `/rest/system/${connected ? 'resume' : 'pause'}?device=${nodes[1 - index].deviceId}`)
}

/** Rescans both folders, then waits until each has everything the other has (or the bound runs out). */
export async function waitInSync(nodes: SyncthingNode[], bound = 60_000): Promise<void> {
  const deadline = Date.now() + bound
  for (const node of nodes) await node.api('POST', `/rest/db/scan?folder=${FOLDER_ID}`)
  let calm = 0
  while (Date.now() < deadline) {
    const states = await Promise.all(
      nodes.map(async (node, index) => {
        const status = await node.api<{ state: string; needTotalItems: number; globalFiles: number; localFiles: number; sequence: number; inSyncFiles: number }>('GET', `/rest/db/status?folder=${FOLDER_ID}`)
        const completion = await node.api<{ completion: number; needItems: number }>('GET', `/rest/db/completion?folder=${FOLDER_ID}&device=${nodes[1 - index].deviceId}`)
        return { status, completion }
      }),
    )
    const settled = states.every(({ status, completion }) => status.state === 'idle' && status.needTotalItems === 0 && completion.completion === 100 && completion.needItems === 0) && states[0].status.globalFiles === states[1].status.globalFiles
    calm = settled ? calm + 1 : 0
    // Settled twice in a row, a second apart: a change noticed by the watcher in between would show.
    if (calm >= 3) return
    await sleep(500)
  }
  throw new Error(`The two syncthing instances did not settle within ${bound / 1000} s.`)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
