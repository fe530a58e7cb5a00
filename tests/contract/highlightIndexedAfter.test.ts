import { spawn } from 'node:child_process'
import { beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { openArchive } from '../../electron/node/openArchive'
import { eventually } from '../support/eventually'
import { annotationsOnDisk } from '../support/libraryFiles'
import { runScriptorium } from '../support/runScriptorium'
import { cliPath, resourcesDir, SAMPLE, samplePath, useTempDir } from '../support/tempLibrary'

/*
 * The app answers a highlight once it is on disk and queued in the catalog, and indexes the item's
 * words right after, outside the change: re-indexing costs as much as the item's text is long.
 */
describe('a highlight in the app: saved first, its words indexed right after', () => {
  const temp = useTempDir()
  let itemId: string

  beforeEach(async () => {
    const added = await runScriptorium(['--library', temp.libraryDir, 'add', samplePath, '--json'])
    expect(added.code).toBe(0)
    itemId = JSON.parse(added.stdout)[0].id
  })

  it('is on disk when the call returns, and found by search without anything asking for the index', async () => {
    const api: ArchiveApi = openArchive({ libraryDir: temp.libraryDir, resourcesDir, longRunning: true })
    await api.addHighlight({ id: itemId, quote: 'Kaesong', note: 'grensplaats' })
    const annotations = await annotationsOnDisk(temp.libraryDir, itemId)
    expect(JSON.stringify(annotations.map((annotation) => annotation.body))).toContain('grensplaats')
    // No complete: search: the index catches up by itself.
    const found = await eventually(() => api.search({ query: 'grensplaats' }), (results) => results.total === 1 && !results.indexing)
    expect(found.hits.map((hit) => hit.id)).toEqual([itemId])
    expect(found.hits[0].snippets.map((snippet) => snippet.source)).toContain('highlight')
  })

  it('a process killed between the commit and the indexing leaves the words queued: the next search finds them', async () => {
    const server = spawn(process.execPath, [cliPath, '--library', temp.libraryDir, 'serve', '--port', '0'], { env: { ...process.env, SCRIPTORIUM_CRASH_AT: 'before-queued-index' }, stdio: ['ignore', 'pipe', 'pipe'] })
    const exited = new Promise<NodeJS.Signals | null>((resolve) => server.once('exit', (_code, signal) => resolve(signal)))
    let output = ''
    const url = await new Promise<URL>((resolve, reject) => {
      server.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        const found = /http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+/.exec(output)?.[0]
        if (found) resolve(new URL(found))
      })
      server.once('exit', () => reject(new Error(`serve exited before it listened:\n${output}`)))
    })
    const token = url.hash.replace('#token=', '')
    const call = fetch(`${url.origin}/api/addHighlight`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: itemId, quote: SAMPLE.para3Phrase, note: 'grensplaats' }),
    })
    // Killed once the highlight is committed, as its words' indexing starts.
    await expect(call).rejects.toThrow()
    expect(await exited).toBe('SIGKILL')
    expect(JSON.stringify((await annotationsOnDisk(temp.libraryDir, itemId)).map((annotation) => annotation.body))).toContain('grensplaats')
    const search = await runScriptorium(['--library', temp.libraryDir, 'search', 'grensplaats', '--json'])
    expect(search.code).toBe(0)
    expect(JSON.parse(search.stdout).hits.map((hit: { id: string }) => hit.id)).toEqual([itemId])
  })
})
