import { homedir } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'

/**
 * Where this machine's logs go: $SCRIPTORIUM_LOG_DIR (tests, or a user who wants them elsewhere), else
 * the platform's place for an app's logs. They are per machine, so never inside the synced library.
 */
export function resolveLogFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (env.SCRIPTORIUM_LOG_DIR) return resolve(env.SCRIPTORIUM_LOG_DIR)
  switch (platform) {
    case 'win32':
      return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'Scriptorium', 'logs')
    case 'darwin':
      return join(home, 'Library', 'Logs', 'Scriptorium')
    default:
      // The XDG base directory spec: state that outlives a run but is not worth syncing; only an absolute path counts.
      return join(env.XDG_STATE_HOME && isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : join(home, '.local', 'state'), 'Scriptorium', 'logs')
  }
}
