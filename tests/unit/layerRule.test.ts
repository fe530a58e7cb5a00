import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

function sources(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|vue)$/.test(file))
    .map((file) => join(folder, file))
}

/** Each import of a file: what it names, and whether it is type-only (erased at build). */
function imports(file: string): { from: string; typeOnly: boolean }[] {
  const text = readFileSync(join(root, file), 'utf8')
  const statements = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm
  return [...text.matchAll(statements)].map((match) => {
    const from = match[2] ?? match[3]
    return { from: from.startsWith('.') ? relative(root, resolve(root, dirname(file), from)) : from, typeOnly: Boolean(match[1]) }
  })
}

// The layer rule of DESIGN.md: core imports no other layer; node imports core; renderer takes only types and pure helpers of core.
describe('the layer rule', () => {
  it('keeps electron/core free of Node, Electron and the other layers', () => {
    const offending = sources('electron/core').flatMap((file) =>
      imports(file)
        .filter(({ from }) => from.startsWith('node:') || from === 'electron' || from === 'lowdb' || /^electron\/(node|main|cli|preload)/.test(from))
        .map(({ from }) => `${file} imports ${from}`),
    )
    expect(offending).toEqual([])
  })

  it('keeps electron/node free of Electron, the shell and the CLI', () => {
    const offending = sources('electron/node').flatMap((file) =>
      imports(file)
        .filter(({ from }) => from === 'electron' || /^electron\/(main|cli|preload)/.test(from))
        .map(({ from }) => `${file} imports ${from}`),
    )
    expect(offending).toEqual([])
  })

  it('lets the renderer use only types and pure helpers of the core', () => {
    const pureHelpers = [
      'electron/core/cslItem',
      'electron/core/base64',
      'electron/core/importLimit',
      'electron/core/connectorTokenPurpose',
      'electron/core/escapeHtml',
      'electron/core/references/referenceFormat',
      'electron/core/references/referenceChunks',
      'electron/core/capture/archiveSanitizePolicy',
    ]
    const offending = sources('renderer/src').flatMap((file) =>
      imports(file)
        .filter(({ from, typeOnly }) => from.startsWith('electron/') && !typeOnly && !pureHelpers.includes(from))
        .map(({ from }) => `${file} imports ${from}`),
    )
    expect(offending).toEqual([])
  })

  it('finds the imports it checks, re-exports and dynamic imports included', () => {
    expect(imports('electron/node/openArchive.ts').map(({ from }) => from)).toContain('electron/core/archiveService')
    expect(imports('bin/scriptorium.js').map(({ from }) => from)).toContain('node:fs')
  })
})
