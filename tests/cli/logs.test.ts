import { spawn } from 'node:child_process'
import { cp, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import Database from 'better-sqlite3'
import { beforeEach, describe, expect, it } from 'vitest'
import { connectorToken } from '../../renderer/src/connectorToken'
import { runScriptorium } from '../support/runScriptorium'
import { cliPath, repoRoot, SAMPLE, samplePath, useTempDir } from '../support/tempLibrary'

const temp = useTempDir()
let logDir: string
let env: Record<string, string>

beforeEach(async () => {
  logDir = join(temp.dir, 'logs')
  env = { SCRIPTORIUM_LOG_DIR: logDir }
})

const cli = (...args: string[]) => runScriptorium(['--library', temp.libraryDir, ...args], { env })

/** Every line of every log file, parsed: each must be one JSON object. */
async function logLines(): Promise<Record<string, unknown>[]> {
  const text = await logText()
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

async function logText(): Promise<string> {
  const names = (await readdir(logDir)).filter((name) => name.endsWith('.log'))
  return (await Promise.all(names.map((name) => readFile(join(logDir, name), 'utf8')))).join('')
}

/** `scriptorium serve --json` on the library, until stop() is called. */
async function serve(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [cliPath, '--library', temp.libraryDir, '--json', 'serve', '--port', '0'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const printed = await new Promise<string>((resolve, reject) => {
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('\n')) resolve(output)
    })
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)))
  })
  return {
    url: (JSON.parse(printed) as { url: string }).url,
    stop: async () => {
      child.kill('SIGTERM')
      await new Promise((done) => (child.exitCode !== null ? done(null) : child.once('exit', done)))
    },
  }
}

describe('the log', () => {
  it('holds what happened after real work, and none of the articles, quotes, notes, titles or tokens', async () => {
    const note = 'Vergelijk met het verslag van Yonhap over Kaesong.'
    const itemNote = 'Zie ook het **persbericht** van het ministerie van eenwording.'
    const newTitle = 'Verbindingsbureau in Kaesong geopend'
    expect((await cli('add', samplePath)).code).toBe(0)
    const verboseHighlight = await cli('--verbose', 'highlight', SAMPLE.citekey, '--quote', SAMPLE.para3Phrase, '--note', note)
    expect(verboseHighlight.code).toBe(0)
    expect((await cli('note', SAMPLE.citekey, itemNote)).code).toBe(0)
    const verboseSearch = await cli('--verbose', 'search', `"${SAMPLE.para3Phrase}"`)
    expect(verboseSearch.stdout).toContain(SAMPLE.citekey)
    expect((await cli('edit', SAMPLE.citekey, '--title', newTitle)).code).toBe(0)

    // A real page through the connector of `serve`, and a call without the token.
    const server = await serve()
    const { origin } = new URL(server.url)
    const token = /#token=([0-9a-f]+)/.exec(server.url)![1]
    const page = gunzipSync(await readFile(join(repoRoot, 'tests/fixtures/pages/real/aclu.html.gz'))).toString('utf8')
    const saved = await fetch(`${origin}/connector/save`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await connectorToken(token)}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: 'https://www.aclu.org/blog/free-future/facebook-tracking-me-even-though-im-not-facebook', html: page }),
    })
    expect(saved.status).toBe(200)
    const savedItem = ((await saved.json()) as { value: { id: string; csl: { title: string } } }).value
    const refused = await fetch(`${origin}/api/listItems`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
    expect(refused.status).toBe(401)
    await server.stop()

    const lines = await logLines()
    const events = lines.map((line) => line.event)
    expect(events).toEqual(expect.arrayContaining(['started', 'bridge-started', 'connector-save', 'bridge-refused']))
    expect(lines.find((line) => line.event === 'connector-save')).toMatchObject({ level: 'info', process: 'serve', status: 200 })
    expect(lines.find((line) => line.event === 'bridge-refused')).toMatchObject({ level: 'warn', status: 401, route: 'api', reason: 'token' })
    // --verbose shows every call on stderr, with its time and outcome.
    const verbose = `${verboseHighlight.stderr}\n${verboseSearch.stderr}`
    expect(verbose.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual(
      expect.arrayContaining([expect.objectContaining({ level: 'debug', event: 'operation', method: 'addHighlight', outcome: 'ok' }), expect.objectContaining({ event: 'operation', method: 'search' })]),
    )

    // A sentence of the saved page as archived, read back from the library.
    const archived = await readFile(join(temp.libraryDir, 'items', savedItem.id, 'content.html'), 'utf8')
    const paragraph = /<p[^>]*>([^<]{60,})</.exec(archived)![1].slice(0, 60)
    const secrets = [SAMPLE.para3Phrase, SAMPLE.title, note, itemNote, newTitle, savedItem.csl.title, paragraph, token, await connectorToken(token)]
    for (const text of [await logText(), verbose]) {
      for (const secret of secrets) expect(text).not.toContain(secret)
    }
  }, 90_000)

  it('notes a write that waited for another process, and the change that took over a second', async () => {
    expect((await cli('add', samplePath)).code).toBe(0)
    const device = (await readdir(join(temp.libraryDir, '.local')))[0]
    const catalogName = (await readdir(join(temp.libraryDir, '.local', device))).find((name) => /^catalog-v\d+\.sqlite$/.test(name))!
    // Another process in the middle of a write holds SQLite's write lock until the edit says it waits.
    const holder = new Database(join(temp.libraryDir, '.local', device, catalogName))
    holder.exec('BEGIN IMMEDIATE')
    const edit = spawn(process.execPath, [cliPath, '--library', temp.libraryDir, 'edit', SAMPLE.citekey, '--tag', 'korea'], { env: { ...process.env, ...env } })
    let stderr = ''
    edit.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      if (stderr.includes('Waiting for another Scriptorium process to finish saving…') && holder.inTransaction) holder.exec('COMMIT')
    })
    const code = await new Promise((resolve) => edit.once('exit', resolve))
    holder.close()
    expect(code).toBe(0)

    const lines = await logLines()
    const wait = lines.find((line) => line.event === 'lock-wait')
    expect(wait).toMatchObject({ level: 'info', process: 'cli', gaveUp: false })
    expect(wait!.waitedMs).toBeGreaterThan(1000)
    expect(lines.find((line) => line.event === 'operation' && line.method === 'updateItem')).toMatchObject({ level: 'info', outcome: 'ok' })
  }, 60_000)

  it('notes the conversion of a 0.1 library, without its quotes or notes', async () => {
    await cp(join(repoRoot, 'tests/fixtures/libraries/v1-library'), temp.libraryDir, { recursive: true })
    const catalog = JSON.parse(await readFile(join(temp.libraryDir, 'catalog.json'), 'utf8')) as { items: Record<string, unknown> }
    expect((await cli('list')).code).toBe(0)
    expect((await logLines()).find((line) => line.event === 'migration')).toMatchObject({ level: 'info', fromSchema: 1, toSchema: 2, items: Object.keys(catalog.items).length, notConverted: 0 })
    const text = await logText()
    for (const secret of ['een nieuw tijdperk van vrede', "Moon's words", 'Yonhap']) expect(text).not.toContain(secret)
  })

  it('notes what check --repair mended, by kind and id', async () => {
    const [item] = JSON.parse((await cli('add', '--json', samplePath)).stdout) as { id: string }[]
    await writeFile(join(temp.libraryDir, 'items', item.id, 'item.json.12345.deadbeef.tmp'), 'left by a killed writer')
    expect((await cli('check', '--repair')).code).toBe(0)
    expect((await logLines()).find((line) => line.event === 'repair')).toMatchObject({ level: 'warn', what: 'check-repair', kinds: ['leftover-temp'] })
  })

  it('costs no command when its folder cannot be written', async () => {
    const blocked = join(temp.dir, 'a-file')
    await writeFile(blocked, 'not a folder')
    const run = await runScriptorium(['--library', temp.libraryDir, 'add', samplePath], { env: { SCRIPTORIUM_LOG_DIR: join(blocked, 'logs') } })
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
  })

  it('is named by --help', async () => {
    const help = await cli('--help')
    expect(help.stdout).toContain(`Logs: ${logDir}`)
    expect(help.stdout).toContain('--verbose')
  })
})
