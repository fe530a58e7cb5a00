import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Item } from '../electron/core/archiveApi'
import { createArchiveService } from '../electron/core/archiveService'
import { countWords, renderArticleHtml } from '../electron/core/articleBlocks'
import { generateCitekey } from '../electron/core/generateCitekey'
import { splitBlocks } from '../electron/core/importPlainText'
import { createLibraryStore } from '../electron/node/library/libraryStore'
import { ftsSearch } from '../electron/node/library/ftsSearchBinding'
import { itemRecord } from '../electron/node/library/itemRecord'
import { LIBRARY_SCHEMA_VERSION } from '../electron/node/library/libraryLayout'
import { ENGINE_CHILD_FLAG, FIRST_CITATION_FLAG } from './childFlags'
import { measureReanchoring } from './reanchorBench'
import { fakeArticle } from './fakeArticle'

// Loaded when used, so that a cold-open child does not also load citation-js, jsdom and SQLite.
const citationBench = () => import('./citationBench')
const captureBench = () => import('./captureBench')
const syncBench = () => import('./syncBench')
const outsidePickupBench = () => import('./outsidePickupBench')
const searchBench = () => import('./searchBench')
const engineBench = () => import('./engineBench')
const referenceAgreement = () => import('./referenceAgreement')
const pdfBench = () => import('./pdfBench')
const connectorBench = () => import('./connectorBench')

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
  const ids: string[] = []
  const keys = new Set<string>()
  for (let n = 0; n < size; n++) {
    const article = fakeArticle(n)
    const id = `B${n.toString(36).toUpperCase().padStart(7, '0')}`
    const blocks = splitBlocks(article.body)
    const csl = { id, type: article.type, title: article.title, author: article.authors, issued: { 'date-parts': [article.date] }, 'container-title': article.container, language: 'en', URL: article.url }
    const citekey = generateCitekey(csl, (key) => keys.has(key))
    keys.add(citekey)
    const stamp = new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString()
    const item: Item = {
      id, citekey, csl, tags: article.tags, addedAt: stamp, modifiedAt: stamp, trashedAt: null,
      source: { fileName: `${citekey}.txt`, mediaType: 'text/plain', encoding: 'utf-8', byteLength: article.body.length },
      wordCount: countWords(blocks),
      paragraphCount: blocks.filter((block) => block.kind === 'paragraph').length,
    }
    const folder = join(dir, 'items', id)
    await mkdir(folder, { recursive: true })
    await writeFile(join(folder, 'content.html'), renderArticleHtml(blocks))
    await writeFile(join(folder, 'source.txt'), article.body)
    await writeFile(join(folder, 'item.json'), JSON.stringify(itemRecord(item, 1), null, 2))
    ids.push(id)
  }
  await writeFile(join(dir, 'library.json'), JSON.stringify({ format: 'scriptorium-library', schemaVersion: LIBRARY_SCHEMA_VERSION }))
  return ids
}

function serviceFor(dir: string, warmCitations = false) {
  return createArchiveService({ store: createLibraryStore(dir, { search: ftsSearch }), readSample: () => Promise.reject(new Error('no sample in the bench')), warmCitations })
}

/** The citation rows, on a library of 10,000 items. */
async function measureCitationsAt10k(): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), 'scriptorium-bench-citations-'))
  try {
    await buildLibrary(dir, 10_000)
    return (await (await citationBench()).measureCitations(serviceFor(dir), dir)).map((row) => ({ size: 10_000, ...row }))
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

// 100,000 articles fit this machine (2 cores, 24 GB): the engine and search rows are measured there.
const SEARCH_SIZES = [10_000, 100_000]
const ENGINE_SIZES = [10_000, 100_000]
const CLI_SIZES: [number, number] = [200, 20_000]
/** The library size of the row "pick up 1,000 items changed outside" (issue 15). */
const PICKUP_SIZE = 100_000
const cliPath = () => fileURLToPath(new URL('../../bin/scriptorium.js', import.meta.url))

if (process.argv[2] === ENGINE_CHILD_FLAG) await (await engineBench()).engineChild(process.argv[3], process.argv[4])
else if (process.argv[2] === FIRST_CITATION_FLAG) await (await citationBench()).firstCitation(process.argv[3], process.argv[4], process.argv[5], serviceFor)
else if (process.argv[2] === '--citations') {
  // Only the citation rows, on a library of 10,000 items.
  printTable(await measureCitationsAt10k())
} else if (process.argv[2] === '--health') {
  // Check and backups, at the sizes given (10000 unless named).
  const { measureHealth } = await import('./healthBench')
  for (const size of process.argv.slice(3).map(Number).filter(Boolean).length ? process.argv.slice(3).map(Number) : [10_000]) await measureHealth(size, buildLibrary)
} else if (process.argv[2] === '--references') {
  const { measureReferenceAgreement, printAgreementTable } = await referenceAgreement()
  printAgreementTable(await measureReferenceAgreement(fileURLToPath(new URL('../../tests/fixtures/references/real/', import.meta.url))))
} else if (process.argv[2] === '--lock') await (await import('./lockBench')).measureLockHolds()
else if (process.argv[2] === '--pdf') printTable((await (await pdfBench()).measurePdf()).map((row) => ({ size: 1, ...row })))
else if (process.argv[2] === '--capture') printTable((await (await captureBench()).measureCapture()).map((row) => ({ size: 1, ...row })))
else if (process.argv[2] === '--connector') printTable([{ size: 1, ...(await (await connectorBench()).measureConnectorSave()) }])
else if (process.argv[2] === '--sync') {
  // The merge row, and the pick-up of outside changes at the size given (100000 unless named).
  const size = Number(process.argv[3]) || PICKUP_SIZE
  printTable([await (await syncBench()).measureConflictMerge(), await (await outsidePickupBench()).measureOutsidePickup(size, buildLibrary)])
}
else if (process.argv[2] === '--search-profile') {
  // Where a search's time goes, by stage, on the index a --search run kept (SCRIPTORIUM_BENCH_SEARCH_DIR): --search-profile <size> [kind…].
  const dir = process.env.SCRIPTORIUM_BENCH_SEARCH_DIR
  if (!dir) throw new Error('--search-profile reads the index a --search run kept: set SCRIPTORIUM_BENCH_SEARCH_DIR.')
  const { profileSearch } = await import('./searchProfile')
  for (const line of profileSearch(dir, Number(process.argv[3]) || 10_000, process.argv.slice(4))) console.log(line)
} else if (process.argv[2] === '--search') {
  // Only the search bench, at the sizes given (10000 unless named).
  // Each size's table is printed as soon as it is measured: a large size takes many minutes.
  const sizes = process.argv.slice(3).map(Number)
  const { measureSearch, printSearchTable } = await searchBench()
  for (const size of sizes.length ? sizes : [10_000]) printSearchTable(await measureSearch(size))
} else if (process.argv[2] === '--organize') {
  // Only the rows of collections, tags and the table's filter, at the sizes given (10000 unless named).
  const { printEngineTable } = await engineBench()
  const { measureOrganize } = await import('./organizeBench')
  for (const size of process.argv.slice(3).map(Number).filter(Boolean).length ? process.argv.slice(3).map(Number) : [10_000]) {
    // SCRIPTORIUM_BENCH_LIBRARY_DIR keeps the library for a later run of the same size (building 100k takes minutes).
    const kept = process.env.SCRIPTORIUM_BENCH_LIBRARY_DIR ? join(process.env.SCRIPTORIUM_BENCH_LIBRARY_DIR, `organize-${size}`) : null
    const dir = kept ?? (await mkdtemp(join(tmpdir(), `scriptorium-organize-${size}-`)))
    try {
      const built = kept ? await readdir(join(kept, 'items')).catch(() => []) : []
      const ids = built.length === size ? built.sort() : await buildLibrary(dir, size)
      const store = createLibraryStore(dir, { search: ftsSearch, indexInBackground: true })
      const api = createArchiveService({ store, readSample: () => Promise.reject(new Error('no sample in the bench')) })
      await api.getLibraryInfo({})
      await store.indexQueued()
      printEngineTable(await measureOrganize(api, ids, size, () => store.indexQueued(), () => store.mergeSearchIndex()))
      store.close()
    } finally {
      if (!kept) await rm(dir, { recursive: true, force: true })
    }
  }
} else if (process.argv[2] === '--engine') {
  // Only the library engine, at the sizes given (10000 unless named), and the CLI's scaling.
  const { measureEngine, measureCliScaling, printEngineTable } = await engineBench()
  const rows = []
  for (const size of process.argv.slice(3).map(Number).filter(Boolean).length ? process.argv.slice(3).map(Number) : [10_000]) rows.push(...(await measureEngine(size, buildLibrary, cliPath())))
  rows.push(...(await measureCliScaling(CLI_SIZES, buildLibrary, cliPath())))
  printEngineTable(rows)
} else {
  const { measureEngine, measureCliScaling, printEngineTable } = await engineBench()
  const engineRows = []
  for (const size of ENGINE_SIZES) engineRows.push(...(await measureEngine(size, buildLibrary, cliPath())))
  engineRows.push(...(await measureCliScaling(CLI_SIZES, buildLibrary, cliPath())))
  printEngineTable(engineRows)
  console.log('')
  const rows: Row[] = [...(await measureCitationsAt10k())]
  const reanchor = await measureReanchoring()
  if (reanchor.anchored !== reanchor.total) throw new Error(`only ${reanchor.anchored} of ${reanchor.total} highlights re-anchored`)
  for (const row of await (await captureBench()).measureCapture()) rows.push({ size: 1, ...row })
  for (const row of await (await pdfBench()).measurePdf()) rows.push({ size: 1, ...row })
  rows.push({ size: 1, ...(await (await connectorBench()).measureConnectorSave()) })
  rows.push({ size: 1, operation: `re-anchor ${reanchor.total} highlights, 10,000-word edited article`, median: reanchor.median, p95: reanchor.p95, target: REANCHOR_TARGET })
  rows.push(await (await syncBench()).measureConflictMerge())
  rows.push(await (await outsidePickupBench()).measureOutsidePickup(PICKUP_SIZE, buildLibrary))
  printTable(rows)
  console.log('')
  const { measureSearch, printSearchTable } = await searchBench()
  for (const size of SEARCH_SIZES) printSearchTable(await measureSearch(size))
}
