import type { BrowserWindowConstructorOptions } from 'electron'

/** The main window: the renderer gets no Node, runs sandboxed and isolated, and talks only via the preload. */
export function createWindowOptions(preloadPath: string, backgroundColor: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 760,
    minHeight: 480,
    show: false,
    title: 'Scriptorium',
    backgroundColor,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
    },
  }
}
