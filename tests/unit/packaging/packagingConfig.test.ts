import { readFileSync, existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { DEEP_LINK_SCHEME, OPENED_FILE_EXTENSIONS } from '../../../electron/core/shellRequest'
import { repoRoot } from '../../support/tempLibrary'

// The installers' configuration, checked as electron-builder itself checks it before packaging (which
// needs an Electron binary this machine cannot download), and against what the app handles.
const load = createRequire(join(repoRoot, 'package.json'))
const config = parse(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8'))

async function validate(candidate: unknown): Promise<void> {
  const { validateConfiguration } = load('app-builder-lib/out/util/config/config')
  const { DebugLogger } = load('builder-util')
  await validateConfiguration(candidate, new DebugLogger(false))
}

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(path: string): [number, number] {
  const bytes = readFileSync(path)
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG')
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)]
}

describe('electron-builder.yml', () => {
  it('is valid for the electron-builder in package.json, which refuses a misspelt key', async () => {
    await validate(config)
    await expect(validate({ ...config, fileAssociation: config.fileAssociations })).rejects.toThrow("configuration has an unknown property 'fileAssociation'")
  })

  it('makes an AppImage and a .deb, a .dmg and an NSIS installer', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.mac.target).toEqual(['dmg'])
    expect(config.win.target).toEqual(['nsis'])
  })

  it('registers the deep-link scheme and the file types the app opens, and no others', () => {
    expect(config.protocols.flatMap((protocol: { schemes: string[] }) => protocol.schemes)).toEqual([DEEP_LINK_SCHEME])
    expect(config.fileAssociations.map((association: { ext: string }) => `.${association.ext}`).sort()).toEqual([...OPENED_FILE_EXTENSIONS].sort())
  })

  it('ships the built app, the CSL styles and the sample article where the app looks for them', () => {
    const main = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).main as string
    expect(main).toBe('out/main/index.js')
    expect(config.files).toEqual(expect.arrayContaining(['package.json', 'out/main/**', 'out/preload/**', 'out/renderer/**', 'resources/csl/**']))
    // electron/main/index.ts reads the sample from process.resourcesPath in a packaged app.
    expect(config.extraResources).toEqual([{ from: 'resources/samples', to: 'samples' }])
    expect(existsSync(join(repoRoot, 'resources/samples/korea-liaison-office-2018.txt'))).toBe(true)
    // better-sqlite3 is compiled for Electron by the packager, not fetched prebuilt.
    expect(config).toMatchObject({ npmRebuild: true, buildDependenciesFromSource: true })
  })

  it('has icons of the sizes each platform takes, rendered from build/icons/icon.svg', () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) expect(pngSize(join(repoRoot, 'build/icons', `${size}x${size}.png`))).toEqual([size, size])
    expect(config.linux.icon).toBe('build/icons')
    // electron-builder makes the .icns from a 1024 px PNG and the .ico from a 256 px one.
    expect(pngSize(join(repoRoot, config.mac.icon))).toEqual([1024, 1024])
    expect(pngSize(join(repoRoot, config.win.icon))).toEqual([256, 256])
  })
})
