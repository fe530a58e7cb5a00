import { contextBridge, ipcRenderer } from 'electron'

// The renderer's one door to the archive: a method name and one JSON-safe argument, answered with an envelope.
contextBridge.exposeInMainWorld('scriptorium', {
  invoke: (method: string, arg: unknown): Promise<unknown> => ipcRenderer.invoke('archive', method, arg),
})
