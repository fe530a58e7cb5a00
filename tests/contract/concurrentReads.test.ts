import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi, Item } from '../../electron/core/archiveApi'
import { openArchive } from '../../electron/node/openArchive'
import { catalogDatabaseOf } from '../support/libraryFiles'
import { runScriptorium } from '../support/runScriptorium'
import { cliPath, resourcesDir, useTempDir } from '../support/tempLibrary'

const temp = useTempDir()
let api: ArchiveApi
let sample: Item

beforeEach(async () => {
  api = openArchive({ libraryDir: temp.libraryDir, resourcesDir })
  sample = await api.addSampleArticle({})
})

/** Settles with 'pending' when the promise has not settled by the time the given work is done. */
async function stateAfter(promise: Promise<unknown>, work: () => Promise<unknown>): Promise<'pending' | 'settled'> {
  let settled = false
  promise.then(
    () => (settled = true),
    () => (settled = true),
  )
  await work()
  return settled ? 'settled' : 'pending'
}

describe('reads never wait for writes', () => {
  it('answers list, show, content and search while a page is still being fetched for saving', async () => {
    let hold: ServerResponse | undefined
    let arrived!: () => void
    const requested = new Promise<void>((resolve) => (arrived = resolve))
    const server: Server = createServer((_request, response) => {
      hold = response
      arrived()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow-article`
      const saving = api.addWebPage({ url })
      await requested
      const state = await stateAfter(saving, async () => {
        expect((await api.listItems({})).map((item) => item.id)).toEqual([sample.id])
        expect((await api.getItem({ id: sample.id })).citekey).toBe(sample.citekey)
        expect((await api.getContent({ id: sample.id })).html).toContain('tijdperk')
        expect((await api.search({ query: 'tijdperk vrede' })).hits.map((hit) => hit.id)).toEqual([sample.id])
      })
      // Every read above was answered while the page was still on its way.
      expect(state).toBe('pending')
      hold!.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      hold!.end('<html lang="en"><head><title>Slow news</title></head><body><article><h1>Slow news</h1><p>The harbour of Rotterdam handled more containers than in any year before, the port said on Monday.</p><p>Dockworkers in Rotterdam worked extra shifts through the winter to keep the cranes moving.</p></article></body></html>')
      const saved = await saving
      expect((await api.search({ query: 'rotterdam' })).hits.map((hit) => hit.id)).toEqual([saved.id])
    } finally {
      hold?.destroy()
      server.close()
    }
  })

  it('answers while another process holds the write lock, and a writer waits for it, saying so, rather than failing', async () => {
    const holder = new Database(await catalogDatabaseOf(temp.libraryDir))
    holder.exec('BEGIN IMMEDIATE')
    try {
      const edit = spawn(process.execPath, [cliPath, '--library', temp.libraryDir, 'edit', sample.id, '--title', 'Verbindingsbureau geopend'], { stdio: ['ignore', 'pipe', 'pipe'] })
      let stderr = ''
      const told = new Promise<void>((resolve) =>
        edit.stderr.setEncoding('utf8').on('data', (chunk: string) => {
          stderr += chunk
          if (stderr.includes('Waiting for another Scriptorium process')) resolve()
        }),
      )
      const exited = new Promise<number | null>((resolve) => edit.on('close', resolve))
      const listed = await runScriptorium(['--library', temp.libraryDir, 'list', '--json'])
      expect(listed.code).toBe(0)
      expect(JSON.parse(listed.stdout).map((item: Item) => item.id)).toEqual([sample.id])
      const found = await runScriptorium(['--library', temp.libraryDir, 'search', '--json', 'tijdperk'])
      expect(JSON.parse(found.stdout).hits.map((hit: { id: string }) => hit.id)).toEqual([sample.id])
      expect((await api.getItem({ id: sample.id })).csl.title).toBe(sample.csl.title)
      // The writer says in words that it waits; it cannot finish while the lock is held.
      await told
      expect(edit.exitCode).toBeNull()
      holder.exec('COMMIT')
      expect(await exited).toBe(0)
      expect(stderr).toBe('Waiting for another Scriptorium process to finish saving…\n')
      expect((await api.getItem({ id: sample.id })).csl.title).toBe('Verbindingsbureau geopend')
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK')
      holder.close()
    }
  })
})
