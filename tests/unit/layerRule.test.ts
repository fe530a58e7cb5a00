import { existsSync, readdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'
// @ts-expect-error -- the flat config is plain JavaScript without types
import { NODE_ONLY_PACKAGES, PURE_CORE_MODULES } from '../../eslint.config.js'

// The layer rule of DESIGN.md lives in eslint.config.js, and `npm run lint` (part of `npm test`) holds the
// whole tree to it. This test proves that the rule bites: ESLint's own API lints small snippets placed in
// each layer, and each crossing of a boundary must be reported, each allowed import not.

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const eslint = new ESLint({ cwd: root })
const LAYER_RULES = ['boundaries/dependencies', 'no-restricted-globals']

/** What the layer rules say about `code` saved as `file` (a path from the repository root). */
async function layerFindings(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) })
  const fatal = result.messages.filter((message) => message.fatal)
  if (fatal.length > 0) throw new Error(`${file} does not parse: ${fatal[0].message}`)
  return result.messages.filter((message) => LAYER_RULES.includes(message.ruleId ?? '')).map((message) => message.message)
}

const valueImport = (from: string) => `import * as imported from '${from}'\nexport { imported }\n`
const typeImport = (from: string) => `import type * as imported from '${from}'\nexport type { imported }\n`

// [the importing file, what it imports]
const refused: [string, string][] = [
  // electron/core: no other layer of ours, no Node built-in, no Node-only package, no DOM global.
  ['electron/core/probe.ts', valueImport('../node/openArchive')],
  ['electron/core/probe.ts', valueImport('../main/windowOptions')],
  ['electron/core/probe.ts', valueImport('../cli/runCli')],
  ['electron/core/probe.ts', valueImport('../../renderer/src/sortItems')],
  ['electron/core/search/probe.ts', valueImport('../../node/library/libraryStore')],
  ['electron/core/probe.ts', valueImport('node:fs')],
  ['electron/core/probe.ts', valueImport('fs')],
  ['electron/core/probe.ts', valueImport('path')],
  ...NODE_ONLY_PACKAGES.map((name: string): [string, string] => ['electron/core/probe.ts', valueImport(name)]),
  ['electron/core/probe.ts', `export { readFile } from 'node:fs/promises'\n`],
  ['electron/core/probe.ts', `export const load = () => import('jsdom')\n`],
  ['electron/core/probe.ts', `export const title = () => document.title\n`],
  ['electron/core/probe.ts', `export const width = () => window.innerWidth\n`],
  // No layer reaches into our files outside the layers: tests, bench, build scripts.
  ['electron/core/probe.ts', valueImport('../../bench/fakeArticle')],
  ['electron/node/probe.ts', valueImport('../../build/contentSecurityPolicyPlugin')],
  ['renderer/src/probe.ts', valueImport('../../tests/browser/servedApp')],
  // A pure core module runs in the renderer: what it runs must be pure as well.
  ['electron/core/escapeHtml.ts', valueImport('./dispatch')],
  // electron/node: the core and Node, never the shell, the CLI, the preload or the renderer.
  ['electron/node/probe.ts', valueImport('../main/windowOptions')],
  ['electron/node/probe.ts', valueImport('../cli/runCli')],
  ['electron/node/probe.ts', valueImport('../preload/index')],
  ['electron/node/probe.ts', valueImport('../../renderer/src/sortItems')],
  // electron/main and electron/cli: never the renderer, nor each other.
  ['electron/main/probe.ts', valueImport('../../renderer/src/sortItems')],
  ['electron/main/probe.ts', valueImport('../cli/runCli')],
  ['electron/cli/probe.ts', valueImport('../../renderer/src/sortItems')],
  ['electron/cli/probe.ts', valueImport('../main/windowOptions')],
  // electron/preload: Electron and the core's types, nothing else.
  ['electron/preload/probe.ts', valueImport('../core/dispatch')],
  ['electron/preload/probe.ts', valueImport('../node/openArchive')],
  ['electron/preload/probe.ts', valueImport('node:path')],
  ['electron/preload/probe.ts', valueImport('zod')],
  // renderer: types of the core and its pure modules only; no Node, no main, no CLI.
  ['renderer/src/probe.ts', valueImport('../../electron/core/dispatch')],
  ['renderer/src/stores/probe.ts', valueImport('../../../electron/core/archiveService')],
  ['renderer/src/probe.ts', valueImport('../../electron/node/openArchive')],
  ['renderer/src/probe.ts', valueImport('../../electron/main/windowOptions')],
  ['renderer/src/probe.ts', valueImport('../../electron/cli/runCli')],
  ['renderer/src/probe.ts', valueImport('node:fs')],
  ['renderer/src/probe.ts', valueImport('lowdb')],
  ['renderer/src/components/Probe.vue', `<script setup lang="ts">\nimport { dispatch } from '../../../electron/core/dispatch'\nconsole.log(dispatch)\n</script>\n<template><p /></template>\n`],
]

const allowed: [string, string][] = [
  ['electron/core/probe.ts', valueImport('./dispatch')],
  ['electron/core/search/probe.ts', valueImport('../archiveStore')],
  ['electron/core/probe.ts', valueImport('zod')],
  ['electron/core/probe.ts', valueImport('@citation-js/core')],
  ['electron/core/escapeHtml.ts', valueImport('./cslItem')],
  ['electron/core/escapeHtml.ts', typeImport('./archiveApi')],
  ['electron/node/probe.ts', valueImport('../core/dispatch')],
  ['electron/node/probe.ts', valueImport('./library/libraryStore')],
  ['electron/node/probe.ts', valueImport('node:fs')],
  ['electron/node/probe.ts', valueImport('lowdb')],
  ['electron/main/probe.ts', valueImport('../core/dispatch')],
  ['electron/main/probe.ts', valueImport('../node/openArchive')],
  ['electron/main/probe.ts', valueImport('electron')],
  ['electron/main/probe.ts', valueImport('node:path')],
  ['electron/cli/probe.ts', valueImport('../core/dispatch')],
  ['electron/cli/probe.ts', valueImport('../node/openArchive')],
  ['electron/cli/probe.ts', valueImport('node:fs/promises')],
  ['electron/preload/probe.ts', valueImport('electron')],
  ['electron/preload/probe.ts', typeImport('../core/archiveApi')],
  ['renderer/src/probe.ts', typeImport('../../electron/core/dispatch')],
  ['renderer/src/probe.ts', valueImport('./sortItems')],
  ['renderer/src/probe.ts', valueImport('#transport')],
  ['renderer/src/probe.ts', valueImport('vue')],
  ['renderer/src/probe.ts', valueImport('pinia')],
  ...PURE_CORE_MODULES.map((file: string): [string, string] => ['renderer/src/probe.ts', valueImport(`../../${file.replace(/\.ts$/, '')}`)]),
  ['renderer/src/components/Probe.vue', `<script setup lang="ts">\nimport { formatAuthor } from '../../../electron/core/cslItem'\nconsole.log(formatAuthor)\n</script>\n<template><p /></template>\n`],
]

/** A one-line test title: the file and the line of the snippet that matters. */
function titled([file, code]: [string, string]): [string, string, string] {
  const line = code.split('\n').find((text) => /^(import|export)/.test(text) && !text.startsWith('export {')) ?? code
  return [`${file}: ${line}`, file, code]
}

describe('the layer rule, enforced by lint', () => {
  it.each(refused.map(titled))('reports %s', async (_title, file, code) => {
    expect(await layerFindings(file, code)).toHaveLength(1)
  })

  it.each(allowed.map(titled))('allows %s', async (_title, file, code) => {
    expect(await layerFindings(file, code)).toEqual([])
  })

  it('knows every folder of electron/ as a layer, so a new folder cannot slip past unchecked', async () => {
    const config = await eslint.calculateConfigForFile(join(root, 'electron/core/dispatch.ts'))
    const layers = (config.settings['boundaries/elements'] as { pattern: string }[]).map(({ pattern }) => pattern)
    const folders = readdirSync(join(root, 'electron'), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => `electron/${entry.name}`)
    expect(layers.toSorted()).toEqual([...folders, 'renderer/src'].toSorted())
  })

  it('lints every source file of every layer', async () => {
    const sources = ['electron', 'renderer/src'].flatMap((folder) =>
      readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' }).filter((file) => /\.(ts|vue)$/.test(file)).map((file) => join(root, folder, file)),
    )
    expect(sources.length).toBeGreaterThan(0)
    const ignored = []
    for (const file of sources) if (await eslint.isPathIgnored(file)) ignored.push(file)
    expect(ignored).toEqual([])
  })

  it('names only pure modules that exist', () => {
    expect(PURE_CORE_MODULES.filter((file: string) => !existsSync(join(root, file)))).toEqual([])
  })
})
