import { contextBridge, ipcRenderer } from 'electron'

// The renderer's one door to the archive: a method name and one JSON-safe argument, answered with an envelope.
contextBridge.exposeInMainWorld('scriptorium', {
  invoke: (method: string, arg: unknown): Promise<unknown> => ipcRenderer.invoke('archive', method, arg),
  // What the desktop shell asks of the window: deep links, files opened with the app, menu commands.
  onShellRequest: (listener: (request: unknown) => void): void => {
    ipcRenderer.on('shell-request', (_event, request: unknown) => listener(request))
  },
})
