import { homedir } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'

/**
 * This machine's own Scriptorium state, outside any library (never synced): the browser connectors
 * paired with it. $SCRIPTORIUM_STATE_DIR (tests, or another place), else the platform's folder.
 */
export function resolveStateFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (env.SCRIPTORIUM_STATE_DIR) return resolve(env.SCRIPTORIUM_STATE_DIR)
  switch (platform) {
    case 'win32':
      return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'Scriptorium')
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Scriptorium')
    default:
      return join(env.XDG_STATE_HOME && isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : join(home, '.local', 'state'), 'Scriptorium')
  }
}
