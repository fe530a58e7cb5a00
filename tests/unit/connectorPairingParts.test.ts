import { describe, expect, it } from 'vitest'
import { connectorPorts } from '../../electron/node/connector/connectorPort'
import { makePairingCode, normalizePairingCode } from '../../electron/node/connector/pairingCode'
import { resolveStateFolder } from '../../electron/node/stateFolder'

describe('the connector port', () => {
  it('is 23120 and the nine after it, or SCRIPTORIUM_PORT and the nine after it', () => {
    expect(connectorPorts({})).toEqual([23120, 23121, 23122, 23123, 23124, 23125, 23126, 23127, 23128, 23129])
    expect(connectorPorts({ SCRIPTORIUM_PORT: '40000' })).toEqual([40000, 40001, 40002, 40003, 40004, 40005, 40006, 40007, 40008, 40009])
    expect(connectorPorts({ SCRIPTORIUM_PORT: '65534' })).toEqual([65534, 65535])
  })

  it('says what is wrong with a SCRIPTORIUM_PORT that is no port', () => {
    expect(connectorPorts({ SCRIPTORIUM_PORT: 'http' })).toBe('SCRIPTORIUM_PORT must be a port number from 1 to 65535, not "http".')
    expect(connectorPorts({ SCRIPTORIUM_PORT: '0' })).toBe('SCRIPTORIUM_PORT must be a port number from 1 to 65535, not "0".')
  })
})

describe('pairing codes', () => {
  it('are six characters that cannot be misread, in two groups', () => {
    for (let count = 0; count < 200; count++) expect(makePairingCode()).toMatch(/^[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}$/)
  })

  it('are matched whatever their case, spaces or dash', () => {
    expect(normalizePairingCode('k7q4mx')).toBe('K7Q-4MX')
    expect(normalizePairingCode(' K7Q 4MX ')).toBe('K7Q-4MX')
    expect(normalizePairingCode('K7Q-4MX')).toBe('K7Q-4MX')
  })
})

describe('resolveStateFolder', () => {
  it('is per machine, in each platform’s place, or where SCRIPTORIUM_STATE_DIR says', () => {
    expect(resolveStateFolder({}, 'linux', '/home/ada')).toBe('/home/ada/.local/state/Scriptorium')
    expect(resolveStateFolder({}, 'darwin', '/Users/ada')).toBe('/Users/ada/Library/Application Support/Scriptorium')
    expect(resolveStateFolder({ LOCALAPPDATA: '/c/Local' }, 'win32', '/c/Users/ada')).toBe('/c/Local/Scriptorium')
    expect(resolveStateFolder({ SCRIPTORIUM_STATE_DIR: '/tmp/state' }, 'linux', '/home/ada')).toBe('/tmp/state')
  })
})
