import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { createArchiveService } from '../../electron/core/archiveService'
import { PAGE_LIMITS } from '../../electron/core/capture/checkPageComplexity'
import type { ExtractArticle } from '../../electron/core/capture/extractHtmlArticle'
import { extractArticleInWorker } from '../../electron/node/extractArticleInWorker'
import { ftsSearch } from '../../electron/node/library/ftsSearchBinding'
import { createLibraryStore } from '../../electron/node/library/libraryStore'
import { openArchive } from '../../electron/node/openArchive'
import { repoRoot, resourcesDir, useTempDir } from '../support/tempLibrary'

// A real page (see tests/fixtures/pages/SOURCES.md), and two hostile pages made of it.
let page: string
let deepPage: string
/** So deep that Readability cannot finish within the limit on any machine: its cost grows with the square of the depth. */
let deeperPage: string
let hugePage: string
const NO_PRECHECK = { maxDepth: Infinity, maxElements: Infinity }

beforeAll(async () => {
  page = await readFile(join(repoRoot, 'tests/fixtures/pages/wikipedia-mozilla.html'), 'utf8')
  const [head, body] = page.split(/<body[^>]*>/)
  // Readability took 112 s on 2,000 nested divs.
  deepPage = `${head}<body>${'<div>'.repeat(2000)}${body.replace(/<\/body>[\s\S]*$/, '')}${'</div>'.repeat(2000)}</body></html>`
  deeperPage = `${head}<body>${'<div>'.repeat(12000)}${body.replace(/<\/body>[\s\S]*$/, '')}${'</div>'.repeat(12000)}</body></html>`
  // 15 MB, as the page that took 232 s and 1.2 GB.
  hugePage = `${head}<body>${body.replace(/<\/body>[\s\S]*$/, '').repeat(Math.floor((15 * 1024 * 1024) / body.length))}</body></html>`
})

const upload = (name: string, html: string) => ({ name, dataBase64: Buffer.from(html).toString('base64') })

const temp = useTempDir()

describe('untrusted pages get bounded work', () => {
  it('refuses a deeply nested page and a huge page in words, and keeps the other item intact', async () => {
    const api = openArchive({ libraryDir: temp.libraryDir, resourcesDir })
    const { added } = await api.importFiles({ files: [upload('mozilla.html', page)] })
    expect(added.map((item) => item.csl.title)).toEqual(['Mozilla'])
    const before = await api.getContent({ id: added[0].id })

    const report = await api.importFiles({ files: [upload('nested.html', deepPage), upload('huge.html', hugePage)] })
    expect(report.added).toEqual([])
    expect(report.failed.map((failure) => failure.message)).toEqual([
      // The page's own 25 levels, inside 2,000 divs.
      `nested.html is too complex to extract (nested 2,025 levels deep; the limit is ${PAGE_LIMITS.maxDepth}).`,
      expect.stringMatching(new RegExp(`^huge\\.html is too complex to extract \\(about [\\d,]+ elements; the limit is ${PAGE_LIMITS.maxElements.toLocaleString('en-US')}\\)\\.$`)),
    ])
    expect((await api.listItems({})).map((item) => item.id)).toEqual([added[0].id])
    expect(await api.getContent({ id: added[0].id })).toEqual(before)
  })

  it('stops a page that runs past the time limit, while the main thread keeps answering, and extracts the next page', async () => {
    const libraryDir = temp.libraryDir
    const open = (extractArticle?: ExtractArticle): ArchiveApi =>
      createArchiveService({ store: createLibraryStore(libraryDir, { search: ftsSearch }), readSample: () => Promise.reject(new Error('no sample here')), extractArticle })
    // Without the pre-check, the nested page would take Readability minutes.
    const api = open(extractArticleInWorker({ timeLimitMs: 5000, limits: NO_PRECHECK }))
    // A second process's view of the library: one archive runs its own operations one at a time.
    const reader = open()
    const events: string[] = []
    const hostile = api.importFiles({ files: [upload('nested.html', deeperPage)] }).then((report) => {
      events.push('extraction settled')
      return report
    })
    // By then extraction has begun; on this thread, Readability would hold every timer and reply.
    await new Promise((resolve) => setTimeout(resolve, 1000))
    events.push('timer fired')
    await reader.getLibraryInfo({})
    events.push('library info answered')
    const report = await hostile
    expect(events).toEqual(['timer fired', 'library info answered', 'extraction settled'])
    expect(report.failed.map((failure) => failure.message)).toEqual(['nested.html took longer than 5 s to extract and was stopped.'])

    // A fresh worker takes the next page.
    const next = await api.importFiles({ files: [upload('blog-post.html', await readFile(join(repoRoot, 'tests/fixtures/pages/blog-post.html'), 'utf8'))] })
    expect(next.failed).toEqual([])
    expect(next.added).toHaveLength(1)
  })

  it('stops a page that needs more memory than the cap', async () => {
    const extract = extractArticleInWorker({ memoryLimitMb: 128, limits: NO_PRECHECK })
    await expect(extract({ name: 'mozilla.html', bytes: Buffer.from(page) })).resolves.toMatchObject({ article: { csl: { title: 'Mozilla' } } })
    await expect(extract({ name: 'huge.html', bytes: Buffer.from(hugePage) })).rejects.toThrow('huge.html needed more than 128 MB to extract and was stopped.')
  })
})
