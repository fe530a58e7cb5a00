import { execFileSync, spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createArchiveService } from '../electron/core/archiveService'
import { readArticleStructure } from '../electron/core/readArticleStructure'
import { ftsSearch } from '../electron/node/library/ftsSearchBinding'
import { createLibraryStore } from '../electron/node/library/libraryStore'
import { ENGINE_CHILD_FLAG } from './childFlags'
import { fakeArticle } from './fakeArticle'
import { summarize } from './summarize'
import { timeRuns } from './timeRuns'
import { measureOrganize } from './organizeBench'

export interface EngineRow {
  size: number
  operation: string
  median: number
  p95: number
  unit?: string
  target?: number
  /** A ratio row (search while importing ÷ idle): its target is a factor. */
  ratio?: boolean
}

const RUNS = 25
const COLD_RUNS = 7
const QUERIES = ['market', 'peace agreement', 'secu*', '"the border"', 'author:jansen treaty', 'year:2001..2010 climate']

/** The child side: opens the library in this new process and prints what the parent asked to time. */
export async function engineChild(what: string, dir: string): Promise<void> {
  const store = createLibraryStore(dir, { search: ftsSearch })
  const api = createArchiveService({ store, readSample: () => Promise.reject(new Error('no sample in the bench')) })
  if (what === 'first-rows') {
    const rows = await api.listItems({ limit: 100 })
    if (rows.length !== 100) throw new Error(`listed ${rows.length} rows`)
    process.stdout.write(String(performance.now()))
  } else if (what === 'all-rows') {
    const rows = await api.listItems({})
    if (!rows.length) throw new Error('listed no rows')
    process.stdout.write(String(performance.now()))
  } else if (what === 'first-search') {
    const results = await api.search({ query: 'peace' })
    if (!results.hits.length) throw new Error('found nothing')
    process.stdout.write(String(performance.now()))
  } else if (what === 'heap') {
    await api.listItems({ limit: 100 })
    for (const query of QUERIES) await api.search({ query })
    globalThis.gc?.()
    process.stdout.write(String(process.memoryUsage().heapUsed / 1024 / 1024))
  }
  store.close()
}

function child(what: string, dir: string): number {
  return Number(execFileSync(process.execPath, ['--expose-gc', process.argv[1], ENGINE_CHILD_FLAG, what, dir], { encoding: 'utf8' }))
}

/**
 * The library engine on a library of `size` articles of about 600 words, written in the on-disk
 * layout and then opened once, which builds this machine's catalog and index from the records.
 */
export async function measureEngine(size: number, buildLibrary: (dir: string, size: number) => Promise<string[]>, cli: string): Promise<EngineRow[]> {
  // SCRIPTORIUM_BENCH_LIBRARY names a library a run already built (and kept): its rebuild is not measured again.
  const kept = process.env.SCRIPTORIUM_BENCH_LIBRARY
  const dir = kept ?? (await mkdtemp(join(tmpdir(), `scriptorium-engine-${size}-`)))
  const rows: EngineRow[] = []
  const row = (operation: string, samples: number[], extra: Partial<EngineRow> = {}) => rows.push({ size, operation, ...summarize(samples), ...extra })
  try {
    let start = performance.now()
    const ids = kept ? (await readdir(join(dir, 'items'))).sort() : await buildLibrary(dir, size)
    if (!kept) process.stderr.write(`wrote ${size} item records in ${((performance.now() - start) / 1000).toFixed(1)} s\n`)

    start = performance.now()
    // As the app opens it: a change of many items indexes their words right after it answers.
    const store = createLibraryStore(dir, { search: ftsSearch, indexInBackground: true })
    const api = createArchiveService({ store, readSample: () => Promise.reject(new Error('no sample in the bench')) })
    await api.getLibraryInfo({})
    const catalogSeconds = (performance.now() - start) / 1000
    start = performance.now()
    await store.indexQueued()
    const indexSeconds = (performance.now() - start) / 1000
    if (!kept) {
      rows.push({ size, operation: 'rebuild: catalog from the records (s)', median: catalogSeconds, p95: NaN, unit: 's' })
      rows.push({ size, operation: 'rebuild: full-text index from the records (s)', median: indexSeconds, p95: NaN, unit: 's' })
    }

    row('cold open to the first 100 list rows (new process)', Array.from({ length: COLD_RUNS }, () => child('first-rows', dir)), { target: 500 })
    row('cold open to the whole list (new process)', Array.from({ length: 3 }, () => child('all-rows', dir)))
    row('cold start to the first search result (new process)', Array.from({ length: COLD_RUNS }, () => child('first-search', dir)), { target: 300 })
    row('heap of an open library after searching (MB)', Array.from({ length: 3 }, () => child('heap', dir)), { target: 400, unit: 'MB' })

    row('metadata edit, persisted and indexed', await timeRuns(RUNS, (run) => api.updateItem({ id: ids[(run * 7919) % ids.length], patch: { title: `Edited title ${run}` } })), { target: 20 })
    const highlighted = ids[ids.length >> 1]
    const { text } = await readArticleStructure(await readFile(join(dir, 'items', highlighted, 'content.html'), 'utf8'))
    const highlight = (run: number) => {
      const from = text.indexOf(' ', (run * 97) % (text.length - 200)) + 1
      return api.addHighlight({ id: highlighted, quote: text.slice(from, text.indexOf(' ', from + 20)), start: from, end: text.indexOf(' ', from + 20) })
    }
    // The app answers once the highlight is on disk and queued; a reader highlights seconds apart, so
    // each run starts with the last one's words indexed. The next row is the same until they are.
    const persisted: number[] = []
    for (let run = 0; run < RUNS; run++) {
      await store.indexQueued()
      persisted.push(...(await timeRuns(1, () => highlight(run))))
    }
    row('highlight, persisted (its words indexed right after)', persisted, { target: 5 })
    row('highlight, until its words are indexed', await timeRuns(RUNS, async (run) => {
      await highlight(RUNS + run)
      await store.indexQueued()
    }))
    rows.push(...(await measureOrganize(api, ids, size, () => store.indexQueued(), () => store.mergeSearchIndex())))

    // Search while another process adds a .bib of 2,000 entries, against the same queries idle.
    const idle = await timeRuns(QUERIES.length * 10, (run) => api.search({ query: QUERIES[run % QUERIES.length] }))
    const bib = join(dir, '..', `engine-${size}.bib`)
    await writeFile(bib, Array.from({ length: 2000 }, (_, n) => {
      const article = fakeArticle(900_000 + n)
      return `@article{import${n},\n  author = {${article.authors.map((name) => `${name.family}, ${name.given}`).join(' and ')}},\n  title = {${article.title}},\n  journal = {${article.container}},\n  year = {${article.date[0]}}\n}\n`
    }).join('\n'))
    const importing = spawn(process.execPath, [cli, '--library', dir, 'add', bib], { stdio: 'ignore' })
    const finished = new Promise((resolve) => importing.on('exit', resolve))
    let done = false
    void finished.then(() => (done = true))
    const busy: number[] = []
    while (!done) {
      busy.push(...(await timeRuns(QUERIES.length, (run) => api.search({ query: QUERIES[run % QUERIES.length] }))))
      // Searches answer synchronously: let the event loop hear that the import ended.
      await new Promise((resolve) => setImmediate(resolve))
    }
    await finished
    const idleMedian = summarize(idle).median
    row('search p50 / p95, idle', idle, { target: 5 })
    row('search while a 2,000-entry .bib is added (another process)', busy)
    rows.push({ size, operation: 'search while adding ÷ idle (median)', median: summarize(busy).median / idleMedian, p95: NaN, target: 2, ratio: true })
    store.close()
    return rows
  } finally {
    if (!kept) await rm(dir, { recursive: true, force: true })
  }
}

/** The same CLI commands, a new process each, on a small and a large library: what a change costs should not grow with it. */
export async function measureCliScaling(sizes: [number, number], buildLibrary: (dir: string, size: number) => Promise<string[]>, cli: string): Promise<EngineRow[]> {
  const medians = new Map<string, number[]>()
  for (const size of sizes) {
    const dir = await mkdtemp(join(tmpdir(), `scriptorium-cli-${size}-`))
    try {
      const ids = await buildLibrary(dir, size)
      const run = (...args: string[]) => execFileSync(process.execPath, [cli, '--library', dir, ...args], { encoding: 'utf8' })
      // Opened once before, as a library in use is: the catalog and index exist.
      run('search', '--json', 'peace')
      const commands: [string, (n: number) => string[]][] = [
        ['show', (n) => ['show', ids[n]]],
        ['edit --title', (n) => ['edit', ids[n], '--title', `Edited ${n}`]],
        ['highlight', (n) => ['highlight', ids[n], '--quote', fakeArticle(n).body.split('\n').find((line) => line.split(' ').length > 20)!.split(' ').slice(5, 8).join(' ')]],
        ['search', () => ['search', 'peace agreement', '--limit', '5']],
      ]
      for (const [name, args] of commands) {
        const samples = await timeRuns(5, async (n) => run(...args(n)))
        medians.set(name, [...(medians.get(name) ?? []), summarize(samples).median])
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
  return [...medians].map(([name, [small, large]]) => ({ size: sizes[1], operation: `scriptorium ${name} at ${sizes[1].toLocaleString('en')} ÷ at ${sizes[0]} (${small.toFixed(0)} → ${large.toFixed(0)} ms)`, median: large / small, p95: NaN, target: 1.5, ratio: true }))
}

export function printEngineTable(rows: EngineRow[]): void {
  const format = (value: number, row: EngineRow) => (Number.isNaN(value) ? '' : row.ratio ? `${value.toFixed(2)}×` : value.toFixed(value < 10 ? 2 : 0))
  const lines = [
    ['items', 'library engine', 'median', 'p95', 'target', 'verdict'],
    ...rows.map((row) => [
      row.size.toLocaleString('en'),
      row.operation,
      format(row.median, row),
      format(row.p95, row),
      row.target === undefined ? '' : row.ratio ? `≤ ${row.target}×` : `≤ ${row.target} ${row.unit ?? 'ms'}`,
      row.target === undefined ? '' : row.median <= row.target ? 'met' : 'MISSED',
    ]),
  ]
  const widths = lines[0].map((_, column) => Math.max(...lines.map((line) => line[column].length)))
  for (const line of lines) console.log(line.map((cell, column) => cell.padEnd(widths[column])).join('  '))
}
