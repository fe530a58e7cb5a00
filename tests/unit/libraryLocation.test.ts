import { homedir } from 'node:os'
import { join, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveLibraryDir } from '../../electron/node/libraryLocation'

describe('resolveLibraryDir', () => {
  it('takes the --library flag over the environment', () => {
    expect(resolveLibraryDir('/data/flag-lib', { SCRIPTORIUM_LIBRARY: '/data/env-lib' })).toBe(resolve('/data/flag-lib'))
  })

  it('resolves a relative flag against the working directory', () => {
    expect(resolveLibraryDir('my-library', {})).toBe(join(process.cwd(), 'my-library'))
  })

  it('takes $SCRIPTORIUM_LIBRARY when there is no flag', () => {
    expect(resolveLibraryDir(undefined, { SCRIPTORIUM_LIBRARY: '/data/env-lib' })).toBe(resolve('/data/env-lib'))
    expect(resolveLibraryDir('', { SCRIPTORIUM_LIBRARY: 'rel/lib' })).toBe(join(process.cwd(), 'rel', 'lib'))
  })

  it('defaults to Scriptorium/library in the app-data folder', () => {
    const dir = resolveLibraryDir(undefined, { XDG_CONFIG_HOME: '/home/someone/.config', APPDATA: 'C:\\Users\\someone\\AppData\\Roaming' })
    expect(dir.endsWith(`${sep}Scriptorium${sep}library`)).toBe(true)
    expect(resolveLibraryDir(undefined, { SCRIPTORIUM_LIBRARY: '' }).endsWith(join('Scriptorium', 'library'))).toBe(true)
  })

  it.runIf(process.platform === 'linux')('follows $XDG_CONFIG_HOME on Linux, else ~/.config', () => {
    expect(resolveLibraryDir(undefined, { XDG_CONFIG_HOME: '/srv/config' })).toBe('/srv/config/Scriptorium/library')
    expect(resolveLibraryDir(undefined, {})).toBe(join(homedir(), '.config', 'Scriptorium', 'library'))
    expect(resolveLibraryDir(undefined, { XDG_CONFIG_HOME: '' })).toBe(join(homedir(), '.config', 'Scriptorium', 'library'))
  })

  it('reads process.env when no environment is passed', () => {
    const expected = process.env.SCRIPTORIUM_LIBRARY ? resolve(process.env.SCRIPTORIUM_LIBRARY) : undefined
    const dir = resolveLibraryDir()
    if (expected) expect(dir).toBe(expected)
    else expect(dir.endsWith(join('Scriptorium', 'library'))).toBe(true)
  })
})
