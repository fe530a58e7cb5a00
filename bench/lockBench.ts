import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createArchiveService } from '../electron/core/archiveService'
import { readArticleStructure } from '../electron/core/readArticleStructure'
import { ftsSearch } from '../electron/node/library/ftsSearchBinding'
import { createLibraryStore } from '../electron/node/library/libraryStore'
import { fakeArticle } from './fakeArticle'
import { summarize } from './summarize'

const BIB_ENTRIES = 2000
const ARTICLES = 30
const EDITS = 30

/**
 * How long each kind of change holds the library's write lock (from BEGIN IMMEDIATE to COMMIT): what
 * every other process waits for. Issue 12's target is about 100 ms of work at most.
 */
export async function measureLockHolds(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'scriptorium-lock-'))
  let holds: number[] = []
  const store = createLibraryStore(join(dir, 'library'), { search: ftsSearch, onLockReleased: (ms) => holds.push(ms) })
  const api = createArchiveService({ store, readSample: () => Promise.reject(new Error('no sample in the bench')) })
  const rows: { operation: string; count: number; median: number; p95: number; max: number }[] = []
  const measure = async (operation: string, work: () => Promise<unknown>) => {
    holds = []
    await work()
    rows.push({ operation, count: holds.length, ...summarize(holds), max: Math.max(...holds) })
  }
  try {
    await measure(`add ${ARTICLES} text articles, one command each`, async () => {
      for (let n = 0; n < ARTICLES; n++) {
        const article = fakeArticle(n)
        const text = `Title: ${article.title}\nLanguage: en\n\n${article.body}`
        await api.importFiles({ files: [{ name: `article-${n}.txt`, dataBase64: Buffer.from(text).toString('base64') }] })
      }
    })
    const bib = Array.from({ length: BIB_ENTRIES }, (_, n) => {
      const article = fakeArticle(700_000 + n)
      return `@article{lock${n},\n  author = {${article.authors.map((name) => `${name.family}, ${name.given}`).join(' and ')}},\n  title = {${article.title}},\n  journal = {${article.container}},\n  year = {${article.date[0]}}\n}\n`
    }).join('\n')
    await measure(`import a .bib of ${BIB_ENTRIES} entries (chunks of 100)`, () => api.importFiles({ files: [{ name: 'lock.bib', dataBase64: Buffer.from(bib).toString('base64') }] }))
    const items = await api.listItems({})
    await measure(`${EDITS} metadata edits`, async () => {
      for (let n = 0; n < EDITS; n++) await api.updateItem({ id: items[n].id, patch: { title: `Edited ${n}` } })
    })
    const article = items.find((item) => item.wordCount)!
    const { text } = await readArticleStructure((await api.getContent({ id: article.id })).html)
    await measure(`${EDITS} highlights on one article`, async () => {
      for (let n = 0; n < EDITS; n++) {
        const start = text.indexOf(' ', n * 40) + 1
        const end = text.indexOf(' ', start + 15)
        await api.addHighlight({ id: article.id, quote: text.slice(start, end), start, end })
      }
    })
    const trashed = items.slice(0, 500)
    for (const item of trashed) await api.trashItem({ id: item.id })
    await measure(`empty a trash of ${trashed.length} items`, () => api.emptyTrash({}))
  } finally {
    store.close()
    await rm(dir, { recursive: true, force: true })
  }
  console.log('Write lock held per transaction (ms):')
  for (const row of rows) console.log(`${row.operation.padEnd(48)} n=${String(row.count).padEnd(5)} median ${row.median.toFixed(1).padStart(7)}  p95 ${row.p95.toFixed(1).padStart(7)}  max ${row.max.toFixed(1).padStart(7)}`)
}
