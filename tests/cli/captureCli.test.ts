import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Item } from '../../electron/core/archiveApi'
import { cliPath, repoRoot, snapshotTree, useTempDir } from '../support/tempLibrary'

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

const temp = useTempDir()
let server: Server
let origin: string

/** The real command, as a user runs it. */
function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env }
    delete env.SCRIPTORIUM_LIBRARY
    const child = spawn(process.execPath, [cliPath, '--library', temp.libraryDir, ...args], { cwd: repoRoot, env })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      expect(stderr).not.toMatch(/^\s+at /m)
      resolve({ code, stdout, stderr })
    })
  })
}

beforeAll(async () => {
  const news = await readFile(join(repoRoot, 'tests/fixtures/pages/news-site.html'), 'utf8')
  server = createServer((request, response) => {
    if (request.url?.startsWith('/news')) response.writeHead(200, { 'Content-Type': 'text/html' }).end(news)
    else if (request.url === '/doi/10.5555/jprl.2019.0123') {
      response.writeHead(200, { 'Content-Type': 'application/vnd.citationstyles.csl+json' })
      response.end(JSON.stringify({ type: 'journal-article', DOI: '10.5555/jprl.2019.0123', title: 'Liaison offices', author: [{ family: 'Berg', given: 'Anna', 'non-dropping-particle': 'van der' }], issued: { 'date-parts': [[2019]] } }))
    }
    else response.writeHead(404).end()
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  // Inherited by every CLI process these tests start.
  process.env.SCRIPTORIUM_DOI_RESOLVER = `${origin}/doi`
})

afterAll(async () => {
  delete process.env.SCRIPTORIUM_DOI_RESOLVER
  server.closeAllConnections()
  await new Promise((done) => server.close(done))
})

describe('scriptorium add for web pages', () => {
  it('adds a saved page and a page by its address, refuses the same page again naming it, and adds it with --allow-duplicate', async () => {
    const saved = join(repoRoot, 'tests/fixtures/pages/journal-article.html')
    const first = await cli('add', saved, `${origin}/news/korea`)
    expect(first).toMatchObject({ code: 0, stderr: '' })
    expect(first.stdout).toMatch(/^Added \S{8} berg2019liaison: Liaison offices and the management of border incidents on the Korean peninsula\nAdded \S{8} vries2018koreas: Korea's openen verbindingsbureau aan de grens\n$/)

    const before = await snapshotTree(temp.libraryDir)
    const again = await cli('add', `${origin}/news/korea?utm_source=newsletter#top`)
    expect(again).toEqual({
      code: 1,
      stdout: '',
      stderr: `${origin}/news/korea?utm_source=newsletter#top is already in the library as vries2018koreas, “Korea's openen verbindingsbureau aan de grens” by Jan de Vries (the same address). Add it again with --allow-duplicate.\n`,
    })
    expect(await snapshotTree(temp.libraryDir)).toEqual(before)

    const forced = await cli('add', '--json', '--allow-duplicate', `${origin}/news/korea?utm_source=newsletter`)
    expect(forced.code).toBe(0)
    expect(JSON.parse(forced.stdout).map((item: Item) => item.citekey)).toEqual(['vries2018koreasa'])
  })

  it('adds a reference by its DOI, and refuses it the second time', async () => {
    const run = await cli('add', '10.5555/jprl.2019.0123')
    expect(run).toMatchObject({ code: 0, stderr: '' })
    expect(run.stdout).toMatch(/^Added \S{8} berg2019liaison: Liaison offices\n$/)
    expect(await cli('add', 'https://doi.org/10.5555/jprl.2019.0123')).toEqual({
      code: 1,
      stdout: '',
      stderr: '10.5555/jprl.2019.0123 is already in the library as berg2019liaison, “Liaison offices” by Anna van der Berg (the same DOI). Add it again with --allow-duplicate.\n',
    })
  })

  it('says why a page could not be fetched', async () => {
    expect(await cli('add', `${origin}/gone`)).toEqual({ code: 1, stdout: '', stderr: `${origin}/gone answered 404 Not Found; nothing was added.\n` })
  })

  it('reports the progress of a bulk add on stderr', async () => {
    const template = await readFile(join(repoRoot, 'tests/fixtures/pages/blog-post.html'), 'utf8')
    const files: string[] = []
    for (let n = 0; n < 25; n++) {
      const file = join(temp.dir, `post-${n}.html`)
      await writeFile(file, template.replace(/wandelen-langs-de-maas/g, `post-${n}`).replace('Vorige week', `Op dag ${n} van de reeks, vorige week`))
      files.push(file)
    }
    const run = await cli('add', ...files)
    expect(run.code).toBe(0)
    expect(run.stdout.trim().split('\n')).toHaveLength(25)
    expect(run.stderr).toBe('Progress: 10 of 25\nProgress: 20 of 25\nProgress: 25 of 25\n')
  })
})
