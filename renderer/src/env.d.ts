/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

interface Window {
  /** Exposed by the Electron preload; absent in a browser. */
  scriptorium?: {
    invoke(method: string, arg: unknown): Promise<unknown>
    onShellRequest(listener: (request: import('../../electron/core/shellRequest').ShellRequest) => void): void
  }
}

declare module '*.css'
