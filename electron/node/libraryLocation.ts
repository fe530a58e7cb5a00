import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

/**
 * Where the library lives: --library, else $SCRIPTORIUM_LIBRARY, else Scriptorium/library in the
 * platform's app-data folder, the same folder Electron's app.getPath('appData') names.
 */
export function resolveLibraryDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag)
  if (env.SCRIPTORIUM_LIBRARY) return resolve(env.SCRIPTORIUM_LIBRARY)
  return join(appDataDir(env), 'Scriptorium', 'library')
}

function appDataDir(env: NodeJS.ProcessEnv): string {
  switch (process.platform) {
    case 'win32':
      return env.APPDATA ?? join(homedir(), 'AppData', 'Roaming')
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support')
    default:
      return env.XDG_CONFIG_HOME || join(homedir(), '.config')
  }
}
