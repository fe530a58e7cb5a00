import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Readability } from '@mozilla/readability'
import { JSDOM } from 'jsdom'
import { createArchiveService } from '../electron/core/archiveService'
import { importArticleFromHtml } from '../electron/core/capture/importArticleFromHtml'
import { chunksOf, REFERENCE_CHUNK } from '../electron/core/references/referenceChunks'
import { createLibraryStore } from '../electron/node/library/libraryStore'
import { ftsSearch } from '../electron/node/library/ftsSearchBinding'
import { sanitizeArticleHtml } from '../electron/node/sanitizeArticleHtml'
import { fakeArticle } from './fakeArticle'
import { summarize } from './summarize'

const RUNS = 40
const BULK = 1_000
const BIB_ENTRIES = 2_000
export const IMPORT_TARGET = 25
// Issue 11: a 1,000-entry .bib must import in under 3 s here.
const CLI_BIB_ENTRIES = 1_000
const CLI_BIB_TARGET = 3000
const CLI_RUNS = 3

// From the bench's entry (out/main/bench.js), wherever the bundler puts this module.
const template = readFileSync(resolve(dirname(process.argv[1]), '../../tests/fixtures/pages/news-site.html'), 'utf8')

/** A .bib of `entries` articles, as a researcher's existing library arrives. */
function bibOf(entries: number, first: number): string {
  return Array.from({ length: entries }, (_, index) => {
    const article = fakeArticle(first + index)
    const authors = article.authors.map((name) => `${name.family}, ${name.given}`).join(' and ')
    return `@article{ref${index},\n  author = {${authors}},\n  title = {${article.title}},\n  journal = {${article.container}},\n  year = {${article.date[0]}},\n  url = {${article.url}}\n}\n`
  }).join('\n')
}

/**
 * A news page of a typical weight: the fixture's chrome, 150 navigation links and 80 kB of inline
 * script, as real sites carry, around an article of about 600 words.
 */
export function typicalPage(n: number): string {
  const article = fakeArticle(n)
  const paragraphs = article.body.split('\n\n').slice(1).map((text) => `<p>${text}</p>`).join('\n')
  const navigation = Array.from({ length: 150 }, (_, index) => `<li><a href="/section/${index}">Section ${index}</a></li>`).join('')
  const script = `<script>var bundle = "${'x'.repeat(80_000)}"</script>`
  return template
    .replace(/<title>[^<]*<\/title>/, `<title>${article.title} | Het Dagblad</title>`)
    .replace(/<meta property="og:title"[^>]*>/, `<meta property="og:title" content="${article.title}">`)
    .replace(/(<meta property="og:url" content=")[^"]*/, `$1https://www.hetdagblad.example/a/${n}`)
    .replace('<ul>', `<ul>${navigation}`)
    .replace('</head>', `${script}</head>`)
    .replace(/(<figure>[\s\S]*?<\/figure>)[\s\S]*?(<\/article>)/, `$1\n${paragraphs}\n$2`)
}

export interface CaptureRow {
  operation: string
  median: number
  p95: number
  target?: number
}

async function time(run: () => Promise<unknown> | unknown, runs = RUNS): Promise<{ median: number; p95: number }> {
  await run() // warm: modules loaded, jsdom window made
  const samples: number[] = []
  for (let index = 0; index < runs; index++) {
    const start = performance.now()
    await run()
    samples.push(performance.now() - start)
  }
  return summarize(samples)
}

export async function measureCapture(): Promise<CaptureRow[]> {
  const page = typicalPage(1)
  const kilobytes = Math.round(page.length / 1024)
  const linkedom = await time(() => importArticleFromHtml(page, { name: 'page.html', sanitize: sanitizeArticleHtml }))
  // The same work with jsdom parsing the page for Readability, as the alternative the issue names.
  const jsdom = await time(() => {
    const dom = new JSDOM(page, { url: 'https://www.hetdagblad.example/a/1' })
    const parsed = new Readability(dom.window.document).parse()
    sanitizeArticleHtml(parsed?.content ?? '')
    dom.window.close()
  })

  const dir = await mkdtemp(join(tmpdir(), 'scriptorium-bench-capture-'))
  try {
    const service = createArchiveService({ store: createLibraryStore(join(dir, 'one'), { search: ftsSearch }), readSample: () => Promise.reject(new Error('none')), sanitizeHtml: sanitizeArticleHtml })
    const uploads = Array.from({ length: RUNS + 1 }, (_, index) => ({ name: `page-${index}.html`, dataBase64: Buffer.from(typicalPage(index)).toString('base64') }))
    const imports = await time(async () => {
      const report = await service.importFiles({ files: [uploads.pop()!] })
      if (report.failed.length) throw new Error(report.failed[0].message)
    })

    const bulk = createArchiveService({ store: createLibraryStore(join(dir, 'bulk'), { search: ftsSearch }), readSample: () => Promise.reject(new Error('none')), sanitizeHtml: sanitizeArticleHtml })
    const files = Array.from({ length: BULK }, (_, index) => ({ name: `bulk-${index}.html`, dataBase64: Buffer.from(typicalPage(10_000 + index)).toString('base64') }))
    const start = performance.now()
    for (let index = 0; index < files.length; index += 50) {
      const report = await bulk.importFiles({ files: files.slice(index, index + 50) })
      if (report.failed.length) throw new Error(report.failed[0].message)
    }
    const seconds = (performance.now() - start) / 1000

    // A .bib of 2,000 entries, one item each, as a researcher's existing library arrives.
    const references = createArchiveService({ store: createLibraryStore(join(dir, 'bib'), { search: ftsSearch }), readSample: () => Promise.reject(new Error('none')), sanitizeHtml: sanitizeArticleHtml })
    const bib = bibOf(BIB_ENTRIES, 50_000)
    // As the app and the CLI do it: read once, then add a chunk of entries per call.
    const bibStart = performance.now()
    const file = await references.readReferenceFile({ name: 'library.bib', dataBase64: Buffer.from(bib).toString('base64') })
    const readSeconds = (performance.now() - bibStart) / 1000
    let bibAdded = 0
    for (const entries of chunksOf(file.entries)) {
      const report = await references.addReferences({ name: 'library.bib', format: file.format, encoding: file.encoding, entries })
      if (report.failed.length) throw new Error(report.failed[0].message)
      bibAdded += report.added.length
    }
    const bibSeconds = (performance.now() - bibStart) / 1000
    if (bibAdded !== BIB_ENTRIES) throw new Error(`imported ${bibAdded} of ${BIB_ENTRIES} entries`)

    // The same from a terminal: `scriptorium add library.bib`, a new process each time, its start included.
    const cliBib = join(dir, 'cli.bib')
    await writeFile(cliBib, bibOf(CLI_BIB_ENTRIES, 60_000))
    const cli = resolve(dirname(process.argv[1]), '../../bin/scriptorium.js')
    const cliRuns: number[] = []
    for (let run = 0; run < CLI_RUNS; run++) {
      const start = performance.now()
      execFileSync(process.execPath, [cli, '--library', join(dir, `cli-${run}`), 'add', cliBib], { stdio: 'ignore' })
      cliRuns.push(performance.now() - start)
    }
    return [
      { operation: `extract a ${kilobytes} kB news page: linkedom + Readability + DOMPurify (chosen)`, ...linkedom },
      { operation: `extract the same page: jsdom + Readability + DOMPurify`, ...jsdom },
      { operation: `import a ${kilobytes} kB news page, persisted`, ...imports, target: IMPORT_TARGET },
      {
        operation: `import a .bib of ${BIB_ENTRIES.toLocaleString('en')} entries in chunks of ${REFERENCE_CHUNK}: total ${bibSeconds.toFixed(1)} s, of which reading ${readSeconds.toFixed(1)} s (ms per entry)`,
        median: (bibSeconds * 1000) / BIB_ENTRIES,
        p95: NaN,
      },
      { operation: `scriptorium add of a ${CLI_BIB_ENTRIES.toLocaleString('en')}-entry .bib, a new process (start included)`, ...summarize(cliRuns), target: CLI_BIB_TARGET },
      { operation: `bulk import of ${BULK.toLocaleString('en')} pages: ${(BULK / seconds).toFixed(0)} pages/s, total ${seconds.toFixed(1)} s (ms per page)`, median: (seconds * 1000) / BULK, p95: NaN },
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
