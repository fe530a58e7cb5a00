import { describe, expect, it } from 'vitest'
import { createWindowOptions } from '../../electron/main/windowOptions'

describe('createWindowOptions', () => {
  const options = createWindowOptions('/app/out/preload/index.mjs', '#fafaf7')
  const prefs = options.webPreferences!

  it('isolates and sandboxes the renderer, with no Node anywhere', () => {
    expect(prefs.contextIsolation).toBe(true)
    expect(prefs.sandbox).toBe(true)
    expect(prefs.nodeIntegration).toBe(false)
    expect(prefs.nodeIntegrationInWorker).toBe(false)
    expect(prefs.nodeIntegrationInSubFrames).toBe(false)
  })

  it('keeps web security on and webviews off', () => {
    expect(prefs.webSecurity).toBe(true)
    expect(prefs.allowRunningInsecureContent).toBe(false)
    expect(prefs.webviewTag).toBe(false)
  })

  it('uses the given preload script and background colour', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.mjs')
    expect(options.backgroundColor).toBe('#fafaf7')
  })

  it('starts hidden, titled Scriptorium', () => {
    expect(options.show).toBe(false)
    expect(options.title).toBe('Scriptorium')
  })
})
