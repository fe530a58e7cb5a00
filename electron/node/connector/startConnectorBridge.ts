import { startHttpBridge, type HttpBridge, type HttpBridgeOptions } from '../httpBridge'

/**
 * The bridge on the first free port of `ports` (the connector's fixed port and its fallbacks), for the
 * extension to find. Answers the bridge, or a sentence when every port is taken.
 */
export async function startConnectorBridge(options: Omit<HttpBridgeOptions, 'port'>, ports: number[]): Promise<HttpBridge | string> {
  for (const port of ports) {
    try {
      return await startHttpBridge({ ...options, port })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    }
  }
  return ports.length === 1 ? `Port ${ports[0]} is already in use; choose another with --port.` : `Ports ${ports[0]} to ${ports.at(-1)} are all in use; choose another with --port or SCRIPTORIUM_PORT.`
}
