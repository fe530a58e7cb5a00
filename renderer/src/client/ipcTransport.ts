import type { Envelope } from '../../../electron/core/archiveApi'
import type { Transport } from './archiveClient'

/** Electron: through the preload's single invoke. IPC keeps only an error's message, so envelopes carry the rest. */
export const transport: Transport = async (method, arg) => {
  if (!window.scriptorium) {
    return { ok: false, error: { code: 'internal', message: 'This window has no connection to the archive.' } }
  }
  return (await window.scriptorium.invoke(method, arg)) as Envelope<unknown>
}
