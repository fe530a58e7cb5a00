import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import type { Item } from '../electron/core/archiveApi'
import { createArchiveService } from '../electron/core/archiveService'
import { countWords, renderArticleHtml } from '../electron/core/articleBlocks'
import { generateCitekey } from '../electron/core/generateCitekey'
import { splitBlocks } from '../electron/core/importPlainText'
import { readArticleStructure } from '../electron/core/readArticleStructure'
import { createLibraryStore, SCHEMA_VERSION, type Catalog } from '../electron/node/libraryStore'
import { COLD_OPEN_FLAG, FIRST_CITATION_FLAG, SEARCH_COLD_FLAG } from './childFlags'
import { measureReanchoring } from './reanchorBench'
import { fakeArticle } from './fakeArticle'
import { summarize } from './summarize'

// Loaded when used, so that a cold-open child does not also load citation-js, jsdom and SQLite.
const citationBench = () => import('./citationBench')
const captureBench = () => import('./captureBench')
const searchBench = () => import('./searchBench')
const cliHighlightBench = () => import('./cliHighlightBench')
const referenceAgreement = () => import('./referenceAgreement')

const SIZES = [1_000, 10_000]
const RUNS = 25
const COLD_RUNS = 10
const TARGETS_10K = { open: 300, edit: 60, highlight: 10 }
const REANCHOR_TARGET = 50

interface Row {
  size: number
  operation: string
  median: number
  p95: number
  target?: number
  /** The same work by the baseline named in the operation (raw citation-js), median ms. */
  baseline?: number
}

/** Writes a library in the on-disk layout directly: adding 10k items one by one would take minutes. */
async function buildLibrary(dir: string, size: number): Promise<string[]> {
  const items: Record<string, Item> = {}
  const keys = new Set<string>()
  for (let n = 0; n < size; n++) {
    const article = fakeArticle(n)
    const id = `B${n.toString(36).toUpperCase().padStart(7, '0')}`
    const blocks = splitBlocks(article.body)
    const csl = { id, type: article.type, title: article.title, author: article.authors, issued: { 'date-parts': [article.date] }, 'container-title': article.container, language: 'en', URL: article.url }
    const citekey = generateCitekey(csl, (key) => keys.has(key))
    keys.add(citekey)
    const stamp = new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString()
    items[id] = {
      id, citekey, csl, tags: article.tags, addedAt: stamp, modifiedAt: stamp, trashedAt: null,
      source: { fileName: `${citekey}.txt`, mediaType: 'text/plain', encoding: 'utf-8', byteLength: article.body.length },
      wordCount: countWords(blocks),
      paragraphCount: blocks.filter((block) => block.kind === 'paragraph').length,
    }
    const folder = join(dir, 'items', id)
    await mkdir(folder, { recursive: true })
    await writeFile(join(folder, 'content.html'), renderArticleHtml(blocks))
    await writeFile(join(folder, 'source.txt'), article.body)
  }
  const catalog: Catalog = { schemaVersion: SCHEMA_VERSION, items }
  await writeFile(join(dir, 'catalog.json'), JSON.stringify(catalog, null, 2))
  return Object.keys(items)
}

function serviceFor(dir: string, warmCitations = false) {
  return createArchiveService({ store: createLibraryStore(dir), readSample: () => Promise.reject(new Error('no sample in the bench')), warmCitations })
}

async function measure(size: number): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), `scriptorium-bench-${size}-`))
  try {
    const built = performance.now()
    const ids = await buildLibrary(dir, size)
    process.stderr.write(`built a library of ${size} items in ${((performance.now() - built) / 1000).toFixed(1)} s\n`)

    // A new process each time: module loading, catalog read and parse, up to the first list.
    const coldOpens: number[] = []
    for (let run = 0; run < COLD_RUNS; run++) {
      coldOpens.push(Number(execFileSync(process.execPath, [process.argv[1], COLD_OPEN_FLAG, dir], { encoding: 'utf8' })))
    }

    const opens: number[] = []
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now()
      const items = await serviceFor(dir).listItems({})
      opens.push(performance.now() - start)
      if (items.length !== size) throw new Error(`expected ${size} items, listed ${items.length}`)
    }

    const service = serviceFor(dir)
    await service.listItems({})
    const edits: number[] = []
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now()
      await service.updateItem({ id: ids[(run * 7919) % ids.length], patch: { title: `Edited title ${run}` } })
      edits.push(performance.now() - start)
    }
    // Highlights on one article: the first parses its text, later ones reuse it, as reading does.
    const highlighted = ids[ids.length >> 1]
    const { text } = await readArticleStructure(await readFile(join(dir, 'items', highlighted, 'content.html'), 'utf8'))
    const highlights: number[] = []
    for (let run = 0; run < RUNS; run++) {
      const start = text.indexOf(' ', (run * 97) % (text.length - 200)) + 1
      const end = text.indexOf(' ', start + 20)
      const began = performance.now()
      await service.addHighlight({ id: highlighted, quote: text.slice(start, end), start, end })
      highlights.push(performance.now() - began)
    }
    const target = (value: number) => (size === 10_000 ? value : undefined)
    const citations = size === 10_000 ? await (await citationBench()).measureCitations(service, dir) : []
    return [
      { size, operation: 'cold open to first list (new process, from its start)', ...summarize(coldOpens), target: target(TARGETS_10K.open) },
      { size, operation: 'reopen to first list (same process)', ...summarize(opens) },
      { size, operation: 'metadata edit, persisted', ...summarize(edits), target: target(TARGETS_10K.edit) },
      { size, operation: 'add a highlight, persisted', ...summarize(highlights), target: target(TARGETS_10K.highlight) },
      ...citations.map((row) => ({ size, ...row })),
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function printTable(rows: Row[]): void {
  const lines = [
    ['items', 'operation', 'median ms', 'p95 ms', 'target (median)', 'verdict', 'raw citation-js ms', 'ours / raw'],
    ...rows.map((row) => [
      row.size > 1 ? row.size.toLocaleString('en') : '',
      row.operation,
      row.median.toFixed(1),
      Number.isNaN(row.p95) ? '' : row.p95.toFixed(1),
      row.target ? `≤ ${row.target} ms` : '',
      row.target ? (row.median <= row.target ? 'met' : 'MISSED') : '',
      row.baseline !== undefined ? row.baseline.toFixed(1) : '',
      row.baseline !== undefined ? (row.median / row.baseline).toFixed(2) : '',
    ]),
  ]
  const widths = lines[0].map((_, column) => Math.max(...lines.map((line) => line[column].length)))
  for (const line of lines) console.log(line.map((cell, column) => cell.padEnd(widths[column])).join('  '))
}

/** The child side of a cold open: prints the milliseconds from this process's start to its first list. */
async function coldOpen(dir: string): Promise<void> {
  const items = await serviceFor(dir).listItems({})
  if (!items.length) throw new Error('the library listed no items')
  process.stdout.write(String(performance.now()))
}

const SEARCH_SIZES = [10_000, 100_000]

if (process.argv[2] === COLD_OPEN_FLAG) await coldOpen(process.argv[3])
else if (process.argv[2] === FIRST_CITATION_FLAG) await (await citationBench()).firstCitation(process.argv[3], process.argv[4], process.argv[5], serviceFor)
else if (process.argv[2] === '--citations') {
  // Only the citation rows, on a library of 10,000 items.
  const dir = await mkdtemp(join(tmpdir(), 'scriptorium-bench-citations-'))
  try {
    await buildLibrary(dir, 10_000)
    printTable((await (await citationBench()).measureCitations(serviceFor(dir), dir)).map((row) => ({ size: 10_000, ...row })))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
} else if (process.argv[2] === '--references') {
  const { measureReferenceAgreement, printAgreementTable } = await referenceAgreement()
  printAgreementTable(await measureReferenceAgreement(fileURLToPath(new URL('../../tests/fixtures/references/real/', import.meta.url))))
} else if (process.argv[2] === '--capture') printTable((await (await captureBench()).measureCapture()).map((row) => ({ size: 1, ...row })))
else if (process.argv[2] === SEARCH_COLD_FLAG) await (await searchBench()).searchColdStart(process.argv[3], process.argv[4], process.argv[5])
else if (process.argv[2] === '--search') {
  // Only the search bench, at the sizes given (10000 unless named).
  const sizes = process.argv.slice(3).map(Number)
  const rows: string[][] = []
  for (const size of sizes.length ? sizes : [10_000]) rows.push(...(await (await searchBench()).measureSearch(size)))
  const { printSearchTable } = await searchBench()
  printSearchTable(rows)
} else if (process.argv[2] === '--cli-highlight') {
  // `scriptorium highlight` on a library of the size given (10000 unless named), by the built CLI or the CLI files named after it.
  const size = Number(process.argv[3] ?? 10_000)
  const { measureCliHighlight, printCliHighlightTable } = await cliHighlightBench()
  printCliHighlightTable(await measureCliHighlight(size, buildLibrary, process.argv.length > 4 ? process.argv.slice(4) : [fileURLToPath(new URL('../../bin/scriptorium.js', import.meta.url))]))
} else {
  const rows: Row[] = []
  for (const size of SIZES) rows.push(...(await measure(size)))
  const reanchor = await measureReanchoring()
  if (reanchor.anchored !== reanchor.total) throw new Error(`only ${reanchor.anchored} of ${reanchor.total} highlights re-anchored`)
  for (const row of await (await captureBench()).measureCapture()) rows.push({ size: 1, ...row })
  rows.push({ size: 1, operation: `re-anchor ${reanchor.total} highlights, 10,000-word edited article`, median: reanchor.median, p95: reanchor.p95, target: REANCHOR_TARGET })
  printTable(rows)
  console.log('')
  const searchRows: string[][] = []
  for (const size of SEARCH_SIZES) searchRows.push(...(await (await searchBench()).measureSearch(size)))
  const { printSearchTable } = await searchBench()
  printSearchTable(searchRows)
  console.log('')
  const { measureCliHighlight, printCliHighlightTable } = await cliHighlightBench()
  printCliHighlightTable(await measureCliHighlight(10_000, buildLibrary, [fileURLToPath(new URL('../../bin/scriptorium.js', import.meta.url))]))
}
