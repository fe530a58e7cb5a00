import { spawn, type ChildProcess } from 'node:child_process'
import { runScriptorium, type Run } from '../support/runScriptorium'
import { existsSync } from 'node:fs'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Item } from '../../electron/core/archiveApi'
import { readArticleStructure } from '../../electron/core/readArticleStructure'
import {
  cliPath,
  ID_PATTERN,
  ISO_PATTERN,
  makeReadOnly,
  repoRoot,
  SAMPLE,
  samplePath,
  snapshotTree,
  unprivilegedUser,
  useTempDir,
  type ReadOnlyProtection,
} from '../support/tempLibrary'

const HINT = 'Run "scriptorium --help" for usage.'
const EMPTY_LIBRARY = 'The library is empty. Add an article with: scriptorium add FILE\n'
const HEADER_ARTICLE = 'Title: De grens bij Kaesong\nAuthor: Jansen, Piet\nDate: 2018-09-14\n\nHet verbindingsbureau in Kaesong is vrijdag geopend door de twee landen.\n'

/** Runs the real command, as a user would, with no inherited library setting. */
const scriptorium = (args: string[], options: { env?: Record<string, string>; user?: { uid: number; gid: number } } = {}) => runScriptorium(args, options)

const temp = useTempDir()
let catalogPath: string
/** The command with --library pointing at this test's library. */
const cli = (...args: string[]) => scriptorium(['--library', temp.libraryDir, ...args])
const json = <T>(run: Run): T => {
  expect(run.stderr).toBe('')
  expect(run.code).toBe(0)
  return JSON.parse(run.stdout) as T
}

/** Adds the sample article; again and again when a test wants several (the same text is otherwise refused as a duplicate). */
async function addSample(): Promise<Item> {
  const [item] = json<Item[]>(await cli('add', '--json', '--allow-duplicate', samplePath))
  return item
}

beforeAll(() => {
  if (!existsSync(join(repoRoot, 'out', 'main', 'cli.js'))) throw new Error('Run "npm run build" before the CLI tests.')
})

beforeEach(async () => {
  catalogPath = join(temp.libraryDir, 'catalog.json')
})

describe('help and usage', () => {
  it('prints the usage with --help and exits 0', async () => {
    const run = await scriptorium(['--help'])
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
    expect(run.stdout.startsWith('Usage: scriptorium [--library DIR] [--json] COMMAND\n')).toBe(true)
    for (const command of ['add FILE...', 'list [--trash]', 'show ID', 'edit ID', 'delete ID', 'restore ID', 'serve [--port N]']) {
      expect(run.stdout).toContain(`  ${command}`)
    }
  })

  it('prints the usage and exits 2 without a command', async () => {
    const run = await cli()
    expect(run.code).toBe(2)
    expect(run.stdout).toContain('Usage: scriptorium')
  })

  it.each<[string[], string]>([
    [['frob'], 'Unknown command "frob".'],
    [['list', '--frob'], "Unknown option '--frob'."],
    [['-x', 'list'], "Unknown option '-x'."],
    [['list', '--title', 'x'], 'The option --title does not apply to "list".'],
    [['add', '--trash', 'x.txt'], 'The option --trash does not apply to "add".'],
    [['show', '--port', '1', 'X'], 'The option --port does not apply to "show".'],
    [['list', 'extra'], '"list" takes no arguments.'],
    [['show'], '"show" takes exactly one item ID.'],
    [['delete', 'A', 'B'], '"delete" takes exactly one item ID.'],
    [['restore'], '"restore" takes exactly one item ID.'],
    [['add'], '"add" needs at least one file.'],
    [['edit', 'X'], '"edit" needs at least one field to change, such as --title.'],
    [['edit', 'X', '--title'], "Option '--title <value>' argument missing."],
    [['serve', '--port', 'abc'], '--port must be a number from 0 to 65535, not "abc".'],
    [['serve', '--port', '70000'], '--port must be a number from 0 to 65535, not "70000".'],
    [['serve', 'now'], '"serve" takes no arguments.'],
  ])('refuses %j with exit 2 and a usage hint', async (args, message) => {
    const run = await cli(...args)
    expect(run).toEqual({ code: 2, stdout: '', stderr: `${message}\n${HINT}\n` })
    expect(existsSync(temp.libraryDir)).toBe(false)
  })

  it('refuses a --type that is no CSL item type, listing the ones there are', async () => {
    const run = await cli('edit', 'X', '--type', 'blog')
    expect(run.code).toBe(2)
    expect(run.stderr.startsWith('--type "blog" is not a CSL item type; use one of: article, article-journal, article-magazine,')).toBe(true)
    expect(run.stderr).toContain(', post-weblog, ')
    expect(run.stderr.endsWith(`, webpage.\n${HINT}\n`)).toBe(true)
  })
})

describe('an empty library', () => {
  it('says so, in words and in JSON, and is not created by looking', async () => {
    expect(await cli('list')).toEqual({ code: 0, stdout: EMPTY_LIBRARY, stderr: '' })
    expect(json(await cli('list', '--json'))).toEqual([])
    expect(await cli('list', '--trash')).toEqual({ code: 0, stdout: 'The trash is empty.\n', stderr: '' })
    expect(json(await cli('list', '--trash', '--json'))).toEqual([])
    expect(existsSync(temp.libraryDir)).toBe(false)
  })
})

describe('adding', () => {
  it('adds the sample article and says what it added', async () => {
    const run = await cli('add', samplePath)
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
    const match = /^Added (\S+) (\S+): (.+)\n$/.exec(run.stdout)
    expect(match).not.toBeNull()
    const [, id, citekey, title] = match!
    expect(id).toMatch(ID_PATTERN)
    expect(citekey).toBe(SAMPLE.citekey)
    expect(title).toBe(SAMPLE.title)
    expect(json<Item[]>(await cli('list', '--json')).map((item) => item.id)).toEqual([id])
  })

  it('prints the added items as JSON with --json', async () => {
    const headerFile = join(temp.dir, 'kaesong.txt')
    await writeFile(headerFile, HEADER_ARTICLE)
    const items = json<Item[]>(await cli('add', '--json', samplePath, headerFile))
    expect(items).toHaveLength(2)
    expect(items[0]).toMatchObject({
      citekey: SAMPLE.citekey,
      csl: { title: SAMPLE.title, issued: { 'date-parts': [[2018, 9]] }, language: 'nl', type: 'article' },
      tags: [],
      trashedAt: null,
    })
    expect(items[1]).toMatchObject({
      citekey: 'jansen2018grens',
      csl: { title: 'De grens bij Kaesong', author: [{ family: 'Jansen', given: 'Piet' }], issued: { 'date-parts': [[2018, 9, 14]] }, type: 'article' },
      tags: [],
    })
    for (const item of items) {
      expect(item.id).toMatch(ID_PATTERN)
      expect(item.addedAt).toMatch(ISO_PATTERN)
      expect(item.modifiedAt).toMatch(ISO_PATTERN)
    }
    expect(json<Item[]>(await cli('list', '--json')).map((item) => item.id).sort()).toEqual(items.map((item) => item.id).sort())
  })

  it('finds the library through SCRIPTORIUM_LIBRARY, and --library wins over it', async () => {
    const added = await scriptorium(['add', samplePath], { env: { SCRIPTORIUM_LIBRARY: temp.libraryDir } })
    expect(added.code).toBe(0)
    expect(added.stdout).toMatch(new RegExp(`^Added \\S+ ${SAMPLE.citekey}: `))
    expect(existsSync(join(temp.libraryDir, 'library.json'))).toBe(true)
    const viaEnv = json<Item[]>(await scriptorium(['list', '--json'], { env: { SCRIPTORIUM_LIBRARY: temp.libraryDir } }))
    expect(viaEnv).toHaveLength(1)
    expect(json(await cli('list', '--json'))).toEqual(viaEnv)

    const otherDir = join(temp.dir, 'other')
    expect(await scriptorium(['--library', otherDir, 'list'], { env: { SCRIPTORIUM_LIBRARY: temp.libraryDir } })).toEqual({
      code: 0,
      stdout: EMPTY_LIBRARY,
      stderr: '',
    })
  })

  it('refuses a binary, an empty, a missing, a folder and a 50 MB file by name, and still adds the good one', async () => {
    const binary = join(temp.dir, 'picture.png')
    const empty = join(temp.dir, 'empty.txt')
    const missing = join(temp.dir, 'missing.txt')
    const folder = join(temp.dir, 'folder.txt')
    const big = join(temp.dir, 'big.txt')
    await writeFile(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]))
    await writeFile(empty, '')
    await mkdir(folder)
    await writeFile(big, Buffer.alloc(50 * 1024 * 1024, 'a'))

    const run = await cli('add', binary, empty, samplePath, missing, folder, big)
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(new RegExp(`^Added \\S+ ${SAMPLE.citekey}: ${SAMPLE.title}\\n$`))
    expect(run.stderr.split('\n').sort()).toEqual(
      [
        '',
        `Could not read ${missing}: there is no such file.`,
        `Could not read ${folder}: it is a folder, not a file.`,
        `${binary} is a binary file, not text.`,
        `${empty} is empty.`,
        `${big} is too large to import (50.0 MB); the limit is 16 MB per file.`,
      ].sort(),
    )
    const items = json<Item[]>(await cli('list', '--json'))
    expect(items.map((item) => item.citekey)).toEqual([SAMPLE.citekey])
  })

  it('keeps every item that parallel commands report as added', async () => {
    const runs = await Promise.all(Array.from({ length: 6 }, () => cli('add', '--allow-duplicate', samplePath)))
    const reported = runs.flatMap((run) => [...run.stdout.matchAll(/^Added (\S+) /gm)].map((match) => match[1]))
    // A command that waited for another's write says so, and nothing else.
    for (const run of runs) if (run.code === 0) expect(run.stderr).toMatch(/^(Waiting for another Scriptorium process to finish saving…\n)?$/)
    const items = json<Item[]>(await cli('list', '--json'))
    const ids = items.map((item) => item.id)
    expect(ids).toEqual(expect.arrayContaining(reported))
    expect(new Set(items.map((item) => item.citekey)).size).toBe(items.length)
    // No item folder is left without a catalog entry.
    const folders = [...(await snapshotTree(join(temp.libraryDir, 'items'))).keys()].filter((path) => /^[^/]+\/$/.test(path))
    expect(folders.map((path) => path.slice(0, -1)).sort()).toEqual([...ids].sort())
  })

  it('exits 1 when no file could be added', async () => {
    const missing = join(temp.dir, 'missing.txt')
    expect(await cli('add', missing)).toEqual({ code: 1, stdout: '', stderr: `Could not read ${missing}: there is no such file.\n` })
    expect(existsSync(temp.libraryDir)).toBe(false)
  })
})

describe('showing, editing, deleting and restoring', () => {
  it('shows an item by id or citekey, in words and in JSON', async () => {
    const item = await addSample()
    const expected = [
      `ID:        ${item.id}`,
      `Citekey:   ${SAMPLE.citekey}`,
      `Title:     ${SAMPLE.title}`,
      'Date:      2018-09',
      'Type:      article',
      'Language:  nl',
      `Words:     ${item.wordCount} in ${item.paragraphCount} paragraphs`,
      `Source:    ${SAMPLE.fileName} (utf-8)`,
      `Added:     ${item.addedAt}`,
      `Modified:  ${item.modifiedAt}`,
      '',
    ].join('\n')
    expect(await cli('show', item.id)).toEqual({ code: 0, stdout: expected, stderr: '' })
    expect(await cli('show', SAMPLE.citekey)).toEqual({ code: 0, stdout: expected, stderr: '' })
    expect(json(await cli('show', item.id, '--json'))).toEqual({ ...item, highlights: [], notes: [] })
  })

  it('edits every metadata field', async () => {
    const item = await addSample()
    const run = await cli(
      'edit', item.id,
      '--title', 'Verbindingsbureau geopend',
      '--author', 'Jansen, Piet',
      '--author', 'NOS',
      '--date', '2018-09-14',
      '--container', 'NOS Nieuws',
      '--url', 'https://x.nl',
      '--type', 'article-newspaper',
      '--language', 'nl',
      '--tag', 'a',
      '--tag', 'b',
    )
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
    expect(run.stdout.startsWith(`Updated ${item.id}.\nID:        ${item.id}\n`)).toBe(true)
    for (const line of [
      'Title:     Verbindingsbureau geopend',
      'Authors:   Jansen, Piet; NOS',
      'Date:      2018-09-14',
      'Container: NOS Nieuws',
      'URL:       https://x.nl',
      'Type:      article-newspaper',
      'Language:  nl',
      'Tags:      a, b',
    ]) {
      expect(run.stdout).toContain(`\n${line}\n`)
    }

    const shown = json<Item>(await cli('show', item.id, '--json'))
    expect(shown.csl).toEqual({
      id: item.id,
      type: 'article-newspaper',
      title: 'Verbindingsbureau geopend',
      author: [{ family: 'Jansen', given: 'Piet' }, { literal: 'NOS' }],
      issued: { 'date-parts': [[2018, 9, 14]] },
      'container-title': 'NOS Nieuws',
      URL: 'https://x.nl',
      language: 'nl',
    })
    expect(shown.tags).toEqual(['a', 'b'])
    expect(shown.citekey).toBe(item.citekey)
    expect(shown.addedAt).toBe(item.addedAt)
  })

  it('refuses an invalid edit with exit 1 and changes nothing', async () => {
    const item = await addSample()
    const before = await snapshotTree(temp.libraryDir)
    expect(await cli('edit', item.id, '--date', '2018-13')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'The date "2018-13" is not a real date of the form YYYY, YYYY-MM or YYYY-MM-DD.\n',
    })
    expect(await cli('edit', item.id, '--url', 'javascript:alert(1)')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'The URL "javascript:alert(1)" is not an http or https address.\n',
    })
    expect(await cli('edit', item.id, '--title', ' ')).toEqual({ code: 1, stdout: '', stderr: 'The title cannot be empty.\n' })
    const malformed = await cli('edit', item.id, '--date', '14-09-2018')
    expect(malformed.code).toBe(1)
    expect(malformed.stderr).toContain('YYYY, YYYY-MM or YYYY-MM-DD')
    expect(await snapshotTree(temp.libraryDir)).toEqual(before)
  })

  it('moves an item to the trash and back', async () => {
    const item = await addSample()
    expect(await cli('delete', item.id)).toEqual({
      code: 0,
      stdout: `Moved ${item.id} "${SAMPLE.title}" to the trash. Undo with: scriptorium restore ${item.id}\n`,
      stderr: '',
    })
    expect(json(await cli('list', '--json'))).toEqual([])
    expect(await cli('list')).toEqual({ code: 0, stdout: EMPTY_LIBRARY, stderr: '' })
    const trash = json<Item[]>(await cli('list', '--trash', '--json'))
    expect(trash.map((entry) => entry.id)).toEqual([item.id])
    expect(trash[0].trashedAt).toMatch(ISO_PATTERN)
    const table = await cli('list', '--trash')
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+CITEKEY\s+DATE\s+AUTHORS\s+TITLE$/)
    expect(table.stdout.split('\n')[1]).toMatch(new RegExp(`^${item.id}\\s+${SAMPLE.citekey}\\s+2018-09\\s+—\\s+Noord-`))

    expect(await cli('restore', item.id)).toEqual({ code: 0, stdout: `Restored ${item.id} "${SAMPLE.title}".\n`, stderr: '' })
    expect(json<Item[]>(await cli('list', '--json')).map((entry) => ({ id: entry.id, trashedAt: entry.trashedAt }))).toEqual([
      { id: item.id, trashedAt: null },
    ])
    expect(json(await cli('list', '--trash', '--json'))).toEqual([])
  })

  it.each([['show'], ['delete'], ['restore'], ['edit', '--title', 'T']])(
    'answers "%s" of an unknown id with one sentence and exit 1',
    async (command, ...options) => {
      await addSample()
      expect(await cli(command, 'NOPE', ...options)).toEqual({ code: 1, stdout: '', stderr: 'There is no item with id "NOPE".\n' })
    },
  )
})

describe('a library it cannot use', () => {
  it('refuses a damaged catalog with exit 1 and leaves its bytes alone', async () => {
    await mkdir(temp.libraryDir)
    const damaged = '{"schemaVersion": 1, "items": {'
    await writeFile(catalogPath, damaged)
    const damagedMessage = new RegExp(
      `^The library catalog ${catalogPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is damaged \\(not valid JSON: [^\\n]+\\); Scriptorium left it untouched\\. Restore it from a backup, or move it aside to start a new catalog\\.\\n$`,
    )
    for (const args of [['list'], ['add', samplePath], ['edit', 'ABCDEFGH', '--title', 'T'], ['delete', 'ABCDEFGH'], ['show', 'ABCDEFGH']]) {
      const run = await cli(...args)
      expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code: 1, stdout: '' })
      expect(run.stderr).toMatch(damagedMessage)
    }
    expect(await readFile(catalogPath, 'utf8')).toBe(damaged)
    expect(existsSync(join(temp.libraryDir, 'items'))).toBe(false)
  })

  it('refuses a library of a newer Scriptorium with exit 1', async () => {
    await mkdir(temp.libraryDir)
    await writeFile(catalogPath, '{"schemaVersion": 99, "items": {}}')
    expect(await cli('add', samplePath)).toEqual({
      code: 1,
      stdout: '',
      stderr: `The library at ${catalogPath} was written by a newer Scriptorium (schema 99); update Scriptorium to open it.\n`,
    })
    expect(await readFile(catalogPath, 'utf8')).toBe('{"schemaVersion": 99, "items": {}}')
  })

  describe('read-only', () => {
    let protection: ReadOnlyProtection | undefined
    afterEach(async () => {
      await protection?.undo()
      protection = undefined
    })

    it('lists a read-only library but refuses changes with exit 1 and changes nothing', async (context) => {
      const item = await addSample()
      const before = await snapshotTree(temp.libraryDir)
      protection = await makeReadOnly(temp.libraryDir)
      // Without chattr or mount rights, root can still run the command as "nobody".
      const user = protection ? undefined : unprivilegedUser()
      if (!protection && !user) return context.skip('no way to make a folder read-only for root here, and "nobody" cannot read this checkout')
      if (user) {
        await chmod(temp.dir, 0o755)
        await chmod(temp.libraryDir, 0o755)
      }
      await context.annotate(`read-only by ${protection?.mechanism ?? `running as uid ${user!.uid}`}`)
      const run = (...args: string[]) => scriptorium(['--library', temp.libraryDir, ...args], { user })

      expect(json<Item[]>(await run('list', '--json')).map((entry) => entry.id)).toEqual([item.id])
      const catalogRefusal = `Scriptorium could not write to the library at ${temp.libraryDir}: the library folder is read-only.\n`
      expect(await run('add', samplePath, '--allow-duplicate')).toEqual({ code: 1, stdout: '', stderr: catalogRefusal })
      expect(await run('edit', item.id, '--title', 'T')).toEqual({ code: 1, stdout: '', stderr: catalogRefusal })
      expect(await run('delete', item.id)).toEqual({ code: 1, stdout: '', stderr: catalogRefusal })
      expect(await snapshotTree(temp.libraryDir)).toEqual(before)
    })
  })
})

describe('serve', () => {
  let child: ChildProcess | undefined
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    child = undefined
  })

  it('serves the app on 127.0.0.1 with a token, and stops cleanly on SIGTERM', async () => {
    await addSample()
    const baseEnv = { ...process.env }
    delete baseEnv.SCRIPTORIUM_LIBRARY
    const server = spawn(process.execPath, [cliPath, '--library', temp.libraryDir, 'serve', '--port', '0'], { cwd: repoRoot, env: baseEnv })
    child = server
    let stdout = ''
    let stderr = ''
    server.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      server.on('exit', (code, signal) => resolve({ code, signal })),
    )
    const address = await new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve printed no address; stdout: ${stdout} stderr: ${stderr}`)), 15000)
      server.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk
        const match = /^Open (http:\/\/127\.0\.0\.1:(\d+)\/#token=([0-9a-f]{64}))$/m.exec(stdout)
        if (match && stdout.includes('Press Ctrl+C to stop.\n')) {
          clearTimeout(timer)
          resolve(match)
        }
      })
      server.on('exit', () => reject(new Error(`serve exited early; stderr: ${stderr}`)))
    })
    const [, , port, token] = address
    expect(stdout).toBe(
      `Scriptorium is serving the library at ${temp.libraryDir}\nOpen http://127.0.0.1:${port}/#token=${token}\nThe browser extension finds Scriptorium on port ${port}; approve its pairing code with: scriptorium pair approve CODE\nPress Ctrl+C to stop.\n`,
    )

    const page = await fetch(`http://127.0.0.1:${port}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(await page.text()).toContain('<div id="app"></div>')

    const listed = await fetch(`http://127.0.0.1:${port}/api/listItems`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{}',
    })
    const envelope = (await listed.json()) as { ok: boolean; value: Item[] }
    expect(envelope.ok).toBe(true)
    expect(envelope.value.map((item) => item.citekey)).toEqual([SAMPLE.citekey])
    const refused = await fetch(`http://127.0.0.1:${port}/api/listItems`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
    expect(refused.status).toBe(401)

    server.kill('SIGTERM')
    expect(await exited).toEqual({ code: 0, signal: null })
    expect(stderr).toBe('')
  })

  it('names the port when it is taken', async () => {
    const { createServer } = await import('node:net')
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    try {
      expect(await cli('serve', '--port', String(port))).toEqual({
        code: 1,
        stdout: '',
        stderr: `Port ${port} is already in use; choose another with --port.\n`,
      })
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
  })
})

describe('highlights and notes', () => {
  it('highlights the sample quote in paragraph 3, with straight quotes matching curly ones', async () => {
    const item = await addSample()
    const run = await cli('highlight', item.id, '--quote', '"een nieuw tijdperk van vrede"', '--note', 'The *key* phrase', '--color', 'blue', '--json')
    expect(run.code).toBe(0)
    const highlight = json<Record<string, unknown>>(run)
    expect(highlight).toMatchObject({ quote: '“een nieuw tijdperk van vrede”', paragraph: 3, heading: null, color: 'blue', note: 'The *key* phrase', orphan: false })
    // The selectors address the archived text, as the reader's DOM shows it.
    const { text } = await readArticleStructure(await readFile(join(temp.libraryDir, 'items', item.id, 'content.html'), 'utf8'))
    const [quote, position] = (highlight.target as { selector: [Record<string, string>, Record<string, number>] }).selector
    expect(quote.type).toBe('TextQuoteSelector')
    expect(position.type).toBe('TextPositionSelector')
    expect(text.slice(position.start, position.end)).toBe('“een nieuw tijdperk van vrede”')
    expect(quote.exact).toBe('“een nieuw tijdperk van vrede”')
    expect(quote.prefix).toBe(text.slice(position.start - 32, position.start))
    expect(quote.suffix).toBe(text.slice(position.end, position.end + 32))
    expect(quote.prefix.endsWith('kondigde ')).toBe(true)
    const shown = json<{ highlights: Record<string, unknown>[] }>(await cli('show', item.id, '--json'))
    expect(shown.highlights.map(({ id, quote, paragraph, heading, color, note, target }) => ({ id, quote, paragraph, heading, color, note, target }))).toEqual([
      { id: highlight.id, quote: highlight.quote, paragraph: 3, heading: null, color: 'blue', note: 'The *key* phrase', target: highlight.target },
    ])
  })

  it('refuses a quote that is not in the text, and an ambiguous one, saying how often it occurs', async () => {
    const item = await addSample()
    expect(await cli('highlight', item.id, '--quote', 'vrede en oorlog')).toEqual({ code: 1, stdout: '', stderr: 'The quote "vrede en oorlog" is not in the text of this article.\n' })
    expect(await cli('highlight', item.id, '--quote', "zo'n")).toEqual({
      code: 1,
      stdout: '',
      stderr: `The quote "zo'n" occurs 2 times in the text; say which with an occurrence (1 to 2), a prefix or a suffix.\n`,
    })
    const second = json<{ paragraph: number }>(await cli('highlight', item.id, '--quote', "zo'n", '--occurrence', '2', '--json'))
    expect(second.paragraph).toBe(3)
    const bySuffix = json<{ paragraph: number }>(await cli('highlight', item.id, '--quote', "zo'n", '--suffix', ' twintig', '--json'))
    expect(bySuffix.paragraph).toBe(2)
    expect((await cli('highlight', item.id, '--quote', 'vrede', '--color', 'orange')).code).toBe(2)
  })

  it('adds a note, and exports both as Markdown and as JSON-LD that imports back', async () => {
    const item = await addSample()
    await cli('highlight', item.id, '--quote', 'een nieuw tijdperk van vrede', '--note', 'Cho speaks.')
    expect((await cli('note', item.id, 'Compare with the **Yonhap** report.')).stdout).toMatch(/^Added note \w{8}\.\n$/)
    const markdown = (await cli('annotations', item.id)).stdout
    expect(markdown).toContain('> een nieuw tijdperk van vrede\n> — para. 3 · Key point\n\nCho speaks.\n')
    expect(markdown).toContain('## Notes\n\nCompare with the **Yonhap** report.\n')
    const jsonld = (await cli('annotations', item.id, '--format', 'jsonld')).stdout
    const other = await addSample()
    const file = join(temp.dir, 'annotations.jsonld')
    await writeFile(file, jsonld)
    expect(await cli('import-annotations', other.id, file)).toEqual({ code: 0, stdout: 'Imported 2 annotations.\n', stderr: '' })
    expect(await cli('import-annotations', other.id, file)).toEqual({ code: 0, stdout: 'Imported 0 annotations; 2 were already there.\n', stderr: '' })
    const copied = json<{ highlights: { quote: string; paragraph: number; note: string }[]; notes: { note: string }[] }>(await cli('show', other.id, '--json'))
    expect(copied.highlights.map(({ quote, paragraph, note }) => ({ quote, paragraph, note }))).toEqual([{ quote: 'een nieuw tijdperk van vrede', paragraph: 3, note: 'Cho speaks.' }])
    expect(copied.notes.map(({ note }) => note)).toEqual(['Compare with the **Yonhap** report.'])
  })
})

describe('empty-trash', () => {
  it('asks for --yes before deleting for good, then deletes only what is in the trash', async () => {
    const kept = await addSample()
    const gone = await addSample()
    await cli('delete', gone.id)
    expect(await cli('empty-trash')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'This deletes 1 item in the trash for good; run "scriptorium empty-trash --yes" to do it.\n',
    })
    expect(json<Item[]>(await cli('list', '--trash', '--json')).map((item) => item.id)).toEqual([gone.id])
    expect(await cli('empty-trash', '--yes')).toEqual({ code: 0, stdout: 'Deleted 1 item for good.\n', stderr: '' })
    expect(json<Item[]>(await cli('list', '--json')).map((item) => item.id)).toEqual([kept.id])
    expect(await cli('empty-trash')).toEqual({ code: 0, stdout: 'The trash was already empty.\n', stderr: '' })
  })
})

describe('citation keys', () => {
  it('renames a key with edit --citekey, and refuses one that another item holds', async () => {
    const first = await addSample()
    const second = await addSample()
    expect(json<Item>(await cli('edit', second.id, '--citekey', 'yonhap2018', '--json')).citekey).toBe('yonhap2018')
    expect(json<Item>(await cli('show', 'yonhap2018', '--json')).id).toBe(second.id)
    expect(await cli('edit', first.id, '--citekey', 'yonhap2018')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'The citation key "yonhap2018" belongs to another item already.\n',
    })
  })
})
