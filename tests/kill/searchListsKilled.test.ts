import { spawn } from 'node:child_process'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SearchResults } from '../../electron/core/archiveApi'
import { parseSearchQuery } from '../../electron/core/search/parseSearchQuery'
import { impactTopK } from '../../electron/node/search'
import { ftsQueryFor } from '../../electron/node/search/ftsQueryFor'
import { catalogDatabaseOf } from '../support/libraryFiles'
import { runScriptorium } from '../support/runScriptorium'
import { cliPath, makeTempDir, repoRoot } from '../support/tempLibrary'

// A real bibliography (tests/fixtures/references/real/SOURCES.md): 100 entries, whose common title
// words get lists once the build is set small. A step reads 4 items: the build takes some 50 steps.
const BIB = join(repoRoot, 'tests', 'fixtures', 'references', 'real', 'biblatex-examples.bib')
const LISTS = 'from=20,minItems=8,keep=3,rows=4'
/** A page the small lists can prove. */
const LIMIT = 2

let temp: { dir: string; remove: () => Promise<void> }
let library = ''
beforeAll(async () => {
  temp = await makeTempDir('scriptorium-lists-')
  library = join(temp.dir, 'library')
})
afterAll(() => temp.remove())

const cli = async (...args: string[]) => {
  const run = await runScriptorium(['--library', library, ...args], { env: { SCRIPTORIUM_SEARCH_LISTS: LISTS } })
  expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' })
  return run
}
const search = async (query: string, limit = LIMIT) => JSON.parse((await cli('search', '--json', '--limit', String(limit), query)).stdout) as SearchResults

/** `serve` on the library, as the app runs it; resolves with how it ended: killed at the crash point, or stopped once `done` holds. */
function serve(env: Record<string, string>, done?: () => boolean): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, [cliPath, '--library', library, '--json', 'serve', '--port', '0'], {
    env: { ...process.env, SCRIPTORIUM_LIBRARY: '', SCRIPTORIUM_SEARCH_LISTS: LISTS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.resume()
  child.stderr.resume()
  const poll = done && setInterval(() => done() && child.kill('SIGTERM'), 100)
  return new Promise((resolve) => child.once('exit', (code, signal) => (clearInterval(poll), resolve({ code, signal }))))
}

/** What search_meta says of the lists, read as another process would. */
async function listsState(): Promise<{ built: boolean; build: { phase: string; next: number } | null; listed: string[] }> {
  const db = new Database(await catalogDatabaseOf(library), { readonly: true })
  try {
    const value = (key: string) => db.prepare('SELECT value FROM search_meta WHERE key = ?').pluck().get(key) as string | undefined
    const build = value('impact_build')
    return { built: value('impact_lists') !== undefined, build: build ? JSON.parse(build) : null, listed: db.prepare('SELECT term FROM search_impact_terms').pluck().all() as string[] }
  } finally {
    db.close()
  }
}

/** FTS5's own answer, straight from the catalog: each matching item's score, and how many match. */
async function ftsScores(query: string): Promise<Map<string, number>> {
  const db = new Database(await catalogDatabaseOf(library), { readonly: true })
  try {
    const rows = db
      .prepare('SELECT d.id AS id, -search_fts.rank AS score FROM search_fts JOIN search_docs d ON d.rowid = search_fts.rowid WHERE search_fts MATCH ? ORDER BY search_fts.rank')
      .all(ftsQueryFor(parseSearchQuery(query))) as { id: string; score: number }[]
    return new Map(rows.map((row) => [row.id, Number(row.score.toPrecision(4))]))
  } finally {
    db.close()
  }
}

/** The search answers as FTS5 ranks: the best scores, each hit with its own score, and the total. */
async function expectFtsAnswer(query: string): Promise<void> {
  const [results, scores] = [await search(query), await ftsScores(query)]
  expect(results.total).toBe(scores.size)
  expect(results.hits.map((hit) => hit.score)).toEqual([...scores.values()].slice(0, LIMIT))
  for (const hit of results.hits) expect(hit.score).toBe(scores.get(hit.id))
}

describe('the impact lists of a library, built by serve', () => {
  it('survive a kill in the middle of their build: the library opens, searches exactly, takes changes, and the build resumes', async () => {
    // Its @set entries are refused and its duplicates too (said on stderr); the rest is added.
    const added = await runScriptorium(['--library', library, 'add', BIB])
    expect(added.stdout).toMatch(/\d+/)
    // A one-shot command never builds them.
    expect(await listsState()).toMatchObject({ built: false, build: null })
    const words = ['the', 'and', 'of']

    // serve kills itself after its 30th step: past the sample, into the lists.
    expect(await serve({ SCRIPTORIUM_CRASH_AT: 'after-search-lists-step:30' })).toMatchObject({ signal: 'SIGKILL' })
    const killed = await listsState()
    expect(killed.built).toBe(false)
    expect(killed.build).toMatchObject({ phase: 'listing' })
    expect(killed.build!.next).toBeGreaterThan(0)
    expect(killed.listed).toEqual(expect.arrayContaining(words))
    for (const word of words) await expectFtsAnswer(`${word} `)

    // Changes on both sides of where the build stopped: an item it passed, one it has not reached, a delete.
    const hits = (await search('the ', 5)).hits
    const ids = hits.map((hit) => hit.id)
    await cli('edit', ids[0], '--title', 'The the the of the harbour')
    await cli('edit', ids.at(-1)!, '--title', 'And of the the in')
    await cli('delete', ids[1])
    for (const word of words) await expectFtsAnswer(`${word} `)

    // The next serve resumes from the marker and finishes; the searches, now through the lists, stay FTS5's.
    const catalog = await catalogDatabaseOf(library)
    const built = () => {
      const db = new Database(catalog, { readonly: true })
      try {
        return db.prepare("SELECT 1 FROM search_meta WHERE key = 'impact_lists'").get() !== undefined
      } finally {
        db.close()
      }
    }
    // Stopped once the lists are built: it ends cleanly on the first SIGTERM, or by a later one of the poll's if it is slow to.
    const stopped = await serve({}, built)
    expect(stopped.code === 0 || stopped.signal === 'SIGTERM', JSON.stringify(stopped)).toBe(true)
    expect(await listsState()).toMatchObject({ built: true, build: null })
    // And they answer: a page of the commonest word comes from its list.
    const db = new Database(catalog, { readonly: true })
    const parsed = parseSearchQuery('the ')
    expect(impactTopK(db, parsed, LIMIT, ftsQueryFor(parsed)!, { sql: 'd.trashed = 0', values: [] })).not.toBeNull()
    db.close()
    for (const word of words) await expectFtsAnswer(`${word} `)
    await cli('edit', ids[2], '--title', 'On the the of the harbour')
    for (const word of words) await expectFtsAnswer(`${word} `)
  }, 120_000)
})
