/**
 * The connector's fixed port on 127.0.0.1, where the browser extension looks for Scriptorium (Zotero's
 * is 23119). When another program holds it, the next few are tried; the extension tries them too.
 */
export const CONNECTOR_PORT = 23120
export const CONNECTOR_PORT_FALLBACKS = 9

/** The ports `serve` tries, in order: $SCRIPTORIUM_PORT (then its fallbacks), else 23120 and the next nine. */
export function connectorPorts(env: NodeJS.ProcessEnv = process.env): number[] | string {
  const chosen = env.SCRIPTORIUM_PORT
  if (chosen !== undefined && chosen !== '' && !(/^\d{1,5}$/.test(chosen) && Number(chosen) >= 1 && Number(chosen) <= 65535)) {
    return `SCRIPTORIUM_PORT must be a port number from 1 to 65535, not "${chosen}".`
  }
  const first = chosen ? Number(chosen) : CONNECTOR_PORT
  return Array.from({ length: CONNECTOR_PORT_FALLBACKS + 1 }, (_, index) => first + index).filter((port) => port <= 65535)
}
