import { describe, expect, it } from 'vitest'
import { resolveLogFolder } from '../../../electron/node/log/logFolder'

describe('resolveLogFolder', () => {
  it('follows each platform’s convention for an app’s logs', () => {
    expect(resolveLogFolder({}, 'linux', '/home/ada')).toBe('/home/ada/.local/state/Scriptorium/logs')
    expect(resolveLogFolder({ XDG_STATE_HOME: '/srv/state' }, 'linux', '/home/ada')).toBe('/srv/state/Scriptorium/logs')
    expect(resolveLogFolder({}, 'darwin', '/Users/ada')).toBe('/Users/ada/Library/Logs/Scriptorium')
    expect(resolveLogFolder({ LOCALAPPDATA: '/c/Users/ada/AppData/Local' }, 'win32', '/c/Users/ada')).toBe('/c/Users/ada/AppData/Local/Scriptorium/logs')
  })

  it('ignores a relative XDG_STATE_HOME, as the XDG spec says', () => {
    expect(resolveLogFolder({ XDG_STATE_HOME: 'state' }, 'linux', '/home/ada')).toBe('/home/ada/.local/state/Scriptorium/logs')
  })

  it('goes where SCRIPTORIUM_LOG_DIR says, on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) expect(resolveLogFolder({ SCRIPTORIUM_LOG_DIR: '/tmp/scriptorium-logs' }, platform, '/home/ada')).toBe('/tmp/scriptorium-logs')
  })
})
