// Renders build/icons/icon.svg to the PNG sizes the installers take (electron-builder makes the
// .icns and .ico from the largest) and the browser extension's toolbar sizes, with Chromium through
// Playwright. Run once after changing the SVG: `node build/renderIcons.mjs`; the PNGs are committed,
// so packaging needs no browser.
import { chromium } from '@playwright/test'
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
const EXTENSION_SIZES = [16, 32, 48, 128]
const folder = join(dirname(fileURLToPath(import.meta.url)), 'icons')
const extensionFolder = join(folder, '../../extension/icons')
const svg = readFileSync(join(folder, 'icon.svg'), 'utf8')
const debianChromium = '/usr/bin/chromium'

const browser = await chromium.launch({ ...(existsSync(debianChromium) ? { executablePath: debianChromium } : {}), args: ['--no-sandbox', '--disable-gpu'] })
try {
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size } })
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`)
    await page.screenshot({ path: join(folder, `${size}x${size}.png`), omitBackground: true })
    await page.close()
  }
} finally {
  await browser.close()
}
mkdirSync(extensionFolder, { recursive: true })
for (const size of EXTENSION_SIZES) copyFileSync(join(folder, `${size}x${size}.png`), join(extensionFolder, `icon-${size}.png`))
console.log(`Rendered ${SIZES.length} sizes into ${folder}`)
