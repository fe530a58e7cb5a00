import { _electron as electron, expect, test } from '@playwright/test'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/**
 * The Electron binary's path, or why there is none. Electron's package fetches its binary on first
 * use; look before requiring it, so that a machine without network does not try.
 */
function electronBinary(): { path?: string; missing?: string } {
  const require = createRequire(import.meta.url)
  const packageDir = dirname(require.resolve('electron/package.json'))
  const pathFile = join(packageDir, 'path.txt')
  if (!existsSync(pathFile) || !existsSync(join(packageDir, 'dist', readFileSync(pathFile, 'utf8')))) {
    return { missing: `${join(packageDir, 'dist')} holds no binary; "npm start" or "npx install-electron" downloads it` }
  }
  return { path: require('electron') as string }
}

const binary = electronBinary()
const skipReason = `No Electron binary on this machine (${binary.missing}); the app tests run where one is installed.`
if (!binary.path) console.log(`Skipping the Electron app tests. ${skipReason}`)

test.describe('the Electron app', () => {
  test.skip(!binary.path, skipReason)

  test('opens hardened, adds the sample through the UI and shows paragraph 3', async () => {
    const library = await mkdtemp(join(tmpdir(), 'scriptorium-app-'))
    const app = await electron.launch({
      executablePath: binary.path,
      args: [join(repoRoot, 'out/main/index.js'), '--library', library],
      cwd: repoRoot,
    })
    try {
      const page = await app.firstWindow()
      await expect(page).toHaveTitle('Scriptorium')
      expect(page.url()).toMatch(/^app:\/\/scriptorium\//)

      const preferences = await app.evaluate(({ BrowserWindow }) => {
        const contents = BrowserWindow.getAllWindows()[0].webContents
        // @ts-expect-error getLastWebPreferences is Electron's internal view of the settings in force
        return contents.getLastWebPreferences?.() ?? null
      })
      if (preferences) {
        expect(preferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true })
      }
      // The renderer sees no Node and exactly one bridge function.
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined')
      expect(await page.evaluate(() => Object.keys((window as unknown as { scriptorium?: object }).scriptorium ?? {}))).toEqual(['invoke'])
      // An inline script cannot run under the CSP.
      expect(
        await page.evaluate(() => {
          const script = document.createElement('script')
          script.textContent = 'window.__injected = true'
          document.body.append(script)
          return (window as { __injected?: boolean }).__injected ?? false
        }),
      ).toBe(false)
      // window.open is denied.
      expect(await page.evaluate(() => window.open('https://example.org') === null)).toBe(true)

      await page.getByRole('button', { name: 'Add the sample article' }).click()
      await expect(page.locator('p[data-para="3"]')).toContainText('een nieuw tijdperk van vrede')
      await page.screenshot({ path: join(repoRoot, 'test-results', 'electron-reader.png') })
    } finally {
      await app.close()
      await rm(library, { recursive: true, force: true })
    }
  })
})
