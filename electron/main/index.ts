import { app, BrowserWindow, ipcMain, nativeTheme, net, protocol, session, shell } from 'electron'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { CONTENT_SECURITY_POLICY } from '../core/contentSecurityPolicy'
import { failure } from '../core/dispatch'
import { resolveLibraryDir } from '../node/libraryLocation'
import { startArchiveWorker, type ArchiveWorker } from '../node/archiveWorkerClient'
import { logEvent } from '../node/log/logEvent'
import { resolveLogFolder } from '../node/log/logFolder'
import { resolveStateFolder } from '../node/stateFolder'
import { archiveOverWorker } from '../node/archiveOverWorker'
import { connectorPorts } from '../node/connector/connectorPort'
import { pairingStore } from '../node/connector/pairingStore'
import { startConnectorBridge } from '../node/connector/startConnectorBridge'
import { startLogging } from '../node/log/startLogging'
import { APP_SCHEME, resolveAppFile } from './appProtocol'
import { isTrustedSender } from './ipcSenderGuard'
import { APP_ORIGIN, isAppUrl, isSafeExternalUrl } from './navigationGuard'
import { createWindowOptions } from './windowOptions'

// Only an unpackaged app (electron-vite dev) may load its renderer from a dev server.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
const rendererRoot = join(__dirname, '../renderer')
const resourcesDir = app.isPackaged ? process.resourcesPath : join(__dirname, '../../resources')
const logFolder = resolveLogFolder()

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
])

function libraryArgument(): string | undefined {
  const index = process.argv.indexOf('--library')
  return index >= 0 ? process.argv[index + 1] : undefined
}

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rendererRoot, request.url)
    if (!file) return new Response('Not found', { status: 404 })
    const response = await net.fetch(pathToFileURL(file.path).toString())
    return new Response(response.body, {
      status: response.status,
      headers: { 'Content-Type': file.mimeType, 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
    })
  })
}

function hardenSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  app.on('web-contents-created', (_event, contents) => {
    const keepInApp = (event: { preventDefault(): void }, url: string) => {
      if (!isAppUrl(url, devServerUrl)) event.preventDefault()
    }
    contents.on('will-navigate', keepInApp)
    contents.on('will-frame-navigate', (event) => keepInApp(event, event.url))
    contents.on('will-redirect', keepInApp)
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      // A link the user clicked in an article opens in the system browser, never inside the app.
      if (isSafeExternalUrl(url)) void shell.openExternal(url)
      return { action: 'deny' }
    })
  })
}

function serveArchive(archive: ArchiveWorker): void {
  ipcMain.handle('archive', (event, method: unknown, arg: unknown) => {
    if (!isTrustedSender(event.senderFrame, devServerUrl)) return failure('unauthorized', 'Only the Scriptorium window may call the archive.')
    // Only this process can show a folder; the worker answers the browser build's question instead.
    if (method === 'getLogFolder' || method === 'openLogFolder') return answerLogFolder(method === 'openLogFolder')
    return archive.call(String(method), arg)
  })
}

async function answerLogFolder(open: boolean) {
  const value = { path: logFolder, canOpen: true }
  if (open) {
    await mkdir(logFolder, { recursive: true }).catch(() => {})
    const problem = await shell.openPath(logFolder)
    if (problem) return failure('storage_failed', `Could not open the log folder ${logFolder}: ${problem}`)
  }
  return { ok: true, value }
}

/** The browser extension's connector on its fixed port, as `scriptorium serve` has it: pairing and saves only matter here. */
async function startConnector(archive: ArchiveWorker): Promise<void> {
  const ports = connectorPorts()
  if (typeof ports === 'string') return logEvent({ event: 'connector-unavailable', reason: 'bad-port-setting' })
  const bridge = await startConnectorBridge({ api: archiveOverWorker(archive), pairing: pairingStore(resolveStateFolder()) }, ports).catch(() => 'failed')
  if (typeof bridge === 'string') return logEvent({ event: 'connector-unavailable', reason: 'ports-taken' })
  app.on('will-quit', () => void bridge.close())
}

async function createWindow(): Promise<void> {
  const background = nativeTheme.shouldUseDarkColors ? '#1b1d21' : '#fbfaf7'
  const window = new BrowserWindow(createWindowOptions(join(__dirname, '../preload/index.cjs'), background))
  window.once('ready-to-show', () => window.show())
  await window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`)
}

app.whenReady().then(async () => {
  await startLogging({ folder: logFolder, process: 'app' })
  const libraryDir = resolveLibraryDir(libraryArgument())
  logEvent({ event: 'started', library: libraryDir })
  hardenSessions()
  serveRenderer()
  // The archive runs in a worker thread: no archive work ever blocks the window or IPC.
  const archive = startArchiveWorker(join(__dirname, 'archiveWorker.js'), { libraryDir, resourcesDir, warmCitations: true, longRunning: true, logFolder, stateFolder: resolveStateFolder() })
  serveArchive(archive)
  void startConnector(archive)
  await createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow()
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
