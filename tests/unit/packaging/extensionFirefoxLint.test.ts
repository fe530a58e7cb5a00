import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../../support/tempLibrary'

// Firefox is not on this machine. Mozilla's own linter (addons-linter, what addons.mozilla.org runs on
// every upload) reads the extension as Firefox would: its manifest schema, its APIs, its code.
const EXTENSION = join(repoRoot, 'extension')

interface LintMessage {
  code: string
  message: string
  file?: string
}

function lint(): { errors: LintMessage[]; warnings: LintMessage[]; notices: LintMessage[] } {
  const run = spawnSync(process.execPath, [join(repoRoot, 'node_modules/addons-linter/bin/addons-linter'), '--output', 'json', '--boring', EXTENSION], { encoding: 'utf8', timeout: 120_000 })
  if (!run.stdout.trim()) throw new Error(`addons-linter printed nothing: ${run.stderr}`)
  return JSON.parse(run.stdout)
}

describe('the extension, as Firefox reads it', () => {
  it('passes Mozilla\'s addons-linter without errors; its only warnings are the two a shared Chromium manifest brings', () => {
    const result = lint()
    expect(result.errors).toEqual([])
    // Firefox ignores background.service_worker (it runs background.scripts), and Firefox for Android
    // has data_collection_permissions only from 142 on; the extension is for the desktop.
    expect(result.warnings.map((warning) => warning.code).sort()).toEqual(['BACKGROUND_SERVICE_WORKER_IGNORED', 'KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION'])
    expect(result.notices).toEqual([])
  }, 120_000)

  it('has one manifest for both: Chromium\'s service worker and Firefox\'s background script are the same module', () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION, 'manifest.json'), 'utf8'))
    expect(manifest.manifest_version).toBe(3)
    expect(manifest.background).toEqual({ service_worker: 'background.js', scripts: ['background.js'], type: 'module' })
    expect(manifest.browser_specific_settings.gecko).toMatchObject({ id: 'connector@scriptorium.invalid', strict_min_version: '140.0' })
  })
})
