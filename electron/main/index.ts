import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, net, protocol, screen, session, shell } from 'electron'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { CONTENT_SECURITY_POLICY } from '../core/contentSecurityPolicy'
import { failure } from '../core/dispatch'
import { DEEP_LINK_SCHEME, type ShellRequest } from '../core/shellRequest'
import { writeFileDurably } from '../node/library/writeFileDurably'
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
import { applicationMenu } from './applicationMenu'
import { shellRequestsFromArguments } from './shellRequestsFromArguments'
import { restoreWindowPlacement } from './windowPlacement'
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

const placementFile = () => join(app.getPath('userData'), 'window-placement.json')
let mainWindow: BrowserWindow | null = null
/** Requests that arrive before the window has loaded (a link that launched the app) wait for it. */
let pending: ShellRequest[] | null = []

function send(request: ShellRequest): void {
  if (pending || !mainWindow) (pending ??= []).push(request)
  else mainWindow.webContents.send('shell-request', request)
  if (mainWindow?.isMinimized()) mainWindow.restore()
  mainWindow?.focus()
}

/** Deep links and files in a launch's arguments go to the window; what cannot be taken is said in a dialog. */
async function takeArguments(argv: readonly string[], workingDirectory: string): Promise<void> {
  const { requests, refused } = await shellRequestsFromArguments(argv, workingDirectory)
  for (const request of requests) send(request)
  if (refused.length) void dialog.showMessageBox({ type: 'warning', message: 'Scriptorium could not open everything it was given.', detail: refused.map((entry) => entry.reason).join('\n') })
}

async function createWindow(): Promise<void> {
  const background = nativeTheme.shouldUseDarkColors ? '#1b1d21' : '#fbfaf7'
  const options = createWindowOptions(join(__dirname, '../preload/index.cjs'), background)
  const saved = await readFile(placementFile(), 'utf8').then((text) => JSON.parse(text) as unknown, () => null)
  const placement = restoreWindowPlacement(saved, screen.getAllDisplays().map((display) => display.workArea), { width: options.minWidth!, height: options.minHeight! })
  const window = new BrowserWindow({ ...options, ...placement?.bounds })
  mainWindow = window
  if (placement?.maximized) window.maximize()
  window.once('ready-to-show', () => window.show())
  // Remembered as the window was before it was maximized, so that unmaximizing next time restores that.
  window.on('close', () => void writeFileDurably(placementFile(), JSON.stringify({ bounds: window.getNormalBounds(), maximized: window.isMaximized() })).catch(() => undefined))
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null
    pending = []
  })
  window.webContents.on('did-finish-load', () => {
    const waiting = pending ?? []
    pending = null
    for (const request of waiting) window.webContents.send('shell-request', request)
  })
  await window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`)
}

async function importFromMenu(): Promise<void> {
  const choice = await dialog.showOpenDialog({
    properties: ['openFile', 'multiSelections'],
    filters: [{ name: 'Articles and references', extensions: ['html', 'htm', 'txt', 'md', 'bib', 'ris', 'json', 'csl'] }],
  })
  if (!choice.canceled) await takeArguments(choice.filePaths.map((path) => path), process.cwd())
}

// One app per user: a second launch hands its links and files to the first and quits.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => void takeArguments(argv, workingDirectory))
  // macOS hands links and files over as events, possibly before the app is ready.
  app.on('open-url', (event, url) => {
    event.preventDefault()
    void takeArguments([url], process.cwd())
  })
  app.on('open-file', (event, path) => {
    event.preventDefault()
    void takeArguments([path], process.cwd())
  })
  // Packaged, the installer registers the scheme; run from source, the app registers itself with its script.
  if (app.isPackaged) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME)
  else if (process.argv[1]) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [process.argv[1]])

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
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        applicationMenu(process.platform, app.name, {
          importFiles: () => void importFromMenu(),
          openSearch: () => send({ kind: 'search', query: '' }),
          openSettings: () => send({ kind: 'open-settings' }),
          showLibraryFolder: () => void shell.openPath(libraryDir),
        }),
      ),
    )
    await createWindow()
    await takeArguments(process.argv, process.cwd())
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void createWindow()
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
