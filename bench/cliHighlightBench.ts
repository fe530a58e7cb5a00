import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fakeArticle } from './fakeArticle'
import { summarize } from './summarize'

const RUNS = 5

/**
 * `scriptorium highlight` as a user runs it, a new process each time, on a library whose search
 * index is saved: the highlight must reach every process's index without the CLI paying for the
 * whole index. Each CLI given (the built one by default) is timed on the same library.
 */
export async function measureCliHighlight(size: number, buildLibrary: (dir: string, size: number) => Promise<string[]>, clis: string[]): Promise<string[][]> {
  const dir = await mkdtemp(join(tmpdir(), `scriptorium-cli-highlight-${size}-`))
  try {
    const ids = await buildLibrary(dir, size)
    const run = (cli: string, ...args: string[]) => execFileSync(process.execPath, [cli, '--library', dir, ...args], { encoding: 'utf8' })
    // The first search builds and saves the index, as it would have been long before.
    run(clis[0], 'search', 'the')
    const rows: string[][] = []
    let next = 0
    for (const cli of clis) {
      const timings: number[] = []
      let rewritten = 0
      for (let n = 0; n < RUNS; n++) {
        const number = next++
        // Three words of the article's own text, as a user would select them.
        const quote = fakeArticle(number).body.split('\n').find((line) => line.split(' ').length > 20)!.split(' ').slice(5, 8).join(' ')
        const before = (await stat(join(dir, 'index', 'search-index.json'))).mtimeMs
        const start = performance.now()
        run(cli, 'highlight', ids[number], '--quote', quote)
        timings.push(performance.now() - start)
        if ((await stat(join(dir, 'index', 'search-index.json'))).mtimeMs !== before) rewritten++
      }
      const { median, p95 } = summarize(timings)
      rows.push([size.toLocaleString('en'), cli, median.toFixed(0), p95.toFixed(0), `${rewritten} of ${RUNS}`])
    }
    const help = summarize(Array.from({ length: RUNS }, () => {
      const start = performance.now()
      run(clis[0], '--help')
      return performance.now() - start
    }))
    rows.push([size.toLocaleString('en'), `${clis[0]} --help (the process alone)`, help.median.toFixed(0), help.p95.toFixed(0), ''])
    return rows
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

export function printCliHighlightTable(rows: string[][]): void {
  const lines = [['articles', 'scriptorium highlight, new process', 'median ms', 'p95 ms', 'index file rewritten'], ...rows]
  const widths = lines[0].map((_, column) => Math.max(...lines.map((line) => line[column].length)))
  for (const line of lines) console.log(line.map((cell, column) => cell.padEnd(widths[column])).join('  '))
}
